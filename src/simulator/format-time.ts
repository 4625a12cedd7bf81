import { DateTime } from 'luxon';

/** `11-22 10:31:05` in the school's time zone: how the office reads a time. */
export function formatLocalTime(at: Date | string, timezone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return DateTime.fromJSDate(date, { zone: timezone }).toFormat('MM-dd HH:mm:ss');
}
