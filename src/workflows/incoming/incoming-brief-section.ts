import { formatRatio, type BriefKpi, type BriefSection, type BriefWeek } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';
import { describeWaitingOnLeaders, formatHours, median, namedFew, waitingOnLeaders } from '../../kit/document-brief.js';
import { personName } from '../../kit/people.js';

/** the brief's heading: 收文 and 发文 stand next to each other as the 公文 part */
export const INCOMING_BRIEF_TITLE = '公文·收文';

/**
 * 收文's part of the weekly brief (spec 4): documents received, completed and archived this week,
 * those waiting on a leader (待领导签批), readers past their due (传阅逾期, from the open doc_reading
 * work items and the calendar), and 公文处理时效. References and names only: never a title, so a
 * 秘密/机密 document shows nothing more than its reference.
 */
export async function incomingBriefSection(ctx: BaseContext, week: BriefWeek): Promise<BriefSection> {
  const [counts] = await ctx.tx.$queryRaw<{ received: bigint; urgent: bigint; completed: bigint; archived: bigint }[]>`
    SELECT count(*) FILTER (WHERE received_at >= ${week.from} AND received_at < ${week.to}) AS received,
           count(*) FILTER (WHERE received_at >= ${week.from} AND received_at < ${week.to} AND urgency = '特急') AS urgent,
           count(*) FILTER (WHERE completed_at >= ${week.from} AND completed_at < ${week.to}) AS completed,
           count(*) FILTER (WHERE archived_at >= ${week.from} AND archived_at < ${week.to}) AS archived
      FROM incoming_document
     WHERE org_id = ${ctx.orgId}
       AND ((received_at >= ${week.from} AND received_at < ${week.to})
         OR (completed_at >= ${week.from} AND completed_at < ${week.to})
         OR (archived_at >= ${week.from} AND archived_at < ${week.to}))`;
  const urgent = Number(counts?.urgent ?? 0);
  const lines = [
    `本周收文${Number(counts?.received ?? 0)}件${urgent > 0 ? `（特急${urgent}件）` : ''}，` +
      `办结${Number(counts?.completed ?? 0)}件，归档${Number(counts?.archived ?? 0)}件`,
    describeWaitingOnLeaders(await waitingOnLeaders(ctx, 'incoming')),
    await overdueReadings(ctx),
  ];
  return { title: INCOMING_BRIEF_TITLE, lines, kpis: [await handlingTime(ctx, week)] };
}

/** 「传阅逾期：2人次（S2 刘洋 逾期1个工作日，S4 何军 已过截止时间）」: open [已阅] past their due now. */
async function overdueReadings(ctx: BaseContext): Promise<string> {
  const now = ctx.clock.now();
  const items = await ctx.tx.workItem.findMany({
    where: { orgId: ctx.orgId, workflow: 'incoming', kind: 'doc_reading', doneAt: null, dueAt: { lt: now } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
  });
  if (items.length === 0) return '传阅逾期：0人次';
  const described = items.map((item) => {
    const days = ctx.directory.calendar.workingDaysBetween(item.dueAt!, now);
    const late = days > 0 ? `逾期${days}个工作日` : '已过截止时间';
    return `${item.itemRef} ${personName(ctx.directory, item.holderId)} ${late}`;
  });
  return `传阅逾期：${items.length}人次（${namedFew(described, '人次')}）`;
}

/**
 * 公文处理时效 (spec 4): over the documents 办结 this week, the median of the working hours from
 * registration (收文日期) to 办结 on the org's calendar (nights, weekends, holidays add nothing; a
 * 调休 Saturday counts), and how many of those with a 办理时限 were 办结 by it.
 */
async function handlingTime(ctx: BaseContext, week: BriefWeek): Promise<BriefKpi> {
  const completed = await ctx.tx.incomingDocument.findMany({
    where: { orgId: ctx.orgId, completedAt: { gte: week.from, lt: week.to } },
    select: { receivedAt: true, completedAt: true, handlingDueAt: true },
  });
  const hours = median(
    completed.map((document) => ctx.directory.calendar.workingHoursBetween(document.receivedAt, document.completedAt!)),
  );
  if (hours === undefined) return { name: '公文处理时效', value: '—' };
  const withDeadline = completed.filter((document) => document.handlingDueAt !== null);
  const onTime = withDeadline.filter((document) => document.completedAt! <= document.handlingDueAt!).length;
  return {
    name: '公文处理时效',
    value: `中位${formatHours(hours)}个工作小时，按期办结${formatRatio(onTime, withDeadline.length)}`,
  };
}
