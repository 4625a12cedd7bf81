import type { Schedules } from '../directory/types.js';

/** Every schedule the service runs: the four the org file times, and two of its own. */
export const SCHEDULE_NAMES = [
  'weekly_brief',
  'daily_seal_summary',
  'overdue_scan',
  'personal_digest',
  'approval_reminders',
  'timer_tick',
] as const;

export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/**
 * The schedules the org file does not time (spec 4): 催办 hourly in working hours (a few minutes
 * past the hour, as WeCom asks pushers, DOC 90236), and the tick that fires item timers (rows with a
 * due time) against the service's clock every minute.
 */
export const SERVICE_SCHEDULES = {
  approval_reminders: '5 8-17 * * 1-5',
  timer_tick: '* * * * *',
} as const satisfies Partial<Record<ScheduleName, string>>;

/** Each schedule's cron for an organisation, in its time zone. */
export function schedulesOf(config: { schedules: Schedules }): Record<ScheduleName, string> {
  return { ...config.schedules, ...SERVICE_SCHEDULES };
}

export function isScheduleName(value: string): value is ScheduleName {
  return (SCHEDULE_NAMES as readonly string[]).includes(value);
}
