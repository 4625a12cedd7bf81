import { Refusal, refusal } from '../../shared/errors.js';
import { holderIdOfCard } from '../approvals/approval-records.js';
import { askInChat } from '../ask-in-chat.js';
import type { ActorContext, BaseContext } from '../context.js';
import type { CardActionOutcome } from '../workflow-module.js';
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
 * What a reason typed after a tap on an approval card decides: the card, its item (locked by
 * `lockItem`) and the holder the card was sent to; undefined when any of them is gone.
 */
export async function approvalOfQuestion<Item>(
  ctx: BaseContext,
  context: Record<string, string>,
  lockItem: (itemId: string) => Promise<Item | undefined>,
): Promise<{ card: CardRecord; item: Item; holderId: string } | undefined> {
  const card = await cardOfQuestion(ctx, context);
  const item = card ? await lockItem(card.itemId) : undefined;
  const holderId = card ? holderIdOfCard(card.sentForState) : undefined;
  return card && item && holderId ? { card, item, holderId } : undefined;
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

/** The words a decision needs, asked after a tap on `card`: see {@link askDecisionReason}. */
export interface DecisionReasonQuestion {
  workflow: string;
  continuation: string;
  card: Pick<CardRecord, 'taskId'>;
  /** more for the continuation beside the card's task id (the item's id) */
  context?: Record<string, string>;
  /** the decision in one word: 驳回, 退回 */
  decision: string;
  /** the item's reference, for the reminder and the note when the question is abandoned */
  ref: string;
  /** the question: 「驳回会议预约 H3（…）的原因是什么？」 */
  question: string;
  /** who hears the reason, and what follows for them: 「申请人」, 「记录人，修改后重新提交」 */
  toldTo: string;
  /** what stands when the question is abandoned, after the reference: 「仍在等您审批」 */
  standing: string;
}

/**
 * [驳回], [退回] and the like (spec 2.6): the reason is asked for in chat and nothing changes until it
 * comes (the continuation then decides, through {@link decideAfterReason}); 「取消」 abandons it and
 * says what still stands. One wording for every workflow's reason question.
 */
export async function askDecisionReason(ctx: ActorContext, ask: DecisionReasonQuestion): Promise<CardActionOutcome> {
  await askInChat(ctx, {
    workflow: ask.workflow,
    continuation: ask.continuation,
    context: { taskId: ask.card.taskId, ...ask.context },
    question: ask.question,
    hint: `原因会转告${ask.toldTo}。请直接回复；回复「取消」放弃${ask.decision}。`,
    reminder: `${ask.decision} ${ask.ref} 的原因还在等您回复。请直接回复原因，或回复「取消」放弃${ask.decision}。`,
    abandonedNote: `已放弃${ask.decision}，${ask.ref} ${ask.standing}。`,
  });
  return { kind: 'awaiting_reason' };
}
