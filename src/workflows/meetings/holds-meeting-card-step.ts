import { findApproval, findHolder, holderIdOfCard, mayActFor } from '../../kit/approvals/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext } from '../../kit/context.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import { cardKindOf } from './meeting-cards-sent.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';

/**
 * Spec 2.6: a card may be answered by whoever holds its step now. The office's approval is any one of
 * the office (the engine's any-of), so is the 冲突预警; the office also runs the 三个确认 for an
 * organiser; an approval card (the booking's, the minutes' sign-off) goes by the engine's rule. A
 * notice and a reminder are the attendee's own: nobody answers them for another.
 */
export async function holdsMeetingCardStep(ctx: ActorContext, card: CardRecord, userId: string): Promise<boolean> {
  const person = ctx.directory.person(userId);
  const kind = cardKindOf(card.sentForState);
  if (kind === 'conflict' || kind === 'checklist') return person !== undefined && hasAnyRole(person, OFFICE_ROLES);
  const holderId = holderIdOfCard(card.sentForState);
  if (!holderId || !/^\d+$/.test(holderId)) return false;
  // which of the meeting's approvals (its booking's, its minutes' sign-off): read, not locked — the
  // decision that follows locks the meeting, then its approval
  const holder = await ctx.tx.approvalHolder.findFirst({
    where: { orgId: ctx.orgId, id: BigInt(holderId) },
    select: { step: { select: { approval: { select: { purpose: true } } } } },
  });
  const approval = holder
    ? await findApproval(ctx, {
        workflow: MEETING_WORKFLOW_ID,
        itemId: card.itemId,
        purpose: holder.step.approval.purpose,
      })
    : undefined;
  const found = approval ? findHolder(approval, holderId) : undefined;
  return approval !== undefined && found !== undefined && mayActFor(ctx, approval, found.holder, userId);
}
