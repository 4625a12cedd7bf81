import type { Card } from '../../../cards/index.js';
import { closeCard } from '../../kit/cards/close-card.js';
import { sendCard } from '../../kit/cards/send-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { BaseContext } from '../../kit/context.js';
import { refusal } from '../../shared/errors.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import type { Meeting } from './meeting-store.js';

/**
 * What a meeting's card was sent for: the kind of card and the meeting's version (a 改期 makes every
 * card of the version before stale). Approval cards are the engine's (`approval:<holder>`).
 */
export type MeetingCardKind = 'notice' | 'checkin' | 'checklist' | 'conflict';

export function cardState(kind: MeetingCardKind, meeting: Pick<Meeting, 'version'>): string {
  return `${kind}:${meeting.version}`;
}

export function cardKindOf(sentForState: string): MeetingCardKind | undefined {
  const kind = sentForState.split(':')[0];
  return kind === 'notice' || kind === 'checkin' || kind === 'checklist' || kind === 'conflict' ? kind : undefined;
}

/** Sends one of the meeting's cards, registered for this version (a tap is checked against it). */
export async function sendMeetingCard(
  ctx: BaseContext,
  meeting: Pick<Meeting, 'id' | 'ref' | 'version'>,
  toUserId: string,
  kind: MeetingCardKind,
  card: Card,
): Promise<void> {
  await sendCard(ctx, {
    toUserId,
    workflow: MEETING_WORKFLOW_ID,
    itemId: meeting.id,
    itemRef: meeting.ref,
    sentForState: cardState(kind, meeting),
    card,
  });
}

/** Refuses a tap on a card of another version (a 改期 since) or kind, greying it out. */
export function requireCurrentCard(card: CardRecord, meeting: Meeting, kind: MeetingCardKind): void {
  if (card.sentForState !== cardState(kind, meeting))
    throw refusal('CONFLICT', `${meeting.ref} 已改期，这张卡片是改期前的。`, { isCardStale: true });
}

/** One person's open cards of a kind for the meeting, but `except` (the one being answered), closed with `stamp`. */
export async function closePersonCards(
  ctx: BaseContext,
  meeting: Pick<Meeting, 'id'>,
  which: { userId: string; kind: MeetingCardKind; except?: string },
  status: 'answered' | 'stale',
  stamp: string,
): Promise<void> {
  const cards = await ctx.tx.card.findMany({
    where: {
      orgId: ctx.orgId,
      workflow: MEETING_WORKFLOW_ID,
      itemId: meeting.id,
      addresseeId: which.userId,
      status: 'open',
      sentForState: { startsWith: `${which.kind}:` },
      ...(which.except ? { taskId: { not: which.except } } : {}),
    },
    orderBy: { taskId: 'asc' },
  });
  for (const card of cards) await closeCard(ctx, card as CardRecord, status, stamp);
}
