import { findApproval, findHolder, holderIdOfCard, mayActFor } from '../../kit/approvals/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext } from '../../kit/context.js';
import { TASK_WORKFLOW_ID } from './task-store.js';

/**
 * Spec 2.6: a decision card may be answered by whoever holds that step now (a 转交 of the
 * verification, say). The owner's card is the owner's alone: a transfer sends the new owner theirs.
 */
export async function holdsTaskCardStep(ctx: ActorContext, card: CardRecord, userId: string): Promise<boolean> {
  const holderId = holderIdOfCard(card.sentForState);
  if (!holderId || !/^\d+$/.test(holderId)) return false;
  // a read: the decision that follows locks the task and its approval, in that order
  const row = await ctx.tx.approvalHolder.findFirst({
    where: { id: BigInt(holderId), orgId: ctx.orgId },
    select: { step: { select: { approval: { select: { purpose: true } } } } },
  });
  if (!row) return false;
  const approval = await findApproval(ctx, {
    workflow: TASK_WORKFLOW_ID,
    itemId: card.itemId,
    purpose: row.step.approval.purpose,
  });
  const found = approval ? findHolder(approval, holderId) : undefined;
  return approval !== undefined && found !== undefined && mayActFor(ctx, approval, found.holder, userId);
}
