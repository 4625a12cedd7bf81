import type { ItemTimer } from '../generated/prisma/client.js';
import type { BaseContext } from './context.js';

export type { ItemTimer };

/** What a timer belongs to and what it is for. */
export interface TimerKey {
  workflow: string;
  itemId: string;
  /** the workflow's word: notice, reminder_30min, minutes_due */
  kind: string;
}

/**
 * Sets the item's timer of this kind to `dueAt`, in the item's transaction: one pending timer per
 * item and kind, so setting it again (a rescheduled meeting) moves it rather than adding a second.
 */
export async function setItemTimer(
  ctx: BaseContext,
  timer: TimerKey & { itemRef: string; dueAt: Date },
): Promise<void> {
  await cancelItemTimers(ctx, timer);
  await ctx.tx.itemTimer.create({
    data: {
      orgId: ctx.orgId,
      workflow: timer.workflow,
      itemId: timer.itemId,
      itemRef: timer.itemRef,
      kind: timer.kind,
      dueAt: timer.dueAt,
      createdAt: ctx.clock.now(),
    },
  });
}

/** Cancels the item's pending timers (of one kind, or all): a cancelled meeting, an answered notice. */
export async function cancelItemTimers(
  ctx: BaseContext,
  which: { workflow: string; itemId: string; kind?: string },
): Promise<number> {
  const cancelled = await ctx.tx.itemTimer.updateMany({
    where: {
      orgId: ctx.orgId,
      workflow: which.workflow,
      itemId: which.itemId,
      ...(which.kind ? { kind: which.kind } : {}),
      firedAt: null,
      cancelledAt: null,
    },
    data: { cancelledAt: ctx.clock.now() },
  });
  return cancelled.count;
}

/**
 * Fires every pending timer due by the context's clock, oldest first, each once: it is marked fired
 * and handed to its workflow in this transaction, so a second tick (another process) skips the rows
 * this one holds and never finds them pending again. A timer whose workflow has no handler is marked
 * fired all the same (the workflow left the build): a timer never blocks the ones behind it.
 */
export async function fireDueTimers(
  ctx: BaseContext,
  handlerOf: (workflow: string) => ((ctx: BaseContext, timer: ItemTimer) => Promise<void>) | undefined,
): Promise<number> {
  const due = await ctx.tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM item_timer
     WHERE org_id = ${ctx.orgId} AND fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ${ctx.clock.now()}
     ORDER BY due_at, id
     FOR UPDATE SKIP LOCKED`;
  for (const { id } of due) {
    const timer = await ctx.tx.itemTimer.update({ where: { id }, data: { firedAt: ctx.clock.now() } });
    await handlerOf(timer.workflow)?.(ctx, timer);
  }
  return due.length;
}
