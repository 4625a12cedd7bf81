import { refusal } from '../../shared/errors.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import { closeCard, decisionStamp } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { recordAudit } from '../../kit/record-audit.js';
import { planTransition, stateLabel } from '../../kit/state-machine.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import type { ActorContext } from '../../kit/context.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { personName } from '../../kit/people.js';
import { tell } from '../../kit/notify.js';
import { approvalCardState, SEAL_MACHINE, stepName } from './seal-machine.js';
import { chainOf, findSuspension, lockSealRequest, moveSealRequest, type SealRequest } from './seal-request-store.js';
import { SEAL_WORKFLOW_ID, sendApprovalCard, sendKeeperCard } from './send-seal-cards.js';

/**
 * Is the card still about the step the request is waiting on? A card for step 1 after step 1 was
 * decided, or for a request that was cancelled, is stale: the tap changes nothing.
 */
function staleReason(request: SealRequest, card: CardRecord): string | undefined {
  if (request.state === 'in_approval' && approvalCardState(request.currentStep) === card.sentForState) return undefined;
  return `${request.ref} 已不在这一步审批（当前：${stateLabel(SEAL_MACHINE, request.state)}），这张卡片已失效。`;
}

/** [同意] on an approval card. */
export async function approveSealStep(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const request = await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId });
  if (!request) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  const stale = staleReason(request, card);
  if (stale) throw refusal('CONFLICT', stale, { isCardStale: true });
  const suspension = await findSuspension(ctx.tx, ctx.orgId, request.sealId);
  if (suspension)
    throw refusal(
      'CONFLICT',
      `印章「${request.sealName}」已暂停使用（${suspension.reason}），暂不能审批。印章恢复后可再点这张卡片。`,
    );

  const now = ctx.clock.now();
  const chain = chainOf(request);
  const step = chain[request.currentStep]!;
  await ctx.tx.sealDecision.create({
    data: {
      requestId: request.id,
      stepIndex: request.currentStep,
      step: step.step,
      approverId: ctx.actor.userId,
      decision: 'approved',
      decidedAt: now,
    },
  });
  const isLast = request.currentStep === chain.length - 1;
  const resultText = decisionStamp('已同意', ctx.actor.name, now, ctx.timezone);

  if (isLast) {
    const approved = await moveSealRequest(
      ctx.tx,
      request,
      planTransition(SEAL_MACHINE, 'in_approval', 'approve_final', request.ref),
      { holderId: request.keeperId },
      now,
    );
    await recordAudit(ctx, {
      itemType: 'seal',
      itemRef: request.ref,
      action: 'approve',
      fromState: 'in_approval',
      toState: 'approved',
      comment: `第${request.currentStep + 1}步（${stepName(step.step)}）同意，审批完成`,
    });
    await sendKeeperCard(ctx, approved);
    await tell(
      ctx,
      request.applicantId,
      `您的用印申请 ${sealRequestLabel(request)}已全部审批通过（最后由${ctx.actor.name}同意）。请携带文件到综合办公室找${personName(ctx.directory, request.keeperId)}用印。`,
    );
    return { kind: 'applied', resultText };
  }

  const nextStep = request.currentStep + 1;
  const moved = await moveSealRequest(
    ctx.tx,
    request,
    planTransition(SEAL_MACHINE, 'in_approval', 'approve_step', request.ref),
    { currentStep: nextStep, holderId: chain[nextStep]!.userId },
    now,
  );
  await recordAudit(ctx, {
    itemType: 'seal',
    itemRef: request.ref,
    action: 'approve',
    fromState: 'in_approval',
    toState: 'in_approval',
    comment: `第${request.currentStep + 1}步（${stepName(step.step)}）同意，转第${nextStep + 1}步：${personName(ctx.directory, chain[nextStep]!.userId)}`,
  });
  await sendApprovalCard(ctx, moved);
  await tell(
    ctx,
    request.applicantId,
    `${request.ref}：${ctx.actor.name}已同意，现在等待${personName(ctx.directory, chain[nextStep]!.userId)}（${stepName(chain[nextStep]!.step)}）审批。`,
  );
  return { kind: 'applied', resultText };
}

/** [驳回]: the reason is asked for in chat; nothing changes until it arrives (spec 2.6). */
export async function askRejectionReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const request = await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId });
  if (!request) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  const stale = staleReason(request, card);
  if (stale) throw refusal('CONFLICT', stale, { isCardStale: true });
  await askInChat(ctx, {
    workflow: SEAL_WORKFLOW_ID,
    continuation: 'reject',
    context: { taskId: card.taskId, requestId: request.id },
    question: `驳回 ${sealRequestLabel(request)}的原因是什么？`,
    hint: '原因会转告申请人。请直接回复；回复「取消」放弃驳回。',
    reminder: `驳回 ${request.ref} 的原因还在等您回复。请直接回复原因，或回复「取消」放弃驳回。`,
    abandonedNote: `已放弃驳回，${request.ref} 仍在等您审批。`,
  });
  return { kind: 'awaiting_reason' };
}

/** The reason arrived: check again that nothing moved meanwhile, then reject. */
export async function rejectWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = (await ctx.tx.card.findUnique({ where: { taskId: context.taskId ?? '' } })) as CardRecord | null;
  const request = card ? await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId }) : undefined;
  if (!card || !request || !reason)
    throw refusal('NOT_FOUND', '驳回没有生效：找不到这件用印申请或它的卡片。发送「我的待办」查看待处理事项。');
  const stale = card.status === 'open' ? staleReason(request, card) : `${request.ref} 的这张卡片已处理过。`;
  if (stale) throw refusal('CONFLICT', `驳回没有生效：${stale}`);
  const now = ctx.clock.now();
  const step = chainOf(request)[request.currentStep]!;
  await ctx.tx.sealDecision.create({
    data: {
      requestId: request.id,
      stepIndex: request.currentStep,
      step: step.step,
      approverId: ctx.actor.userId,
      decision: 'rejected',
      comment: reason,
      decidedAt: now,
    },
  });
  await moveSealRequest(
    ctx.tx,
    request,
    planTransition(SEAL_MACHINE, 'in_approval', 'reject', request.ref),
    { holderId: null, closingReason: reason },
    now,
  );
  await recordAudit(ctx, {
    itemType: 'seal',
    itemRef: request.ref,
    action: 'reject',
    fromState: 'in_approval',
    toState: 'rejected',
    comment: reason,
    via: 'card',
  });
  await closeCard(ctx, card, 'answered', decisionStamp('已驳回', ctx.actor.name, now, ctx.timezone));
  await tell(
    ctx,
    request.applicantId,
    `您的用印申请 ${sealRequestLabel(request)}被${ctx.actor.name}驳回。\n原因：${reason}\n如需继续，请修改后重新发送「用印」。`,
  );
  await ctx.reply(`已驳回 ${request.ref}，并已把原因告诉申请人。`);
}
