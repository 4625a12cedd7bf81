import type { CardRecord } from '../../kit/cards/card-record.js';
import { holdersOfApprovalStep } from '../../directory/resolve-approval-step.js';
import type { ApprovalStep } from '../../directory/types.js';
import type { ActorContext } from '../../kit/context.js';
import { KEEPER_CARD_STATE } from './seal-machine.js';
import { chainOf } from './seal-request-store.js';

/**
 * Spec 2.6: a card may be answered by its addressee or by whoever holds that step now — the
 * department's new head after the org file changed, the seal's new keeper — so a request never
 * waits on someone who has moved on. The step is resolved again from today's directory; a
 * `role:<role>` step is held by everyone with the role (any one of the office may answer).
 */
export async function holdsSealCardStep(ctx: ActorContext, card: CardRecord, userId: string): Promise<boolean> {
  const request = await ctx.tx.sealRequest.findFirst({ where: { orgId: ctx.orgId, id: card.itemId } });
  if (!request) return false;
  if (card.sentForState === KEEPER_CARD_STATE) return ctx.directory.seal(request.sealId)?.keeper === userId;
  const stepIndex = Number(card.sentForState.split(':')[1]);
  const step = chainOf(request)[stepIndex];
  const applicant = ctx.directory.person(request.applicantId);
  if (!step || !applicant) return false;
  return holdersOfApprovalStep(step.step as ApprovalStep, applicant, request.departmentId, ctx.directory).includes(
    userId,
  );
}
