import { cardOfQuestion } from '../../kit/cards/decide-after-reason.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { closeCard, decisionStamp } from '../../kit/cards/close-card.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { refusal } from '../../shared/errors.js';
import { fullTime } from '../../kit/format-time.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import type { ActorContext } from '../../kit/context.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { tell } from '../../kit/notify.js';
import { appendToRegister } from './seal-register.js';
import { SEAL_MACHINE } from './seal-machine.js';
import { closeKeeperWork, sealApprovalKey } from './seal-approval.js';
import { approvalsGiven } from '../../kit/approvals/index.js';
import {
  findSuspension,
  lockSealRequest,
  lockSealRequestOrRefuse,
  moveSealRequest,
  SEAL_WORKFLOW_ID,
  type SealRequest,
} from './seal-request-store.js';

/**
 * Why the keeper cannot stamp now, or undefined when they can. A suspended seal blocks the use but
 * keeps the keeper's card: it works again once the seal is restored.
 */
async function refusalToStamp(
  ctx: ActorContext,
  request: SealRequest,
): Promise<{ reason: string; isStale: boolean } | undefined> {
  const isKeeper =
    request.keeperId === ctx.actor.userId || ctx.directory.seal(request.sealId)?.keeper === ctx.actor.userId;
  if (!isKeeper) return { reason: `${request.ref} 由印章管理员处理，您不能确认用印。`, isStale: false };
  const suspension = await findSuspension(ctx.tx, ctx.orgId, request.sealId);
  if (request.state === 'blocked' || suspension) {
    return {
      reason: `印章「${request.sealName}」已暂停使用（${suspension?.reason ?? '见印章异常报告'}），${request.ref} 暂不能用印。恢复后可再确认。`,
      isStale: false,
    };
  }
  if (request.state !== 'approved')
    return {
      reason: `${request.ref} 当前状态为「${stateLabel(SEAL_MACHINE, request.state)}」，不能确认用印。`,
      isStale: true,
    };
  return undefined;
}

/**
 * Records the use: copies stamped (never more than approved — a new request is needed for more),
 * the register record, the audit, the applicant told; the keeper's open card is answered.
 */
async function recordUse(ctx: ActorContext, request: SealRequest, stampedCopies: number): Promise<string> {
  if (stampedCopies > request.copies) {
    throw refusal(
      'INVALID_INPUT',
      `${request.ref} 只批准了${request.copies}份，不能登记${stampedCopies}份。多出的份数需要申请人另行提交「用印」申请。`,
    );
  }
  const now = ctx.clock.now();
  const approvers = await approvalsGiven(ctx, sealApprovalKey(request));
  const entry = await appendToRegister(ctx.tx, ctx.orgId, {
    requestRef: request.ref,
    sealId: request.sealId,
    sealName: request.sealName,
    document: request.document,
    copies: stampedCopies,
    applicantId: request.applicantId,
    approverIds: approvers.map((approval) => approval.userId).join('|'),
    keeperId: ctx.actor.userId,
    usedAt: now,
  });
  const fewer = stampedCopies < request.copies ? `（批准${request.copies}份，实际${stampedCopies}份）` : '';
  await moveSealRequest(
    ctx,
    request,
    'stamp',
    { stampedCopies, usedAt: now },
    {
      comment: `用印${stampedCopies}份${fewer}，登记第${entry.seq}号`,
    },
  );
  await closeWorkItems(ctx, { kind: 'seal_use', sourceId: request.id });
  await tell(
    ctx,
    request.applicantId,
    `${request.ref} 已用印：${request.sealName} ${stampedCopies}份${fewer}，${ctx.actor.name} ${fullTime(now, ctx.timezone)} 登记（用印登记第${entry.seq}号）。`,
  );
  return decisionStamp(`已用印 ${stampedCopies}份`, ctx.actor.name, now, ctx.timezone);
}

/** [已用印] on the keeper's card: the approved number of copies. */
export async function stampFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const request = await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId });
  if (!request) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  const cannotStamp = await refusalToStamp(ctx, request);
  if (cannotStamp) throw refusal('CONFLICT', cannotStamp.reason, { isCardStale: cannotStamp.isStale });
  return { kind: 'applied', resultText: await recordUse(ctx, request, request.copies) };
}

/** `已用印 Y12 份数:2`: the same as the card, with the copies actually stamped. */
export const confirmSealUse = defineCommand({
  spec: {
    keyword: '已用印',
    summary: '印章管理员登记一次用印（实际份数少于批准份数时写明份数）',
    example: '已用印 Y12 份数:2',
    roles: ['seal_keeper'],
    ref: { prefixes: ['Y'], required: true, question: '登记哪一项的用印？' },
    freeText: 'none',
  },
  fields: { 份数: field.count({ aliases: ['实际份数'] }) },
  async execute(ctx, { ref, values }) {
    const request = await lockSealRequestOrRefuse(ctx.tx, ctx.orgId, ref);
    const cannotStamp = await refusalToStamp(ctx, request);
    if (cannotStamp) throw refusal('CONFLICT', cannotStamp.reason);
    const copies = values.份数 ?? request.copies;
    const resultText = await recordUse(ctx, request, copies);
    await closeKeeperWork(ctx, request, 'answered', resultText);
    await ctx.reply(`已登记 ${request.ref} 用印${copies}份。`);
  },
});

/** [无法用印]: asks why, then closes the request and tells the applicant. */
export async function askWhyNotStamped(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const request = await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId });
  if (!request) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  if (request.state !== 'approved') {
    throw refusal(
      'CONFLICT',
      `${request.ref} 当前状态为「${stateLabel(SEAL_MACHINE, request.state)}」，这张卡片已失效。`,
      { isCardStale: true },
    );
  }
  await askInChat(ctx, {
    workflow: SEAL_WORKFLOW_ID,
    continuation: 'cannot_stamp',
    context: { taskId: card.taskId, requestId: request.id },
    question: `${sealRequestLabel(request)}为什么无法用印？`,
    hint: '原因会转告申请人。请直接回复；回复「取消」放弃。',
    reminder: `${request.ref} 无法用印的原因还在等您回复。请直接回复原因，或回复「取消」放弃。`,
    abandonedNote: `已放弃，${request.ref} 仍待用印。`,
  });
  return { kind: 'awaiting_reason' };
}

export async function closeNotStamped(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = await cardOfQuestion(ctx, context);
  const request = card ? await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId }) : undefined;
  if (!card || !request || !reason)
    throw refusal('NOT_FOUND', '没有生效：找不到这件用印申请或它的卡片。发送「我的待办」查看待处理事项。');
  if (card.status !== 'open' || request.state !== 'approved') {
    throw refusal('CONFLICT', `没有生效：${request.ref} 当前状态为「${stateLabel(SEAL_MACHINE, request.state)}」。`);
  }
  const now = ctx.clock.now();
  await moveSealRequest(ctx, request, 'cannot_stamp', { closingReason: reason }, { comment: reason, via: 'card' });
  await closeCard(ctx, card, 'answered', decisionStamp('无法用印', ctx.actor.name, now, ctx.timezone));
  await closeKeeperWork(ctx, request, 'answered', decisionStamp('无法用印', ctx.actor.name, now, ctx.timezone));
  await tell(
    ctx,
    request.applicantId,
    `${sealRequestLabel(request)}无法用印（${ctx.actor.name}）。\n原因：${reason}\n如仍需盖章，请处理后重新发送「用印」。`,
  );
  await ctx.reply(`已记录 ${request.ref} 无法用印，并已告诉申请人。`);
}
