import { sealApprovalCard, sealKeeperCard } from '../../../cards/index.js';
import { sendCard } from '../../kit/cards/send-card.js';
import type { ActorContext } from '../../kit/context.js';
import { sealCardFacts } from './describe-seal-request.js';
import { approvalCardState, KEEPER_CARD_STATE, stepName } from './seal-machine.js';
import { chainOf, type SealRequest } from './seal-request-store.js';

export const SEAL_WORKFLOW_ID = 'seal';

/** The card for whoever holds the request's current approval step. */
export async function sendApprovalCard(ctx: ActorContext, request: SealRequest): Promise<void> {
  const chain = chainOf(request);
  const step = chain[request.currentStep]!;
  const facts = await sealCardFacts(ctx.tx, request, ctx.directory, ctx.timezone);
  const card = sealApprovalCard(facts, {
    number: request.currentStep + 1,
    total: chain.length,
    name: stepName(step.step),
  });
  await sendSealCard(ctx, request, step.userId, approvalCardState(request.currentStep), card);
}

/** The keeper's card once the last step has approved. */
export async function sendKeeperCard(ctx: ActorContext, request: SealRequest): Promise<void> {
  const facts = await sealCardFacts(ctx.tx, request, ctx.directory, ctx.timezone);
  await sendSealCard(ctx, request, request.keeperId, KEEPER_CARD_STATE, sealKeeperCard(facts));
}

function sendSealCard(
  ctx: ActorContext,
  request: SealRequest,
  toUserId: string,
  sentForState: string,
  card: ReturnType<typeof sealKeeperCard>,
): Promise<string> {
  return sendCard(ctx.tx, {
    orgId: ctx.orgId,
    toUserId,
    workflow: SEAL_WORKFLOW_ID,
    itemId: request.id,
    itemRef: request.ref,
    sentForState,
    card,
  });
}
