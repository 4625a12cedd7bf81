import type { BaseContext } from '../../kit/context.js';
import type { Role } from '../../directory/types.js';
import { enqueueMessage } from '../../outbox/enqueue-message.js';
import { splitIntoMessages } from '../../outbox/split-into-messages.js';

/** What a report sent after its time says on its first line (spec 4: a missed period goes once, marked late). */
export const LATE_MARK = '（迟发）';

/** The active people holding any of `roles`, each once, in the org file's order. */
export function reportRecipients(ctx: BaseContext, roles: Role[]): string[] {
  const holders = new Set(roles.flatMap((role) => ctx.directory.peopleWithRole(role).map((person) => person.userId)));
  return ctx.directory.config.people.map((person) => person.userId).filter((userId) => holders.has(userId));
}

/** `markdown` with 「（迟发）」 after its title (its first line). */
export function markedLate(markdown: string): string {
  const newline = markdown.indexOf('\n');
  return newline === -1 ? markdown + LATE_MARK : markdown.slice(0, newline) + LATE_MARK + markdown.slice(newline);
}

/**
 * Sends a report the org configured (the weekly brief, the daily seal summary) to `recipients` at
 * once, in the caller's transaction: spec 4 exempts these from quiet hours and the daily cap, as
 * the org chose their time. Split into whole messages within WeCom's limit. Returns how many
 * messages it queued.
 */
export async function sendReport(
  ctx: BaseContext,
  recipients: string[],
  markdown: string,
  options: { isLate: boolean },
): Promise<number> {
  const parts = splitIntoMessages(options.isLate ? markedLate(markdown) : markdown);
  for (const toUserId of recipients)
    for (const part of parts)
      await enqueueMessage(ctx.tx, {
        orgId: ctx.orgId,
        toUserId,
        content: { msgtype: 'markdown', markdown: { content: part } },
      });
  return recipients.length * parts.length;
}
