import type { CalendarParts } from './calendar-parts.js';

/**
 * How many counting days ended (18:00) after `from` and by `to`: the days d with
 * from < end(d) ≤ to. A task due Friday 18:00 is 0 working days overdue all weekend and on
 * Monday until 18:00, then 1. Zero when `to` is not after `from`.
 */
export function workingDaysBetween({ rules, clock, windowOf }: CalendarParts, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  const firstDay = clock.dayOf(fromMs);
  const lastDay = clock.dayOf(toMs);
  let count = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!rules.countsForDeadlines(day)) continue;
    // only the first and the last day can end outside (from, to]
    if (day > firstDay && day < lastDay) count++;
    else {
      const ends = windowOf(day).workEnds;
      if (fromMs < ends && ends <= toMs) count++;
    }
  }
  return count;
}
