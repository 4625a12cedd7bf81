import type { DayRules } from './day-rules.js';
import type { DayWindow } from './day-windows.js';
import type { DayNumber } from './calendar-day.js';
import type { ZoneClock } from './zone-clock.js';

/** What each calculation needs: which days count, the zone, and each day's hours. */
export interface CalendarParts {
  rules: DayRules;
  clock: ZoneClock;
  windowOf(day: DayNumber): DayWindow;
}
