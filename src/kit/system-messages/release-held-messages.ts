import { Prisma } from '../../db/prisma.js';
import { enqueueText, MAX_TEXT_BYTES } from '../../outbox/enqueue-message.js';
import type { BaseContext } from '../context.js';
import { packIntoPages, type Page } from './pack-into-pages.js';
import { maySendNow, nextWorkingMorning } from './quiet-hours.js';

/** Spec 4: at most 3 system-timed messages to one person in a working day. */
export const SYSTEM_MESSAGES_PER_DAY = 3;

interface DueRow {
  id: bigint;
  toUserId: string;
  text: string;
}

/**
 * Sends what may go now: per person, everything due merged into one message (more only when
 * WeCom's 2048 bytes force it), at most {@link SYSTEM_MESSAGES_PER_DAY} a working day — the rest wait
 * for 07:00 of the next counting day — and nothing 22:00–07:00 or on a day that does not count.
 * The messages go to the outbox in the caller's transaction, with the rows marked released.
 * Returns how many messages it sent.
 */
export async function releaseHeldMessages(ctx: BaseContext): Promise<number> {
  const calendar = ctx.directory.calendar;
  const now = ctx.clock.now();
  if (!maySendNow(calendar, now)) return 0;
  // Two processes releasing at once: the second waits here until the first commits, then finds
  // its rows released — no message goes twice, and the day's count it reads is complete.
  await ctx.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`held-messages:${ctx.orgId}`}))`;
  const due = await ctx.tx.$queryRaw<DueRow[]>`
    SELECT id, to_userid AS "toUserId", text
      FROM held_message
     WHERE org_id = ${ctx.orgId} AND released_at IS NULL AND not_before <= ${now}
     ORDER BY to_userid, not_before, id`;
  if (due.length === 0) return 0;
  const today = calendar.dayOf(now);
  const sentToday = await countSentOn(ctx, today, [...new Set(due.map((row) => row.toUserId))]);
  const later = nextWorkingMorning(calendar, now);
  let sent = 0;
  for (const [toUserId, rows] of groupByPerson(due)) {
    const pages = packIntoPages({
      items: rows.map((row) => row.text),
      render: mergeReminders,
      maxBytes: MAX_TEXT_BYTES,
    });
    const already = sentToday.get(toUserId) ?? 0;
    const sending = pagesWithinCap(pages, SYSTEM_MESSAGES_PER_DAY - already, already === 0);
    for (const [index, page] of sending.entries()) {
      await enqueueText(ctx.tx, ctx.orgId, toUserId, page.text);
      const ids = page.items.map((item) => rows[item]!.id);
      await ctx.tx.heldMessage.updateMany({
        where: { id: { in: ids } },
        data: { releasedAt: now, releasedDay: today, daySeq: already + index + 1 },
      });
    }
    sent += sending.length;
    const released = new Set(sending.flatMap((page) => page.items));
    const waiting = rows.filter((_, index) => !released.has(index)).map((row) => row.id);
    if (waiting.length > 0)
      await ctx.tx.heldMessage.updateMany({ where: { id: { in: waiting } }, data: { notBefore: later } });
  }
  return sent;
}

/** 「校办助手提醒（3条）：」 then each text, a blank line between; one text goes as it is. */
export function mergeReminders(texts: readonly string[]): string {
  if (texts.length === 1) return texts[0]!;
  return [`校办助手提醒（${texts.length}条）：`, ...texts].join('\n\n');
}

/**
 * The first pages that fit in `room`, never leaving an item half sent. A first message of the day
 * always goes, even when one text needs more pages than the cap (else it would wait for ever).
 */
function pagesWithinCap(pages: Page[], room: number, isFirstOfDay: boolean): Page[] {
  if (pages.length <= room) return pages;
  let cut = Math.max(0, room);
  while (cut > 0 && pages[cut]!.items[0] === pages[cut - 1]!.items.at(-1)) cut -= 1;
  if (cut === 0 && isFirstOfDay) {
    const first = pages[0]!.items.at(-1);
    while (cut < pages.length && pages[cut]!.items[0] === first) cut += 1;
  }
  return pages.slice(0, cut);
}

/** How many system messages each of `people` got on `day`. */
async function countSentOn(ctx: BaseContext, day: string, people: string[]): Promise<Map<string, number>> {
  const rows = await ctx.tx.$queryRaw<{ toUserId: string; sent: number }[]>`
    SELECT to_userid AS "toUserId", max(day_seq)::int AS sent
      FROM held_message
     WHERE org_id = ${ctx.orgId} AND released_at IS NOT NULL AND released_day = ${day}
       AND to_userid IN (${Prisma.join(people)})
     GROUP BY to_userid`;
  return new Map(rows.map((row) => [row.toUserId, row.sent]));
}

function groupByPerson(rows: DueRow[]): Map<string, DueRow[]> {
  const byPerson = new Map<string, DueRow[]>();
  for (const row of rows) {
    const list = byPerson.get(row.toUserId);
    if (list) list.push(row);
    else byPerson.set(row.toUserId, [row]);
  }
  return byPerson;
}
