import { closeCard } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { refusal } from '../../shared/errors.js';
import { recordAudit } from '../../kit/record-audit.js';
import { planTransition } from '../../kit/state-machine.js';
import type { ActorContext } from '../../kit/context.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { tell } from '../../kit/notify.js';
import { SEAL_MACHINE, type SealState } from './seal-machine.js';
import { lockSealRequestOrRefuse, moveSealRequest, stateOf } from './seal-request-store.js';
import { SEAL_WORKFLOW_ID } from './send-seal-cards.js';

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
  const plan = planTransition(SEAL_MACHINE, stateOf(request), 'cancel', request.ref);
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
  return { standing: `${request.ref} ${STANDING[stateOf(request)] ?? '没有变化'}` };
}

/** `取消 Y12 原因:…` by the applicant: withdrawn before it is used; open cards are greyed out. */
export async function cancelSealRequest(ctx: ActorContext, ref: string, reason: string): Promise<void> {
  // A tap locks its card, then the request (handle-card-tap.ts); closing the open cards after locking
  // the request would deadlock with an approver tapping at that moment. Same order here: cards first.
  const target = await ctx.tx.sealRequest.findFirst({
    where: { orgId: ctx.orgId, ref: ref.toUpperCase() },
    select: { id: true },
  });
  if (target)
    await ctx.tx
      .$queryRaw`SELECT task_id FROM card WHERE org_id = ${ctx.orgId} AND item_id = ${target.id} AND status = 'open' ORDER BY task_id FOR UPDATE`;
  const request = await lockSealRequestOrRefuse(ctx.tx, ctx.orgId, ref);
  if (request.applicantId !== ctx.actor.userId) throw refusal('NOT_ALLOWED', `${request.ref} 只能由申请人撤回。`);
  const from = stateOf(request);
  const plan = planTransition(SEAL_MACHINE, from, 'cancel', request.ref);
  const now = ctx.clock.now();
  await moveSealRequest(ctx.tx, request, plan, { holderId: null, closingReason: reason }, now);
  await recordAudit(ctx, {
    itemType: 'seal',
    itemRef: request.ref,
    action: 'cancel',
    fromState: from,
    toState: 'cancelled' satisfies SealState,
    comment: reason,
  });
  const openCards = await ctx.tx.card.findMany({
    where: { orgId: ctx.orgId, workflow: SEAL_WORKFLOW_ID, itemId: request.id, status: 'open' },
  });
  for (const card of openCards) {
    await closeCard(ctx, card as CardRecord, 'stale', '申请人已撤回');
    await tell(
      ctx,
      card.addresseeId,
      `${sealRequestLabel(request)}已由申请人${ctx.actor.name}撤回，无需再处理。原因：${reason}`,
    );
  }
  await ctx.reply(`已撤回 ${sealRequestLabel(request)}。`);
}
