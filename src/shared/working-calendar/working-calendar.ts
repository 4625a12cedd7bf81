/**
 * The organisation's working days (spec 4), in its time zone. Days are 'YYYY-MM-DD' in that zone;
 * instants are Dates. Pure and memoised: nothing here reads the clock, a file or the database.
 *
 * Two notions of a day:
 * - a **working day** (`isWorkingDay`) is a day the office works: the org file's `holidays` for a
 *   year it lists, else the `chinese-days` package for the years it covers, else Monday–Friday;
 *   `extra_holidays` and `extra_workdays` win over all three.
 * - a **counting day** (`countsForDeadlines`) is a working day outside every `closures` range: in
 *   寒暑假 the office may still work, but "no reminders, and no deadline day counts inside".
 * Every calculation below counts counting days: deadlines, overdue days, working hours, and when
 * a system-timed message may go.
 */
export interface WorkingCalendar {
  readonly timezone: string;
  /** the day in the org time zone that `at` falls on */
  dayOf(at: Date): string;
  isWorkingDay(day: string): boolean;
  /** a working day outside every closure */
  countsForDeadlines(day: string): boolean;
  /**
   * `n` (a whole number ≥ 0) counting days after `from`, at the same local time. From a day that
   * does not count, counting starts at 08:00 of the next counting day, so `n = 0` is the next
   * counting moment (`from` itself on a counting day).
   */
  addWorkingDays(from: Date, n: number): Date;
  /** 18:00 (`END_OF_WORKING_DAY`) of `day`: what a date-only deadline means */
  endOfWorkingDay(day: string): Date;
  /**
   * How many counting days ended after `from` and by `to` (days d with from < 18:00 of d ≤ to):
   * "overdue by N working days" with from = the due time. 0 when `to` is not after `from`.
   */
  workingDaysBetween(from: Date, to: Date): number;
  /** Hours of `from`–`to` within 08:00–18:00 of counting days, fractional; 0 when `to` is not after `from`. */
  workingHoursBetween(from: Date, to: Date): number;
  /** `at` when a system-timed message may go then (07:00–22:00 of a counting day), else the next 07:00 of one. */
  nextSendableMoment(at: Date): Date;
  /** `from`'s day and the `days - 1` after it whose year is covered neither by the package nor by `holidays` */
  uncoveredDays(from: Date, days: number): string[];
  /** the package or the org file's `holidays` has the State Council's arrangement for `year` */
  isCovered(year: number): boolean;
}
