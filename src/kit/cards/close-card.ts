import { DateTime } from 'luxon';
import { enqueueCardUpdate } from '../../outbox/enqueue-message.js';
import { hasActor, type BaseContext } from '../context.js';
import type { CardRecord } from './card-record.js';

/** A card's response code works for 72 hours (NOTES §6); after that WeCom cannot update it. */
const UPDATABLE_FOR_MS = 72 * 3600_000;

/**
 * Marks the card answered or stale and queues the in-place update that greys its buttons. A card
 * older than WeCom's 72 hours is closed here all the same, but not updated in WeCom (spec 2.6:
 * closing an older card is best effort, and its refusal is not a failure) — unless its addressee
 * has just tapped it: the click brought a response code of its own, good for 72 hours from the
 * click (DOC 94888), so a 传阅 card read a week later still shows 「已阅」 (`codeIssuedAt`).
 */
export async function closeCard(
  ctx: BaseContext,
  card: CardRecord,
  status: 'answered' | 'stale',
  resultText: string,
  options: { codeIssuedAt?: Date } = {},
): Promise<void> {
  const now = ctx.clock.now();
  const closed = await ctx.tx.card.updateMany({
    where: { taskId: card.taskId, status: 'open' },
    data: {
      status,
      resultText,
      answeredBy: status === 'answered' && hasActor(ctx) ? ctx.actor.userId : null,
      answeredAt: now,
    },
  });
  if (closed.count === 0) return;
  if (now.getTime() - (options.codeIssuedAt ?? card.createdAt).getTime() >= UPDATABLE_FOR_MS) return;
  await enqueueCardUpdate(ctx.tx, ctx.orgId, { taskId: card.taskId, userIds: [card.addresseeId], resultText });
}

/**
 * Closes every open card of an item (optionally only those sent for `sentFor`, or all but `except`)
 * with one stamp: a withdrawn request's approval cards, an any-of step's other holders.
 */
export async function closeItemCards(
  ctx: BaseContext,
  item: { workflow: string; itemId: string; sentFor?: string; except?: string },
  status: 'answered' | 'stale',
  resultText: string,
): Promise<CardRecord[]> {
  const cards = await ctx.tx.card.findMany({
    where: {
      orgId: ctx.orgId,
      workflow: item.workflow,
      itemId: item.itemId,
      status: 'open',
      ...(item.sentFor ? { sentForState: item.sentFor } : {}),
      ...(item.except ? { taskId: { not: item.except } } : {}),
    },
    orderBy: { taskId: 'asc' },
  });
  for (const card of cards) await closeCard(ctx, card as CardRecord, status, resultText);
  return cards as CardRecord[];
}

/**
 * Locks an item's open cards, then the item, always in that order: a tap locks its card first and
 * then the item (src/inbound/handle-card-tap.ts), so anything else that closes cards while changing
 * the item (a withdrawal, a hand-over) must take the locks in the same order or deadlock with it.
 */
export async function lockCardsThenItem<T>(
  ctx: BaseContext,
  item: { workflow: string; itemId: string },
  lockItem: () => Promise<T>,
): Promise<T> {
  await ctx.tx
    .$queryRaw`SELECT task_id FROM card WHERE org_id = ${ctx.orgId} AND workflow = ${item.workflow} AND item_id = ${item.itemId} AND status = 'open' ORDER BY task_id FOR UPDATE`;
  return lockItem();
}

/** The text that replaces a card's buttons: `已同意 · 赵立 11-22 10:31`. */
export function decisionStamp(verb: string, actorName: string, at: Date, timezone: string): string {
  return `${verb} · ${actorName} ${DateTime.fromJSDate(at, { zone: timezone }).toFormat('MM-dd HH:mm')}`;
}
