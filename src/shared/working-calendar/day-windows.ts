import type { DayNumber } from './calendar-day.js';
import { END_OF_WORKING_DAY, QUIET_HOURS_END, QUIET_HOURS_START, START_OF_WORKING_DAY } from './working-hours.js';
import { parseTimeOfDay, type ZoneClock } from './zone-clock.js';

/** The instants (ms) that bound one local day's working hours and sending hours. */
export interface DayWindow {
  /** 07:00: system-timed messages may go from here */
  sendingOpens: number;
  /** 08:00 */
  workStarts: number;
  /** 18:00: what a date-only deadline means */
  workEnds: number;
  /** 22:00: quiet hours begin */
  sendingCloses: number;
}

const times = {
  sendingOpens: parseTimeOfDay(QUIET_HOURS_END),
  workStarts: parseTimeOfDay(START_OF_WORKING_DAY),
  workEnds: parseTimeOfDay(END_OF_WORKING_DAY),
  sendingCloses: parseTimeOfDay(QUIET_HOURS_START),
};

/** Memoised per day: luxon's zone arithmetic is the slow part of every question asked. */
export function createDayWindows(clock: ZoneClock): (day: DayNumber) => DayWindow {
  const windows = new Map<DayNumber, DayWindow>();
  return (day) => {
    let window = windows.get(day);
    if (window === undefined) {
      window = {
        sendingOpens: clock.instantAt(day, times.sendingOpens),
        workStarts: clock.instantAt(day, times.workStarts),
        workEnds: clock.instantAt(day, times.workEnds),
        sendingCloses: clock.instantAt(day, times.sendingCloses),
      };
      windows.set(day, window);
    }
    return window;
  };
}
