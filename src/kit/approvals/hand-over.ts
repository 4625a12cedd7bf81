import { lockCardsThenItem } from '../cards/close-card.js';
import type { BaseContext } from '../context.js';
import { tell } from '../notify.js';
import { personName } from '../people.js';
import { recordAudit } from '../record-audit.js';
import { openWorkItem } from '../work-items.js';
import { holdersOfRule, isSinglePersonRule } from './approval-rules.js';
import {
  findApproval,
  lockApproval,
  openStepOf,
  type ApprovalRecord,
  type HolderRecord,
  type StepRecord,
} from './approval-records.js';
import type { ApprovalPresenter, PresenterLookup } from './approval-presenter.js';
import { requesterOf } from './decide-approval.js';
import { giveStepToHolder } from './hold-step.js';
import { releaseSlot } from './release-slot.js';
import { transferHolder } from './transfer-holder.js';

export const HANDOVER_REASON = '人员变动';

/**
 * Re-resolves every open approval step from today's directory (spec 2.5, issue 9: people leave,
 * heads change): a holder who no longer holds their rule is replaced by whoever does now (the card
 * moves, the audit records it); a `role:` step drops people who lost the role and adds those who
 * gained it; a holder nobody can replace (a named person who left) goes to the office as
 * 待重新指派. Idempotent: a second pass over the same directory moves nothing. Returns how many
 * slots it moved or sent for reassignment.
 */
export async function handOverApprovals(ctx: BaseContext, presenterFor: PresenterLookup): Promise<number> {
  const open = await ctx.tx.approval.findMany({
    where: { orgId: ctx.orgId, state: 'open' },
    select: { workflow: true, itemId: true, purpose: true },
    orderBy: { createdAt: 'asc' },
  });
  let moved = 0;
  for (const key of open) {
    // Read first, lock only what changes: taps on every other item go on while the pass runs.
    if (!changesFor(ctx, await findApproval(ctx, key))) continue;
    const approval = await lockCardsThenItem(ctx, key, () => lockApproval(ctx, key));
    const change = changesFor(ctx, approval);
    if (!approval || !change) continue;
    const present = await presenterFor(ctx, approval);
    moved += await handOverStep(ctx, approval, change.step, change.stale, change.joining, present);
  }
  return moved;
}

/** What the directory changed for this approval's open step, or undefined when nothing. */
function changesFor(ctx: BaseContext, approval: ApprovalRecord | undefined) {
  const step = approval && openStepOf(approval);
  if (!approval || !step) return undefined;
  const stale = step.holders.filter((holder) => holder.state === 'pending' && !holdsStill(ctx, approval, holder));
  const joining = newRoleHolders(ctx, approval, step);
  return stale.length > 0 || joining.length > 0 ? { step, stale, joining } : undefined;
}

function holdsStill(ctx: BaseContext, approval: ApprovalRecord, holder: HolderRecord): boolean {
  return holdersOfRule(holder.rule, requesterOf(ctx, approval), ctx.directory).includes(holder.userId);
}

/**
 * People who hold a `role:` step's role now and never had a slot of this step: whoever's slot was
 * transferred away (转交) or who already decided (a 会签 by a role) is not given the step again.
 */
function newRoleHolders(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord,
): { userId: string; rule: HolderRecord['rule'] }[] {
  if (!step.holders.some((holder) => holder.state === 'pending')) return [];
  const current = new Set(step.holders.map((holder) => holder.userId));
  const roleRules = [
    ...new Set(
      step.holders
        .filter((holder) => holder.state === 'pending' && !isSinglePersonRule(holder.rule))
        .map((holder) => holder.rule),
    ),
  ];
  return roleRules.flatMap((rule) =>
    holdersOfRule(rule, requesterOf(ctx, approval), ctx.directory)
      .filter((userId) => !current.has(userId) && userId !== approval.requesterId)
      .map((userId) => ({ userId, rule })),
  );
}

