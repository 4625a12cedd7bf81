import type { CardRecord } from '../../kit/cards/card-record.js';
import { findApproval, findHolder, holderIdOfCard, mayActFor } from '../../kit/approvals/index.js';
import { sealApprovalKey } from './seal-approval.js';
import type { ActorContext } from '../../kit/context.js';
import { KEEPER_CARD_STATE } from './seal-machine.js';

/**
 * Spec 2.6: a card may be answered by its addressee or by whoever holds that step now — the
 * department's new head before the hand-over has run, another member of the office on a
 * `role:office` step, the seal's new keeper — so a request never waits on someone who moved on.
 */
export async function holdsSealCardStep(ctx: ActorContext, card: CardRecord, userId: string): Promise<boolean> {
  if (card.sentForState === KEEPER_CARD_STATE) {
    const request = await ctx.tx.sealRequest.findFirst({
      where: { orgId: ctx.orgId, id: card.itemId },
      select: { sealId: true },
    });
    return request !== null && ctx.directory.seal(request.sealId)?.keeper === userId;
  }
  const holderId = holderIdOfCard(card.sentForState);
  // a read: the decision that follows locks the request and its approval, in that order
  const approval = holderId ? await findApproval(ctx, sealApprovalKey({ id: card.itemId })) : undefined;
  const found = approval && holderId ? findHolder(approval, holderId) : undefined;
  return approval !== undefined && found !== undefined && mayActFor(ctx, approval, found.holder, userId);
}
