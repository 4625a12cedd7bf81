import type { WorkingCalendar } from '../shared/working-calendar/index.js';

/** How far ahead the calendar must know the State Council's arrangement (spec 4). */
export const COVERAGE_DAYS = 60;

/**
 * The warning for an operator when the coming days include a year neither chinese-days nor the org
 * file's `calendar.holidays` covers (deadlines, reminders and the brief would then treat 春节 as
 * ordinary weekdays), or undefined. Pure.
 */
export function describeCalendarCoverage(calendar: WorkingCalendar, now: Date): string | undefined {
  const uncovered = calendar.uncoveredDays(now, COVERAGE_DAYS);
  if (uncovered.length === 0) return undefined;
  const years = [...new Set(uncovered.map((day) => day.slice(0, 4)))];
  return (
    `calendar: ${uncovered.length} of the coming ${COVERAGE_DAYS} days (from ${uncovered[0]}) are in ${years.join(', ')}, ` +
    `which neither the holiday package nor calendar.holidays covers: they count as plain Monday–Friday weeks. ` +
    `Add the State Council's arrangement under calendar.holidays: { "${years[0]}": { off: [...], work: [...] } }`
  );
}
