import { approvalOfQuestion, askDecisionReason, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import { refusal } from '../../shared/errors.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { decideApproval, holderIdOfCard, type ApprovalProgress, type StepFacts } from '../../kit/approvals/index.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import type { ActorContext } from '../../kit/context.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { personName } from '../../kit/people.js';
import { tell } from '../../kit/notify.js';
import { approvalsSoFar, giveToKeeper, sealPresenter } from './seal-approval.js';
import { waitingNames } from './open-seal-request.js';
import {
  findSuspension,
  lockSealRequest,
  moveSealRequest,
  SEAL_WORKFLOW_ID,
  type SealRequest,
} from './seal-request-store.js';

async function lockForCard(ctx: ActorContext, card: CardRecord): Promise<{ request: SealRequest; holderId: string }> {
  const request = await lockSealRequest(ctx.tx, ctx.orgId, { id: card.itemId });
  const holderId = holderIdOfCard(card.sentForState);
  if (!request || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  return { request, holderId };
}

function stepLabel(step: StepFacts): string {
  return `第${step.number}步（${step.name}）`;
}

/** [同意] on an approval card: the engine records the decision; the request follows its progress. */
export async function approveSealStep(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { request, holderId } = await lockForCard(ctx, card);
  const suspension = await findSuspension(ctx.tx, ctx.orgId, request.sealId);
  if (suspension && request.state === 'in_approval')
    throw refusal(
      'CONFLICT',
      `印章「${request.sealName}」已暂停使用（${suspension.reason}），暂不能审批。印章恢复后可再点这张卡片。`,
    );
  const { progress, decided } = await decideApproval(ctx, holderId, 'approve', null, sealPresenter(ctx, request));
  const resultText = decisionStamp('已同意', ctx.actor.name, ctx.clock.now(), ctx.timezone);
  await followApproval(ctx, request, progress, `${stepLabel(decided)}同意`);
  return { kind: 'applied', resultText };
}

/** Moves the request as its approval moved: still in approval, or on to the keeper. */
async function followApproval(
  ctx: ActorContext,
  request: SealRequest,
  progress: ApprovalProgress,
  decided: string,
): Promise<void> {
  if (progress.outcome === 'approved') {
    const approved = await moveSealRequest(ctx, request, 'approve_final', {}, { comment: `${decided}，审批完成` });
    await giveToKeeper(ctx, approved, await approvalsSoFar(ctx, approved));
    await tell(
      ctx,
      request.applicantId,
      `您的用印申请 ${sealRequestLabel(request)}已全部审批通过（最后由${ctx.actor.name}同意）。请携带文件到综合办公室找${personName(ctx.directory, request.keeperId)}用印。`,
    );
    return;
  }
  if (progress.outcome !== 'waiting') return;
  const next = waitingNames(ctx, progress);
  await moveSealRequest(
    ctx,
    request,
    'approve_step',
    {},
    {
      comment: progress.isNewStep
        ? `${decided}，转第${progress.step.number}步：${next}`
        : `${decided}，还需${next}同意`,
    },
  );
  if (progress.isNewStep)
    await tell(
      ctx,
      request.applicantId,
      `${request.ref}：${ctx.actor.name}已同意，现在等待${next}（${progress.step.name}）审批。`,
    );
}

/** [驳回]: the reason is asked for in chat; nothing changes until it arrives (spec 2.6). */
export async function askRejectionReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { request } = await lockForCard(ctx, card);
  if (request.state !== 'in_approval')
    throw refusal('CONFLICT', `${request.ref} 已不在审批中，这张卡片已失效。`, { isCardStale: true });
  return askDecisionReason(ctx, {
    workflow: SEAL_WORKFLOW_ID,
    continuation: 'reject',
    card,
    context: { requestId: request.id },
    decision: '驳回',
    ref: request.ref,
    question: `驳回 ${sealRequestLabel(request)}的原因是什么？`,
    toldTo: '申请人',
    standing: '仍在等您审批',
  });
}

/** The reason arrived: the engine checks again that nothing moved meanwhile, then it is rejected. */
export async function rejectWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const found = await approvalOfQuestion(ctx, context, (id) => lockSealRequest(ctx.tx, ctx.orgId, { id }));
  if (!found || !reason)
    throw refusal('NOT_FOUND', '驳回没有生效：找不到这件用印申请或它的卡片。发送「我的待办」查看待处理事项。');
  const { item: request, holderId } = found;
  const { decided } = await decideAfterReason('驳回没有生效：', () =>
    decideApproval(ctx, holderId, 'reject', reason, sealPresenter(ctx, request)),
  );
  await moveSealRequest(
    ctx,
    request,
    'reject',
    { closingReason: reason },
    { comment: `${stepLabel(decided)}驳回：${reason}`, via: 'card' },
  );
  await tell(
    ctx,
    request.applicantId,
    `您的用印申请 ${sealRequestLabel(request)}被${ctx.actor.name}驳回。\n原因：${reason}\n如需继续，请修改后重新发送「用印」。`,
  );
  await ctx.reply(`已驳回 ${request.ref}，并已把原因告诉申请人。`);
}
