import { MAX_TEXT_BYTES } from '../../outbox/enqueue-message.js';
import type { ActorContext } from '../../kit/context.js';

/** How long 「更多」 can continue a list (as long as a question waits, spec 2.5). */
export const REPLY_PAGE_TTL_MS = 10 * 60_000;

export interface PagedList {
  /** the command whose list this is, e.g. '我的待办'; 「更多」 asks it for the lines again */
  command: string;
  /** the first line, given how many lines there are in all and where this page starts */
  header(total: number, offset: number): string;
  lines: string[];
  /** the last line when nothing is left to show */
  closing: string;
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const moreLine = (left: number): string => `还有${left}项，回复「更多」查看。`;

/**
 * Sends as many whole lines as fit in WeCom's 2048 bytes, from `offset`, instead of cutting the
 * reply off; when some are left it says how many and remembers where the next page starts.
 */
export async function replyInPages(ctx: ActorContext, list: PagedList, offset: number): Promise<void> {
  const total = list.lines.length;
  const header = list.header(total, offset);
  let shown = 0;
  for (let count = 1; offset + count <= total; count += 1) {
    const left = total - offset - count;
    const page = [header, ...list.lines.slice(offset, offset + count), left > 0 ? moreLine(left) : list.closing].join(
      '\n',
    );
    if (bytes(page) > MAX_TEXT_BYTES) break;
    shown = count;
  }
  // a single line longer than a page is cut by the outbox, never skipped
  shown = Math.max(shown, Math.min(1, total - offset));
  const next = offset + shown;
  const left = total - next;
  await ctx.reply([header, ...list.lines.slice(offset, next), left > 0 ? moreLine(left) : list.closing].join('\n'));
  const where = { orgId_userId: { orgId: ctx.orgId, userId: ctx.actor.userId } };
  if (left === 0) {
    await ctx.tx.replyPage.deleteMany({ where: { orgId: ctx.orgId, userId: ctx.actor.userId } });
    return;
  }
  const page = {
    command: list.command,
    offset: next,
    expiresAt: new Date(ctx.clock.now().getTime() + REPLY_PAGE_TTL_MS),
  };
  await ctx.tx.replyPage.upsert({
    where,
    create: { orgId: ctx.orgId, userId: ctx.actor.userId, ...page },
    update: page,
  });
}
