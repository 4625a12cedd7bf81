import type { CalendarParts } from './calendar-parts.js';

const MS_PER_HOUR = 3_600_000;

/**
 * Hours of `from`–`to` that fall within 08:00–18:00 of counting days (催办 after
 * `approval_reminder_hours`, the brief's 公文处理时效), as a fraction: a night, a weekend or a
 * closure adds nothing. Zero when `to` is not after `from`.
 */
export function workingHoursBetween({ rules, clock, windowOf }: CalendarParts, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  let workingMs = 0;
  for (let day = clock.dayOf(fromMs), lastDay = clock.dayOf(toMs); day <= lastDay; day++) {
    if (!rules.countsForDeadlines(day)) continue;
    const { workStarts, workEnds } = windowOf(day);
    workingMs += Math.max(0, Math.min(workEnds, toMs) - Math.max(workStarts, fromMs));
  }
  return workingMs / MS_PER_HOUR;
}
