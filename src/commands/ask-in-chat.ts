import type { HandlerContext } from '../workflows/types.js';
import { saveConversation } from './conversation-store.js';

/**
 * Asks the actor a free-text question whose answer goes to a workflow continuation (e.g. the reason
 * for a rejection, spec 2.6). The decision waits for the answer, or for 跳过 where skipping is allowed.
 */
export async function askInChat(
  ctx: HandlerContext,
  request: { workflow: string; continuation: string; context: Record<string, string>; question: string; isSkippable?: boolean },
): Promise<void> {
  await saveConversation(
    ctx.tx,
    ctx.orgId,
    ctx.actor.userId,
    {
      command: `~${request.workflow}.${request.continuation}`,
      freeText: '',
      values: {},
      awaitingField: request.continuation,
      context: { ...request.context, isSkippable: request.isSkippable ? '1' : '0' },
    },
    ctx.clock.now(),
  );
  const hint = request.isSkippable ? '回复「跳过」不填写，回复「取消」放弃这次操作。' : '回复「取消」放弃这次操作。';
  await ctx.reply(`${request.question}\n${hint}`);
}
