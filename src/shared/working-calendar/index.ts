export type { CalendarConfig, Closure, HolidayYear } from './calendar-config.js';
export { createWorkingCalendar } from './create-working-calendar.js';
export type { WorkingCalendar } from './working-calendar.js';
export { END_OF_WORKING_DAY, QUIET_HOURS_END, QUIET_HOURS_START, START_OF_WORKING_DAY } from './working-hours.js';
