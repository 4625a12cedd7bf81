import { cancelApproval } from '../../kit/approvals/index.js';
import { closeItemCards, lockCardsThenItem } from '../../kit/cards/close-card.js';
import { refusal } from '../../shared/errors.js';
import { planTransition, stateLabel } from '../../kit/state-machine.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import type { SealRequestStatus } from '../../kit/offers.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { tell } from '../../kit/notify.js';
import { SEAL_MACHINE, type SealState } from './seal-machine.js';
import { sealApprovalKey } from './seal-approval.js';
import {
  lockSealRequestOrRefuse,
  moveSealRequest,
  relationsTo,
  SEAL_WORKFLOW_ID,
  stateOf,
  type SealRequest,
} from './seal-request-store.js';

/** What a request that may still be withdrawn is waiting for, said when a withdrawal is abandoned. */
const STANDING: Partial<Record<SealState, string>> = {
  submitted: '仍在审批中',
  in_approval: '仍在审批中',
  approved: '仍待用印',
  blocked: '仍在等印章恢复',
};

/**
 * May the actor withdraw `ref`? Asked before the reason is: not found, not the applicant, or a state
 * that cannot be withdrawn is refused at once. Read without a lock: cancelSealRequest checks again.
 */
export async function maySealRequestBeCancelled(ctx: ActorContext, ref: string): Promise<{ standing: string }> {
  const request = await ctx.tx.sealRequest.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
  if (!request) throw refusal('NOT_FOUND', `没有找到 ${ref.toUpperCase()}，请核对编号。`);
  if (request.applicantId !== ctx.actor.userId) throw refusal('NOT_ALLOWED', `${request.ref} 只能由申请人撤回。`);
  const plan = planTransition(SEAL_MACHINE, stateOf(request), 'cancel', request.ref, relationsTo(ctx, request));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
  return { standing: `${request.ref} ${STANDING[stateOf(request)] ?? '没有变化'}` };
}

/** `取消 Y12 原因:…` by the applicant: withdrawn before it is used; every open card is greyed out. */
export async function cancelSealRequest(ctx: ActorContext, ref: string, reason: string): Promise<void> {
  const request = await lockSealRequestWithCards(ctx, ref);
  if (request.applicantId !== ctx.actor.userId) throw refusal('NOT_ALLOWED', `${request.ref} 只能由申请人撤回。`);
  await withdrawSealRequest(ctx, request, reason, { stamp: '申请人已撤回', told: `已由申请人${ctx.actor.name}撤回` });
  await ctx.reply(`已撤回 ${sealRequestLabel(request)}。`);
}

/**
 * The seal request of an item that was cancelled (a 发文 cancelled after sign-off, kit/offers.ts):
 * withdrawn as its applicant's 取消 would, whoever cancelled the item; left as it is once stamped
 * or closed. Says where it stands.
 */
export async function cancelSealRequestFor(
  ctx: BaseContext,
  input: { ref: string; reason: string },
): Promise<SealRequestStatus> {
  const request = await lockSealRequestWithCards(ctx, input.ref);
  if (planTransition(SEAL_MACHINE, stateOf(request), 'cancel', request.ref).isAllowed) {
    const cancelled = await withdrawSealRequest(ctx, request, input.reason, {
      stamp: `${request.relatedRef ?? '关联事项'}已撤销`,
      told: `因 ${request.relatedRef ?? '关联事项'} 撤销而撤回`,
    });
    return sealRequestStatusOf(cancelled);
  }
  return sealRequestStatusOf(request);
}

/** Where a request stands, as the item it was opened for shows it. */
export function sealRequestStatusOf(request: SealRequest): SealRequestStatus {
  const state = stateOf(request);
  return {
    label: stateLabel(SEAL_MACHINE, state),
    isStamped: request.usedAt !== null,
    isOpen: ['submitted', 'in_approval', 'approved', 'blocked'].includes(state),
  };
}

async function lockSealRequestWithCards(ctx: BaseContext, ref: string): Promise<SealRequest> {
  const target = await ctx.tx.sealRequest.findFirst({
    where: { orgId: ctx.orgId, ref: ref.toUpperCase() },
    select: { id: true },
  });
  return target
    ? lockCardsThenItem(ctx, { workflow: SEAL_WORKFLOW_ID, itemId: target.id }, () =>
        lockSealRequestOrRefuse(ctx.tx, ctx.orgId, ref),
      )
    : lockSealRequestOrRefuse(ctx.tx, ctx.orgId, ref);
}

/** Cancelled with `reason`: its approval, work items and cards closed; whoever still had a card told. */
async function withdrawSealRequest(
  ctx: BaseContext,
  request: SealRequest,
  reason: string,
  how: { stamp: string; told: string },
): Promise<SealRequest> {
  const cancelled = await moveSealRequest(ctx, request, 'cancel', { closingReason: reason }, { comment: reason });
  // whoever still had a card open on it (an approver, the keeper) is told it is withdrawn
  const waiting = await ctx.tx.card.findMany({
    where: { orgId: ctx.orgId, workflow: SEAL_WORKFLOW_ID, itemId: request.id, status: 'open' },
    select: { addresseeId: true },
  });
  await cancelApproval(ctx, sealApprovalKey(request), how.stamp);
  await closeWorkItems(ctx, { workflow: SEAL_WORKFLOW_ID, itemId: request.id });
  await closeItemCards(ctx, { workflow: SEAL_WORKFLOW_ID, itemId: request.id }, 'stale', how.stamp);
  for (const addresseeId of new Set(waiting.map((card) => card.addresseeId)))
    await tell(ctx, addresseeId, `${sealRequestLabel(request)}${how.told}，无需再处理。原因：${reason}`);
  return cancelled;
}
