import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../shared/working-calendar/index.js';

/** Now is 07:00–22:00 of a counting day: a system-timed message may go now (spec 4). */
export function maySendNow(calendar: WorkingCalendar, now: Date): boolean {
  return calendar.nextSendableMoment(now).getTime() === now.getTime();
}

/** 07:00 of the next counting day after `now`'s day: where a message over the day's cap waits. */
export function nextWorkingMorning(calendar: WorkingCalendar, now: Date): Date {
  const tomorrow = DateTime.fromJSDate(now, { zone: calendar.timezone }).plus({ days: 1 }).startOf('day');
  return calendar.nextSendableMoment(tomorrow.toJSDate());
}
