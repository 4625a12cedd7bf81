import { DateTime } from 'luxon';
import type { BriefSection, BriefWeek, OverdueItem } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { mostOverdueItems } from './most-overdue-items.js';
import { reportRecipients, sendReport } from './send-report.js';

/** spec 4: the brief lists the 10 most overdue items */
export const MOST_OVERDUE_COUNT = 10;

/**
 * 每周工作简报 for `week` as WeCom markdown: a section from each workflow that contributes one (in
 * the catalog's order; a workflow not built has none, so no number is made up), then the
 * {@link MOST_OVERDUE_COUNT} open items longest past their due time with their working days
 * overdue. Blocks are separated by a blank line, where a long brief is split into messages.
 */
export async function buildWeeklyBrief(ctx: BaseContext, modules: WorkflowModule[], week: BriefWeek): Promise<string> {
  const sections: BriefSection[] = [];
  for (const module of modules) {
    const section = await module.briefSection?.(ctx, week);
    if (section) sections.push(section);
  }
  const overdue = mostOverdueOf([
    ...(await mostOverdueItems(ctx, MOST_OVERDUE_COUNT)),
    ...sections.flatMap((section) => section.overdue ?? []),
  ]);
  const from = DateTime.fromJSDate(week.from, { zone: ctx.timezone });
  const lastDay = DateTime.fromJSDate(new Date(week.to.getTime() - 1), { zone: ctx.timezone });
  const title = `**每周工作简报（${from.toFormat('M月d日')}—${lastDay.toFormat('M月d日')}）**`;
  return [title, ...sections.map(renderSection), renderOverdue(ctx, overdue)].join('\n\n');
}

/**
 * Sends the brief for `week` at once to every leader (校领导, 校长) and the office director; marked
 * 「（迟发）」 when it goes after its time. Returns how many messages it queued.
 */
export async function sendWeeklyBrief(
  ctx: BaseContext,
  modules: WorkflowModule[],
  week: BriefWeek,
  options: { isLate: boolean },
): Promise<number> {
  const brief = await buildWeeklyBrief(ctx, modules, week);
  return sendReport(ctx, reportRecipients(ctx, ['leader', 'principal', 'office_director']), brief, options);
}

function renderSection(section: BriefSection): string {
  const kpis = (section.kpis ?? []).map((kpi) => `${kpi.name}：${kpi.value}`);
  return [`**${section.title}**`, ...section.lines, ...kpis].join('\n');
}

/** Oldest due first, one entry per reference (a section may name an item the work items hold too). */
function mostOverdueOf(items: OverdueItem[]): OverdueItem[] {
  const byRef = new Map<string, OverdueItem>();
  for (const item of items) {
    const known = byRef.get(item.ref);
    if (!known || item.dueAt < known.dueAt) byRef.set(item.ref, item);
  }
  return [...byRef.values()]
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.ref.localeCompare(b.ref))
    .slice(0, MOST_OVERDUE_COUNT);
}

/** 「1、R3 修订教学常规｜刘洋｜逾期2个工作日」: overdue derived from the calendar now, never stored. */
function renderOverdue(ctx: BaseContext, items: OverdueItem[]): string {
  const heading = `**逾期最久的事项（前${MOST_OVERDUE_COUNT}项）**`;
  if (items.length === 0) return `${heading}\n没有逾期的事项`;
  const now = ctx.clock.now();
  const lines = items.map((item, index) => {
    const days = ctx.directory.calendar.workingDaysBetween(item.dueAt, now);
    const overdue = days > 0 ? `逾期${days}个工作日` : '已过截止时间';
    return `${index + 1}、${item.ref} ${item.subject}｜${item.holders.join('、') || '—'}｜${overdue}`;
  });
  return [heading, ...lines].join('\n');
}
