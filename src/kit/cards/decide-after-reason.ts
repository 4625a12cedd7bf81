import { Refusal, refusal } from '../../shared/errors.js';
import type { BaseContext } from '../context.js';
import type { CardRecord } from './card-record.js';

/**
 * The card a chat question was asked about: askInChat's `context.taskId`, set by a tap that needed
 * words (a rejection's reason) before the decision; undefined when it no longer exists.
 */
export async function cardOfQuestion(
  ctx: BaseContext,
  context: Record<string, string>,
): Promise<CardRecord | undefined> {
  const card = await ctx.tx.card.findUnique({ where: { taskId: context.taskId ?? '' } });
  return (card as CardRecord | null) ?? undefined;
}

/**
 * Runs a decision whose words arrived after the tap. If the card went stale while they were typed
 * (someone else decided, the item was withdrawn), the person is told the decision did not happen
 * (`notApplied`, e.g. 「驳回没有生效：」) and why, rather than the bare refusal a tap gets.
 */
export async function decideAfterReason<T>(notApplied: string, decide: () => Promise<T>): Promise<T> {
  try {
    return await decide();
  } catch (error) {
    if (error instanceof Refusal && error.isCardStale) throw refusal('CONFLICT', `${notApplied}${error.userMessage}`);
    throw error;
  }
}
