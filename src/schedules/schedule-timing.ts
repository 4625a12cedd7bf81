import { CronExpressionParser } from 'cron-parser';

/**
 * How a schedule's cron is read (spec 4):
 * - `working_days`: day-of-week `1-5` means the office's working days (holidays skipped, 调休
 *   weekends included), which no cron can say. BullMQ fires it every day at its time and the run
 *   skips a day that is not a working day.
 * - `weekly`: one day of the week (the weekly brief, Friday). It goes on that day when it is a
 *   working day, else on the week's last working day (a holiday Friday → Thursday). BullMQ fires it
 *   every day at its time; the period is the week.
 * - `as_written`: anything else runs when its cron says (the every-minute tick).
 */
export type DayRule = 'as_written' | 'working_days' | 'weekly';

/** What one period is: its key says which, e.g. 2026-12-04 (day) or 2026-W49 (week). */
export type PeriodGranularity = 'minute' | 'hour' | 'day' | 'week';

export interface ScheduleTiming {
  /** as configured */
  cron: string;
  /** what the BullMQ job scheduler fires on; the working-day rules are applied by the run */
  firingCron: string;
  dayRule: DayRule;
  granularity: PeriodGranularity;
  /** weekly: the configured ISO weekday (1 Monday … 7 Sunday), hour and minute */
  weekly?: { weekday: number; hour: number; minute: number };
}

const WORKING_WEEK = '1,2,3,4,5';

/** Reads a 5-field cron (the org file validates them when it loads). Pure; throws on a bad cron. */
export function scheduleTiming(cron: string): ScheduleTiming {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new RangeError(`${JSON.stringify(cron)} is not a 5-field cron expression`);
  const [minuteField, hourField, dayOfMonthField, monthField] = fields as [string, string, string, string, string];
  const parsed = CronExpressionParser.parse(cron).fields;
  const minutes = parsed.minute.values.map(Number);
  const hours = parsed.hour.values.map(Number);
  // cron-parser lists Sunday as both 0 and 7 when the field is a wildcard
  const weekdays = [...new Set(parsed.dayOfWeek.values.map((day) => (Number(day) === 7 ? 0 : Number(day))))].sort();
  const granularity: PeriodGranularity = minutes.length > 1 ? 'minute' : hours.length > 1 ? 'hour' : 'day';
  const everyDay = `${minuteField} ${hourField} ${dayOfMonthField} ${monthField} *`;

  if (parsed.dayOfWeek.isWildcard) return { cron, firingCron: cron, dayRule: 'as_written', granularity };
  if (weekdays.join(',') === WORKING_WEEK) return { cron, firingCron: everyDay, dayRule: 'working_days', granularity };
  if (weekdays.length === 1 && granularity === 'day' && parsed.dayOfMonth.isWildcard && parsed.month.isWildcard) {
    const weekday = weekdays[0] === 0 ? 7 : weekdays[0]!;
    return {
      cron,
      firingCron: everyDay,
      dayRule: 'weekly',
      granularity: 'week',
      weekly: { weekday, hour: hours[0]!, minute: minutes[0]! },
    };
  }
  return { cron, firingCron: cron, dayRule: 'as_written', granularity };
}
