import { dayStringOf, yearOf } from './calendar-day.js';
import type { CalendarParts } from './calendar-parts.js';

/**
 * The days among `from`'s local day and the `days - 1` after it whose year neither the holiday
 * package nor the org file's `holidays` covers: there the calendar falls back to Monday–Friday
 * and misses the year's holidays and 调休, hence spec 4's warning at start.
 */
export function uncoveredDays({ rules, clock }: CalendarParts, from: Date, days: number): string[] {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, not ${days}`);
  const firstDay = clock.dayOf(from.getTime());
  const uncovered: string[] = [];
  for (let day = firstDay; day < firstDay + days; day++)
    if (!rules.isCovered(yearOf(day))) uncovered.push(dayStringOf(day));
  return uncovered;
}
