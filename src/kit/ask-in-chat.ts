import type { ActorContext } from './context.js';
import { loadConversation, saveConversation } from './conversation-store.js';
import { noteWhenReplaced } from './conversation-notes.js';

export interface ChatQuestion {
  workflow: string;
  continuation: string;
  context: Record<string, string>;
  /** the question, ending in ？: 「驳回 Y2（法人章 2份《课题结题报告》）的原因是什么？」 */
  question: string;
  /** the line under it; default 「请直接回复；回复「取消」放弃。」 */
  hint?: string;
  isSkippable?: boolean;
  /** one line if the person runs another command meanwhile: 「驳回 Y2 的原因还在等您回复。…」 */
  reminder: string;
  /** what still stands if the question ends unanswered: 「已放弃驳回，Y2 仍在等您审批。」 */
  abandonedNote: string;
}

/**
 * Asks the actor a free-text question whose answer goes to a workflow continuation (e.g. the reason
 * for a rejection, spec 2.6). The decision waits for the answer, or for 跳过 where skipping is
 * allowed. A person has one open question: one they had before ends here, and the reply says what
 * still stands of it.
 */
export async function askInChat(ctx: ActorContext, request: ChatQuestion): Promise<void> {
  const command = `~${request.workflow}.${request.continuation}`;
  const earlier = await loadConversation(ctx.tx, ctx.orgId, ctx.actor.userId, ctx.clock.now());
  const isAskedAgain = earlier?.command === command && earlier.context?.taskId === request.context.taskId;
  const endsEarlier = earlier !== undefined && !earlier.isExpired && !isAskedAgain;
  await saveConversation(
    ctx.tx,
    ctx.orgId,
    ctx.actor.userId,
    {
      command,
      freeText: '',
      values: {},
      awaitingField: request.continuation,
      context: { ...request.context, isSkippable: request.isSkippable ? '1' : '0' },
      reminder: request.reminder,
      abandonedNote: request.abandonedNote,
    },
    ctx.clock.now(),
  );
  const hint =
    request.hint ??
    (request.isSkippable ? '请直接回复；回复「跳过」不填写，回复「取消」放弃。' : '请直接回复；回复「取消」放弃。');
  await ctx.reply([...(endsEarlier ? [noteWhenReplaced(earlier)] : []), request.question, hint].join('\n'));
}
