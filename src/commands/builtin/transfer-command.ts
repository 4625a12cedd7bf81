import {
  lockApproval,
  openStepOf,
  transferHolder,
  type ApprovalRecord,
  type HolderRecord,
} from '../../kit/approvals/index.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { personName } from '../../kit/people.js';
import { ALL_REF_PREFIXES } from '../../kit/reference-kinds.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import type { CommandCatalog } from '../command-catalog.js';

/** Who may hand over any holder's step, not only their own (spec 2.5: the office reassigns). */
const REASSIGNING_ROLES = ['office', 'office_director', 'admin'] as const;

/**
 * `转交 <编号> 给:@…` (spec 2.5): one open approval step moves to someone else — by its holder
 * (their own slot), or by the office (any slot; `从:` names whose when several hold the step). The
 * old card closes saying to whom, the new holder gets the card and the work item, the audit says why.
 */
export function transferCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '转交',
      summary: '把您手上的一项（审批或督办事项）交给别人处理（综合办公室可转交任何人的）',
      example: '转交 Y12 给:@lihua 原因:出差一周',
      ref: { prefixes: ALL_REF_PREFIXES, required: true, question: '要转交哪一项？' },
      freeText: 'none',
    },
    fields: {
      给: field.person({ aliases: ['转给', '交给'], required: true, question: '转交给谁？请写姓名或 @企业微信账号。' }),
      从: field.person({ aliases: ['原处理人'], question: '转交谁手上的这一步？' }),
      原因: field.text({ aliases: ['说明'] }),
    },
    async execute(ctx, { ref, values }) {
      const itemRef = ref.toUpperCase();
      const target = await ctx.tx.approval.findFirst({
        where: { orgId: ctx.orgId, itemRef, state: 'open' },
        select: { workflow: true, itemId: true, purpose: true },
      });
      const owner = getCatalog().moduleForRef(itemRef);
      // an item whose own work moves (a task's owner) goes to its workflow, unless the sender means
      // an open approval step: one they hold, or one `从:` names
      if (owner?.transfer && !(target && (await meansApprovalStep(ctx, target, values.从?.userId)))) {
        await owner.transfer(ctx, itemRef, { to: values.给, ...(values.原因 ? { reason: values.原因 } : {}) });
        return;
      }
      if (!target)
        throw refusal('NOT_FOUND', `${itemRef} 现在没有等待审批的步骤，无需转交。发送「查询 ${itemRef}」查看状态。`);
      const module = getCatalog().moduleById(target.workflow);
      const approval = await lockCardsThenItem(ctx, target, () => lockApproval(ctx, target));
      const step = approval && openStepOf(approval);
      if (!approval || !step || !module?.approvalPresenter)
        throw refusal('CONFLICT', `${ref.toUpperCase()} 刚刚有了变化，现在没有等待审批的步骤。`);
      const holder = whoseSlot(ctx, approval, step.holders, values.从?.userId);
      const to = values.给;
      if (!to.isActive) throw refusal('INVALID_INPUT', `${to.name}已不在通讯录中，不能转交给他。`);
      if (to.userId === holder.userId) throw refusal('INVALID_INPUT', `这一步本来就由${to.name}处理，无需转交。`);
      const reason = values.原因 ?? `${ctx.actor.name}转交`;
      await transferHolder(
        ctx,
        approval,
        { holder, toUserId: to.userId, action: 'transfer', reason },
        await module.approvalPresenter(ctx, approval.itemId, approval.purpose),
      );
      await ctx.reply(
        `已把 ${approval.itemRef} 的「${step.name}」从${personName(ctx.directory, holder.userId)}转交给${to.name}，卡片已发给${to.name}。`,
      );
    },
  });
}

/** Does the sender mean a step of this open approval: one they hold now, or the one `从:` names? */
async function meansApprovalStep(
  ctx: ActorContext,
  target: { workflow: string; itemId: string; purpose: string },
  named: string | undefined,
): Promise<boolean> {
  const pending = await ctx.tx.approvalHolder.findMany({
    where: {
      orgId: ctx.orgId,
      state: 'pending',
      step: { state: 'open', approval: { workflow: target.workflow, itemId: target.itemId, purpose: target.purpose } },
    },
    select: { userId: true },
  });
  return pending.some((holder) => holder.userId === (named ?? ctx.actor.userId));
}

/** The slot that moves: the actor's own, or (for the office) the one named, or the only one. */
function whoseSlot(
  ctx: ActorContext,
  approval: ApprovalRecord,
  holders: HolderRecord[],
  named: string | undefined,
): HolderRecord {
  const pending = holders.filter((holder) => holder.state === 'pending');
  const own = pending.find((holder) => holder.userId === ctx.actor.userId);
  const mayReassign = REASSIGNING_ROLES.some((role) => ctx.actor.roles.includes(role));
  if (named) {
    const slot = pending.find((holder) => holder.userId === named);
    if (!slot)
      throw refusal(
        'INVALID_INPUT',
        `${approval.itemRef} 现在不在${personName(ctx.directory, named)}手上。正在处理的是：${names(ctx, pending)}。`,
      );
    if (slot !== own && !mayReassign)
      throw refusal('NOT_ALLOWED', `只能转交您自己手上的事项；转交别人的请联系综合办公室。`);
    return slot;
  }
  if (own) return own;
  if (!mayReassign)
    throw refusal('NOT_ALLOWED', `${approval.itemRef} 现在不在您手上，只有处理人或综合办公室可以转交。`);
  if (pending.length === 1) return pending[0]!;
  throw refusal(
    'INVALID_INPUT',
    `${approval.itemRef} 这一步有${pending.length}人在处理：${names(ctx, pending)}。请用「从:」指明转交谁的，例如「转交 ${approval.itemRef} 从:@${pending[0]!.userId} 给:@…」。`,
  );
}

function names(ctx: ActorContext, holders: HolderRecord[]): string {
  return holders.map((holder) => personName(ctx.directory, holder.userId)).join('、');
}
