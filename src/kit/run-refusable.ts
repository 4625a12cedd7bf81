import { isRefusal, type Refusal } from '../shared/errors.js';
import type { ActorContext } from './context.js';

/**
 * Runs a handler whose refusal a person should read (a {@link Refusal}): the handler's partial
 * writes are undone by rolling back to a savepoint, and the refusal becomes the reply — while the
 * event's transaction, and anything written before, commits. Commands, answers to questions and
 * card taps all go through here. Anything else is a crash: it fails the event, which is retried.
 */
export async function runRefusable(
  ctx: ActorContext,
  work: () => Promise<void>,
  options: { afterRefusal?: (refused: Refusal) => Promise<void> } = {},
): Promise<void> {
  await ctx.tx.$executeRawUnsafe('SAVEPOINT refusable_handler');
  try {
    await work();
    await ctx.tx.$executeRawUnsafe('RELEASE SAVEPOINT refusable_handler');
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await ctx.tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT refusable_handler');
    // what the refusal itself changes (a stale card greyed out) is written after the rollback
    await options.afterRefusal?.(error);
    await ctx.reply(error.userMessage);
  }
}
