import { formatRatio, type BriefKpi, type BriefSection, type BriefWeek } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';
import { describeWaitingOnLeaders, waitingOnLeaders } from '../../kit/document-brief.js';

/** the brief's heading: 收文 and 发文 stand next to each other as the 公文 part */
export const OUTGOING_BRIEF_TITLE = '公文·发文';

/**
 * 发文's part of the weekly brief (spec 4): documents drafted and issued (签发, 文号 given) this
 * week, those waiting on a leader (待领导签批: 签发, or a 会签 a leader holds), and 特急按时率.
 * References and counts only: never a title.
 */
export async function outgoingBriefSection(ctx: BaseContext, week: BriefWeek): Promise<BriefSection> {
  const [counts] = await ctx.tx.$queryRaw<{ drafted: bigint; issued: bigint; urgent: bigint; distributed: bigint }[]>`
    SELECT count(*) FILTER (WHERE created_at >= ${week.from} AND created_at < ${week.to}) AS drafted,
           count(*) FILTER (WHERE signed_at >= ${week.from} AND signed_at < ${week.to}) AS issued,
           count(*) FILTER (WHERE signed_at >= ${week.from} AND signed_at < ${week.to} AND urgency = '特急') AS urgent,
           count(*) FILTER (WHERE distributed_at >= ${week.from} AND distributed_at < ${week.to}) AS distributed
      FROM outgoing_document
     WHERE org_id = ${ctx.orgId}
       AND ((created_at >= ${week.from} AND created_at < ${week.to})
         OR (signed_at >= ${week.from} AND signed_at < ${week.to})
         OR (distributed_at >= ${week.from} AND distributed_at < ${week.to}))`;
  const urgent = Number(counts?.urgent ?? 0);
  const lines = [
    `本周签发${Number(counts?.issued ?? 0)}件${urgent > 0 ? `（特急${urgent}件）` : ''}，` +
      `新拟稿${Number(counts?.drafted ?? 0)}件，分发${Number(counts?.distributed ?? 0)}件`,
    describeWaitingOnLeaders(await waitingOnLeaders(ctx, 'outgoing')),
  ];
  return { title: OUTGOING_BRIEF_TITLE, lines, kpis: [await urgentOnTime(ctx, week)] };
}

/**
 * 特急按时率 (spec 4): 特急 发文 issued within `sla.urgent_issue_hours` (24) of drafting, over the
 * 特急 发文 issued this week or due this week and not issued by then. A due still ahead of the clock
 * has not fallen yet (Friday's brief, a draft due Saturday): it counts only once issued. A draft
 * withdrawn before sign-off is left out; one withdrawn after (its 文号 voided) was issued and counts.
 */
async function urgentOnTime(ctx: BaseContext, week: BriefWeek): Promise<BriefKpi> {
  const hours = ctx.directory.config.sla.urgent_issue_hours;
  const [row] = await ctx.tx.$queryRaw<{ due: bigint; on_time: bigint }[]>`
    SELECT count(*) AS due,
           count(*) FILTER (WHERE signed_at <= created_at + ${hours}::int * interval '1 hour') AS on_time
      FROM outgoing_document
     WHERE org_id = ${ctx.orgId} AND urgency = '特急' AND (state <> 'cancelled' OR signed_at IS NOT NULL)
       AND ((signed_at >= ${week.from} AND signed_at < ${week.to})
         OR (issue_due_at >= ${week.from} AND issue_due_at < ${week.to} AND issue_due_at <= ${ctx.clock.now()}
             AND (signed_at IS NULL OR signed_at > issue_due_at)))`;
  return { name: '特急按时率', value: formatRatio(Number(row?.on_time ?? 0), Number(row?.due ?? 0)) };
}
