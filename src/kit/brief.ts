import { DateTime } from 'luxon';

/**
 * The weekly brief (每周工作简报, spec 4) is assembled from sections the workflows contribute
 * through {@link WorkflowModule.briefSection}: a workflow that is not built contributes nothing, so
 * the brief never shows a number nobody computed.
 */

/** [from, to) of the brief: a week in the organisation's zone, Monday 00:00 to the next Monday. */
export interface BriefWeek {
  from: Date;
  to: Date;
}

/** An open item past its deadline that is not a work item of its own (the brief lists work items itself). */
export interface OverdueItem {
  /** Y3, R12 */
  ref: string;
  /** safe to show: never the content of a 秘密/机密 item */
  subject: string;
  /** whom it waits on, by name */
  holders: string[];
  dueAt: Date;
}

export interface BriefKpi {
  /** 任务按期完成率 */
  name: string;
  /** 1/3（33%）, or — for an empty denominator (spec 4) */
  value: string;
}

/** One workflow's part of the brief: a heading, its lines (WeCom markdown), KPIs, overdue items. */
export interface BriefSection {
  title: string;
  lines: string[];
  kpis?: BriefKpi[];
  /** joins the brief's list of the most overdue items */
  overdue?: OverdueItem[];
}

/** The week (Monday 00:00 to the next Monday 00:00, org zone) that `at` falls in: what 简报 shows. */
export function weekContaining(at: Date, timezone: string): BriefWeek {
  const monday = DateTime.fromJSDate(at, { zone: timezone }).startOf('week');
  return { from: monday.toJSDate(), to: monday.plus({ weeks: 1 }).toJSDate() };
}

/** A share as the brief shows a KPI: 「1/3（33%）」, or 「—」 when nothing was due (spec 4). */
export function formatRatio(count: number, of: number): string {
  return of > 0 ? `${count}/${of}（${Math.round((count / of) * 100)}%）` : '—';
}
