import { DateTime } from 'luxon';

/** `11-22 10:31` in the organisation's zone: how times appear in chat and on cards. */
export function shortTime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('MM-dd HH:mm');
}

/** `2026-11-22 10:31` for histories and registers. */
export function fullTime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-MM-dd HH:mm');
}
