import { dayNumberOf, dayStringOf, isoWeekdayOf, type DayNumber } from './calendar-day.js';
import type { CalendarConfig } from './calendar-config.js';
import { packageCoversYear, packageDecision } from './package-holidays.js';

/** Which days count, by day number, memoised: the overdue scan asks about the same few weeks thousands of times. */
export interface DayRules {
  isWorkingDay(day: DayNumber): boolean;
  countsForDeadlines(day: DayNumber): boolean;
  isCovered(year: number): boolean;
  /** the first day after `day` that counts for deadlines */
  nextCountingDay(day: DayNumber): DayNumber;
}

/**
 * Closures are finite, so a counting day always comes; a year without one is a closure typed with
 * the wrong year, and failing says so where looping on would hang the worker.
 */
const LONGEST_SEARCH_DAYS = 366;

export function createDayRules(calendar: CalendarConfig): DayRules {
  const extraWorkdays = new Set(calendar.extraWorkdays);
  const extraHolidays = new Set(calendar.extraHolidays);
  const orgYears = new Map(
    Object.entries(calendar.holidays).map(([year, days]) => [
      year,
      { off: new Set(days.off), work: new Set(days.work) },
    ]),
  );
  const closures = calendar.closures.map((closure) => ({
    from: dayNumberOf(closure.from),
    to: dayNumberOf(closure.to),
  }));
  const working = new Map<DayNumber, boolean>();
  const counting = new Map<DayNumber, boolean>();

  /** The org file's own dates first, then its year, then the package, then Monday–Friday. */
  function decideWorkingDay(day: DayNumber): boolean {
    const text = dayStringOf(day);
    if (extraWorkdays.has(text)) return true;
    if (extraHolidays.has(text)) return false;
    const isWeekday = isoWeekdayOf(day) <= 5;
    // A year the org file lists is decided by the file alone: it is the State Council's whole
    // arrangement for that year, entered because the package lacks it or has it wrong.
    const orgYear = orgYears.get(text.slice(0, 4));
    if (orgYear !== undefined) return orgYear.work.has(text) || (isWeekday && !orgYear.off.has(text));
    return packageDecision(text) ?? isWeekday;
  }

  function isWorkingDay(day: DayNumber): boolean {
    let answer = working.get(day);
    if (answer === undefined) working.set(day, (answer = decideWorkingDay(day)));
    return answer;
  }

  function countsForDeadlines(day: DayNumber): boolean {
    let answer = counting.get(day);
    if (answer === undefined) {
      answer = isWorkingDay(day) && !closures.some((closure) => closure.from <= day && day <= closure.to);
      counting.set(day, answer);
    }
    return answer;
  }

  return {
    isWorkingDay,
    countsForDeadlines,
    isCovered: (year) => packageCoversYear(year) || orgYears.has(String(year)),
    nextCountingDay: (day) => {
      for (let next = day + 1; next <= day + LONGEST_SEARCH_DAYS; next++) if (countsForDeadlines(next)) return next;
      throw new Error(
        `no working day outside closures within ${LONGEST_SEARCH_DAYS} days after ${dayStringOf(day)}: check the calendar of the org file`,
      );
    },
  };
}