async function handOverStep(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord,
  stale: HolderRecord[],
  joining: { userId: string; rule: HolderRecord['rule'] }[],
  present: ApprovalPresenter,
): Promise<number> {
  let moved = 0;
  const requester = requesterOf(ctx, approval);
  let pending = step.holders.filter((holder) => holder.state === 'pending').map((holder) => holder.userId);
  for (const holder of stale) {
    const replacement = isSinglePersonRule(holder.rule)
      ? holdersOfRule(holder.rule, requester, ctx.directory).find((userId) => userId !== approval.requesterId)
      : undefined;
    if (replacement && !pending.includes(replacement)) {
      await transferHolder(
        ctx,
        approval,
        { holder, toUserId: replacement, rule: holder.rule, action: 'hand_over', reason: HANDOVER_REASON },
        present,
      );
      pending = [...pending.filter((userId) => userId !== holder.userId), replacement];
      moved += 1;
    } else if (replacement || (!isSinglePersonRule(holder.rule) && pending.length + joining.length > 1)) {
      // someone else holds this step already (the new head holds another of its slots, or the role
      // still has people): this slot just ends
      await dropHolder(ctx, approval, step, holder);
      pending = pending.filter((userId) => userId !== holder.userId);
      moved += 1;
    } else if (await sendForReassignment(ctx, approval, step, holder, present)) {
      moved += 1;
    }
  }
  for (const joiner of joining) {
    const created = await ctx.tx.approvalHolder.create({
      data: { orgId: ctx.orgId, stepId: step.id, userId: joiner.userId, rule: joiner.rule, state: 'pending' },
    });
    await giveStepToHolder(ctx, approval, step, { id: created.id.toString(), userId: joiner.userId }, present);
    await recordAudit(ctx, {
      itemType: approval.workflow,
      itemRef: approval.itemRef,
      action: 'hand_over',
      comment: `${step.name}：增加${personName(ctx.directory, joiner.userId)}（${HANDOVER_REASON}）`,
    });
    moved += 1;
  }
  return moved;
}

async function dropHolder(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord,
  holder: HolderRecord,
): Promise<void> {
  await releaseSlot(ctx, approval, holder, {
    to: { state: 'handed_over', comment: HANDOVER_REASON },
    card: { status: 'stale', stamp: `已不需要您处理（${HANDOVER_REASON}）` },
  });
  await recordAudit(ctx, {
    itemType: approval.workflow,
    itemRef: approval.itemRef,
    action: 'hand_over',
    comment: `${step.name}：${personName(ctx.directory, holder.userId)}不再处理（${HANDOVER_REASON}）`,
  });
}

/** Who the office is, for 待重新指派: the office staff, else its director, else the administrators. */
function officePeople(ctx: BaseContext): string[] {
  for (const role of ['office', 'office_director', 'admin'] as const) {
    const people = ctx.directory.peopleWithRole(role).map((person) => person.userId);
    if (people.length > 0) return people;
  }
  return [];
}

/**
 * Nobody else holds the slot's rule any more (a named approver who left, or a head's post went to
 * the requester, who cannot approve their own request): the slot stays, its card and
 * work item close, and the office gets a 待重新指派 work item and one message naming the command.
 * Says whether it was new (a second pass finds the items open and does nothing).
 */
async function sendForReassignment(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord,
  holder: HolderRecord,
  present: ApprovalPresenter,
): Promise<boolean> {
  const office = officePeople(ctx);
  let isNew = false;
  for (const userId of office) {
    const opened = await openWorkItem(ctx, {
      ...present.workItem,
      action: '待重新指派',
      subject: `${present.workItem.subject}（${step.name}原由${personName(ctx.directory, holder.userId)}处理）`,
      workflow: approval.workflow,
      itemId: approval.itemId,
      itemRef: approval.itemRef,
      kind: 'reassign',
      sourceId: `${holder.id}@${userId}`,
      holderId: userId,
    });
    isNew ||= opened;
  }
  if (!isNew) return false;
  await releaseSlot(ctx, approval, holder, {
    card: { status: 'stale', stamp: `待重新指派（${HANDOVER_REASON}）` },
    endsReassignment: false,
  });
  const name = personName(ctx.directory, holder.userId);
  // they left, or are still here but no longer hold the step (its new holder is the requester)
  const why = ctx.directory.person(holder.userId)?.isActive ? `${name}已不再负责这一步` : `${name}已不在通讯录中`;
  for (const userId of office)
    await tell(
      ctx,
      userId,
      `${approval.itemRef} 的「${step.name}」原由${name}处理，${why}，需要重新指派。请发送「转交 ${approval.itemRef} 给:@新的处理人」。`,
    );
  await recordAudit(ctx, {
    itemType: approval.workflow,
    itemRef: approval.itemRef,
    action: 'hand_over',
    comment: `${step.name}：${why}，待综合办公室重新指派`,
  });
  return true;
}
