import { DateTime } from 'luxon';
import { enqueueCardUpdate } from '../../outbox/enqueue-message.js';
import type { ActorContext } from '../context.js';
import type { CardRecord } from './card-record.js';

/** Marks the card answered or stale and queues the in-place update that greys its buttons. */
export async function closeCard(
  ctx: ActorContext,
  card: CardRecord,
  status: 'answered' | 'stale',
  resultText: string,
): Promise<void> {
  const closed = await ctx.tx.card.updateMany({
    where: { taskId: card.taskId, status: 'open' },
    data: {
      status,
      resultText,
      answeredBy: status === 'answered' ? ctx.actor.userId : null,
      answeredAt: ctx.clock.now(),
    },
  });
  if (closed.count === 0) return;
  await enqueueCardUpdate(ctx.tx, ctx.orgId, {
    taskId: card.taskId,
    userIds: [card.addresseeId],
    update: { button: { replace_name: resultText } },
  });
}

/** The text that replaces a card's buttons: `已同意 · 赵立 11-22 10:31`. */
export function decisionStamp(verb: string, actorName: string, at: Date, timezone: string): string {
  return `${verb} · ${actorName} ${DateTime.fromJSDate(at, { zone: timezone }).toFormat('MM-dd HH:mm')}`;
}
