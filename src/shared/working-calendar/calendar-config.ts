/**
 * The `calendar:` block of the org file (spec 2.3) after validation. It lives here, beside the
 * calendar that reads it, so that the directory's types can name the calendar without the two
 * folders importing each other; `src/directory/types.ts` re-exports these names.
 */

/** A period the school is closed (寒暑假), both days included: no reminders, no deadline day counts. */
export interface Closure {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, not before `from` */
  to: string;
  name: string;
}

/** One year's State Council holiday arrangement, for years the holiday package does not cover yet. */
export interface HolidayYear {
  /** YYYY-MM-DD days off (holidays, including weekdays moved into them) */
  off: string[];
  /** YYYY-MM-DD weekend days that are working days (调休) */
  work: string[];
}

export interface CalendarConfig {
  extraHolidays: string[];
  extraWorkdays: string[];
  closures: Closure[];
  /** by year, "2027" */
  holidays: Record<string, HolidayYear>;
}
