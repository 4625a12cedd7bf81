import type { BaseContext } from '../context.js';

/** A message the system times on its own, as a schedule plans it. */
export interface PlannedMessage {
  toUserId: string;
  text: string;
  /** what planned it: personal_digest, overdue, approval_reminder, … (for the log and tests) */
  topic: string;
}

/**
 * Holds a message the system times on its own (spec 4: reminders, heads-ups, escalations, 催办, the
 * personal digest) until it may go: from now when now is 07:00–22:00 of a counting day, else from
 * 07:00 of the next one. {@link releaseHeldMessages} sends it, merged with the person's others.
 * Written in the caller's transaction, like every message. Direct replies never come here.
 */
export async function holdSystemMessage(ctx: BaseContext, message: PlannedMessage): Promise<void> {
  await holdAll(ctx, [message]);
}

/** {@link holdSystemMessage} for each of `messages`, in one insert. */
export async function holdAll(ctx: BaseContext, messages: readonly PlannedMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = ctx.clock.now();
  const notBefore = ctx.directory.calendar.nextSendableMoment(now);
  await ctx.tx.heldMessage.createMany({
    data: messages.map((message) => ({
      orgId: ctx.orgId,
      toUserId: message.toUserId,
      topic: message.topic,
      text: message.text,
      createdAt: now,
      notBefore,
    })),
  });
}
