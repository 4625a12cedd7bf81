import type { BaseContext } from '../../kit/context.js';
import { maySendNow, packIntoPages, type PlannedMessage } from '../../kit/system-messages.js';
import { formatTodoLine, todoListHeader } from '../../kit/todo-lines.js';
import { openWorkItemsByHolder } from '../../kit/work-items.js';
import { MAX_TEXT_BYTES } from '../../outbox/enqueue-message.js';

export const PERSONAL_DIGEST_TOPIC = 'personal_digest';

/**
 * The morning digest (spec 4): everyone with open work items — as holder or as helper (协办) — gets
 * their 我的待办 in one message, in the lines the command shows; a list too long for WeCom's 2048
 * bytes goes on in more messages, whole lines each. Plans only: the caller holds the messages
 * (holdAll), so the digest obeys the quiet hours and the daily cap like every system message.
 * People no longer active are left out (their items are being handed over).
 */
export async function planPersonalDigest(ctx: BaseContext): Promise<PlannedMessage[]> {
  const now = ctx.clock.now();
  // not on a day that does not count (寒暑假 would pile digests up for the first morning after), nor
  // at night (a late run would arrive beside the next morning's own digest)
  if (!maySendNow(ctx.directory.calendar, now)) return [];
  const planned: PlannedMessage[] = [];
  for (const [holderId, items] of await openWorkItemsByHolder(ctx)) {
    if (!ctx.directory.person(holderId)?.isActive) continue;
    const lines = items.map((item) => formatTodoLine(item, ctx.timezone, now));
    const pages = packIntoPages({
      items: lines,
      render: (group, first) => [todoListHeader(lines.length, first), ...group].join('\n'),
      maxBytes: MAX_TEXT_BYTES,
    });
    for (const page of pages) planned.push({ toUserId: holderId, text: page.text, topic: PERSONAL_DIGEST_TOPIC });
  }
  return planned;
}
