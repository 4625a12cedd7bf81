import type { CalendarConfig } from '../../../src/shared/working-calendar/index.js';
import { createWorkingCalendar } from '../../../src/shared/working-calendar/index.js';

/** '2026-12-04 18:00' in Asia/Shanghai (UTC+8, no DST) as an instant. */
export function shanghai(localTime: string): Date {
  const [day, time = '00:00'] = localTime.split(' ');
  return new Date(`${day}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}

export function calendarWith(calendar: Partial<CalendarConfig> = {}, timezone = 'Asia/Shanghai') {
  return createWorkingCalendar({
    calendar: { extraHolidays: [], extraWorkdays: [], closures: [], holidays: {}, ...calendar },
    timezone,
  });
}

/**
 * An arrangement for 2027 written the way the State Council publishes one. The real notice was not
 * at hand (chinese-days 1.5.7 stops at 2026), so these dates are illustrative, not official:
 * 春节 from 除夕 (Fri 02-05) to Fri 02-12 off, Sat 02-20 a make-up working day; 元旦 Fri 01-01.
 */
export const ILLUSTRATIVE_2027 = {
  off: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
  ],
  work: ['2027-02-20'],
};

/** 寒假 as the spec's own example writes it (2.3). */
export const WINTER_BREAK = { from: '2027-01-25', to: '2027-02-20', name: '寒假' };
