import type { RecordedMessage } from '../../src/fake-wecom/server.js';
import type { Task } from '../../src/generated/prisma/client.js';
import { mark, waitForText } from './seal-helpers.js';
import type { TestService } from './test-service.js';

/**
 * Small builders for the 督办 tests through the gateway: a message sent and its answer awaited, a
 * task assigned, and the task's rows and history as the database holds them.
 */

/** Sends `text` as `from` and waits for the reply to `from` (after the send) that matches `reply`. */
export async function say(t: TestService, from: string, text: string, reply: RegExp | string): Promise<string> {
  const since = mark(t, from);
  const status = await t.sendText(from, text);
  if (status !== 200) throw new Error(`「${text}」 from ${from} was answered ${status}`);
  return waitForText(t, from, reply, { since });
}

/** `交办 <fields>` as `from` (a leader); returns the new R<n> and the reply. */
export async function assignTask(
  t: TestService,
  from: string,
  fields: string,
): Promise<{ ref: string; reply: string }> {
  const reply = await say(t, from, `交办 ${fields}`, /^已交办 R\d+/);
  return { ref: /^已交办 (R\d+)/.exec(reply)![1]!, reply };
}

/** The card's task text: its content, then 「验收标准：…」 when one was given. */
export function cardSubtitle(card: RecordedMessage): string {
  const body = card.body as { template_card: { sub_title_text?: string } };
  return body.template_card.sub_title_text ?? '';
}

export function findTask(t: TestService, ref: string): Promise<Task> {
  return t.db.prisma.task.findFirstOrThrow({ where: { ref } });
}

/** The task's audit trail, oldest first: [action, from state, to state, who, how, comment]. */
export async function taskHistory(
  t: TestService,
  ref: string,
): Promise<[string, string | null, string | null, string, string, string | null][]> {
  const rows = await t.db.prisma.auditLog.findMany({
    where: { itemType: 'task', itemRef: ref },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  return rows.map((row) => [row.action, row.fromState, row.toState, row.actorId, row.via, row.comment]);
}
