import type { CalendarParts } from './calendar-parts.js';
import { parseTimeOfDay } from './zone-clock.js';
import { START_OF_WORKING_DAY } from './working-hours.js';

const workStarts = parseTimeOfDay(START_OF_WORKING_DAY);

/**
 * `n` counting days after `from`, at the same local time. Something that arrives on a day that
 * does not count (a Saturday, 国庆, a closure) is taken as arriving when the office opens on the
 * next counting day (08:00), so `n = 0` is the next counting moment and a Saturday's item with
 * two working days is due Wednesday 08:00, as if it had come in on Monday morning.
 */
export function addWorkingDays({ rules, clock }: CalendarParts, from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days to add must be a whole number ≥ 0, not ${n}`);
  const fromDay = clock.dayOf(from.getTime());
  const arrivesOnCountingDay = rules.countsForDeadlines(fromDay);
  // `from` itself, not rebuilt from its time of day: in an hour a DST change repeats, that picks the other one
  if (arrivesOnCountingDay && n === 0) return new Date(from.getTime());

  let day = arrivesOnCountingDay ? fromDay : rules.nextCountingDay(fromDay);
  for (let left = n; left > 0; left--) day = rules.nextCountingDay(day);
  return new Date(clock.instantAt(day, arrivesOnCountingDay ? clock.timeOf(from.getTime()) : workStarts));
}
