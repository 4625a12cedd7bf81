import { addWorkingDays } from './add-working-days.js';
import { dayNumberOf, dayStringOf } from './calendar-day.js';
import type { CalendarConfig } from './calendar-config.js';
import type { CalendarParts } from './calendar-parts.js';
import { createDayRules } from './day-rules.js';
import { createDayWindows } from './day-windows.js';
import { nextSendableMoment } from './next-sendable-moment.js';
import { uncoveredDays } from './uncovered-days.js';
import type { WorkingCalendar } from './working-calendar.js';
import { workingDaysBetween } from './working-days-between.js';
import { workingHoursBetween } from './working-hours-between.js';
import { createZoneClock } from './zone-clock.js';

/**
 * The calendar of one organisation, built once per load of the org file (the Directory holds it).
 * Throws a RangeError for a time zone luxon does not know or a closure date that is not a date.
 */
export function createWorkingCalendar(options: { calendar: CalendarConfig; timezone: string }): WorkingCalendar {
  const clock = createZoneClock(options.timezone);
  const parts: CalendarParts = {
    rules: createDayRules(options.calendar),
    clock,
    windowOf: createDayWindows(clock),
  };
  const { rules, windowOf } = parts;
  // The overdue scan asks about the same days thousands of times: parse each day string once.
  const dayNumbers = new Map<string, number>();
  const dayNumber = (day: string) => {
    let parsed = dayNumbers.get(day);
    if (parsed === undefined) dayNumbers.set(day, (parsed = dayNumberOf(day)));
    return parsed;
  };

  return {
    timezone: options.timezone,
    dayOf: (at) => dayStringOf(clock.dayOf(at.getTime())),
    isWorkingDay: (day) => rules.isWorkingDay(dayNumber(day)),
    countsForDeadlines: (day) => rules.countsForDeadlines(dayNumber(day)),
    addWorkingDays: (from, n) => addWorkingDays(parts, from, n),
    endOfWorkingDay: (day) => new Date(windowOf(dayNumber(day)).workEnds),
    workingDaysBetween: (from, to) => workingDaysBetween(parts, from, to),
    workingHoursBetween: (from, to) => workingHoursBetween(parts, from, to),
    nextSendableMoment: (at) => nextSendableMoment(parts, at),
    uncoveredDays: (from, days) => uncoveredDays(parts, from, days),
    isCovered: (year) => rules.isCovered(year),
  };
}
