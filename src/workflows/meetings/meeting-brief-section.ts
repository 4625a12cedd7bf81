import { formatRatio, type BriefSection, type BriefWeek } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';
import { HELD_STATES } from './meeting-store.js';

const KINDS = ['决策会', '协调会', '培训会'];

/**
 * 会议's part of the weekly brief (spec 4: meetings held and minutes on time, and 纪要按时率).
 * Held: meetings that ended this week by the time the brief is built. Minutes that fell due this
 * week (their `minutes_due_at`, `minutes_due_hours` after the end, set with the meeting's timers):
 * published by then (on time), published later, or not yet published — a due time still ahead of
 * the clock (Friday 16:05 and minutes due at 18:00) counts only once met, as 任务按期完成率 does.
 * 纪要按时率 = on time ÷ fell due, `—` when none fell due. Counts only: no minutes text.
 */
export async function meetingBriefSection(ctx: BaseContext, week: BriefWeek): Promise<BriefSection> {
  const now = ctx.clock.now();
  const held = await ctx.tx.meeting.groupBy({
    by: ['kind'],
    where: {
      orgId: ctx.orgId,
      state: { in: [...HELD_STATES] },
      endsAt: { gte: week.from, lt: week.to, lte: now },
    },
    _count: { _all: true },
  });
  const [minutes] = await ctx.tx.$queryRaw<{ due: bigint; on_time: bigint; late: bigint; missing: bigint }[]>`
    SELECT count(*) AS due,
           count(*) FILTER (WHERE minutes_published_at <= minutes_due_at) AS on_time,
           count(*) FILTER (WHERE minutes_published_at > minutes_due_at) AS late,
           count(*) FILTER (WHERE minutes_published_at IS NULL) AS missing
      FROM meeting
     WHERE org_id = ${ctx.orgId} AND state = ANY(${[...HELD_STATES]}::text[])
       AND minutes_due_at >= ${week.from} AND minutes_due_at < ${week.to}
       AND (minutes_due_at <= ${now} OR minutes_published_at <= minutes_due_at)`;
  const due = Number(minutes?.due ?? 0);
  const onTime = Number(minutes?.on_time ?? 0);
  const kpis = [{ name: '纪要按时率', value: formatRatio(onTime, due) }];

  const byKind = new Map(held.map((row) => [row.kind, row._count._all]));
  const heldCount = [...byKind.values()].reduce((sum, count) => sum + count, 0);
  const lines = [
    heldCount === 0
      ? '本周没有召开会议'
      : `本周召开会议${heldCount}场（${KINDS.filter((kind) => byKind.has(kind))
          .map((kind) => `${kind}${byKind.get(kind)}场`)
          .join('、')}）`,
    due === 0
      ? '本周没有到期的会议纪要'
      : `本周到期纪要${due}份：按时发布${onTime}份，逾期发布${Number(minutes?.late ?? 0)}份，尚未发布${Number(minutes?.missing ?? 0)}份`,
  ];
  return { title: '会议', lines, kpis };
}
