import { describe, expect, it } from 'vitest';
import { END_OF_WORKING_DAY, START_OF_WORKING_DAY } from '../../../src/shared/working-calendar/index.js';
import { calendarWith, ILLUSTRATIVE_2027, shanghai, WINTER_BREAK } from './calendar-fixtures.js';

const plain = calendarWith();
const winter = calendarWith({ closures: [WINTER_BREAK], holidays: { '2027': ILLUSTRATIVE_2027 } });

describe('endOfWorkingDay', () => {
  it('is 18:00 of the day in the org time zone', () => {
    expect(END_OF_WORKING_DAY).toBe('18:00');
    expect(START_OF_WORKING_DAY).toBe('08:00');
    expect(plain.endOfWorkingDay('2026-12-04')).toEqual(shanghai('2026-12-04 18:00'));
    expect(calendarWith({}, 'Europe/Berlin').endOfWorkingDay('2026-12-04')).toEqual(new Date('2026-12-04T17:00:00Z'));
  });
});

describe('addWorkingDays', () => {
  it('keeps the time of day and skips a weekend', () => {
    expect(plain.addWorkingDays(shanghai('2026-12-04 10:00'), 1)).toEqual(shanghai('2026-12-07 10:00'));
    expect(plain.addWorkingDays(shanghai('2026-12-03 16:30'), 2)).toEqual(shanghai('2026-12-07 16:30'));
    expect(plain.addWorkingDays(shanghai('2026-12-04 10:00'), 0)).toEqual(shanghai('2026-12-04 10:00'));
  });

  it('skips 国庆 and counts its make-up Saturday', () => {
    expect(plain.addWorkingDays(shanghai('2026-09-30 15:00'), 1)).toEqual(shanghai('2026-10-08 15:00'));
    expect(plain.addWorkingDays(shanghai('2026-09-30 15:00'), 3)).toEqual(shanghai('2026-10-10 15:00'));
    expect(plain.addWorkingDays(shanghai('2026-09-30 15:00'), 4)).toEqual(shanghai('2026-10-12 15:00'));
  });

  it('starts from 08:00 of the next counting day when `from` is on a day that does not count', () => {
    expect(plain.addWorkingDays(shanghai('2026-12-05 11:00'), 0)).toEqual(shanghai('2026-12-07 08:00'));
    expect(plain.addWorkingDays(shanghai('2026-12-05 11:00'), 2)).toEqual(shanghai('2026-12-09 08:00'));
    expect(plain.addWorkingDays(shanghai('2026-10-03 09:00'), 1)).toEqual(shanghai('2026-10-09 08:00'));
    // the Saturday before the 调休 Sunday: the Sunday is the next counting day
    expect(plain.addWorkingDays(shanghai('2026-09-19 20:00'), 0)).toEqual(shanghai('2026-09-20 08:00'));
  });

  it('counts no day inside a closure', () => {
    // Friday before 寒假, one day: the Monday after it (its make-up Saturday 02-20 is inside)
    expect(winter.addWorkingDays(shanghai('2027-01-22 10:00'), 1)).toEqual(shanghai('2027-02-22 10:00'));
    expect(winter.addWorkingDays(shanghai('2027-02-01 10:00'), 0)).toEqual(shanghai('2027-02-22 08:00'));
  });

  it('returns `from` itself for n = 0 on a counting day, even in the hour a DST change repeats', () => {
    // New York's 01:30 comes twice on 2026-11-01; rebuilt from its time of day, it is the first one
    const newYork = calendarWith({ extraWorkdays: ['2026-11-01'] }, 'America/New_York');
    const secondHalfPastOne = new Date('2026-11-01T06:30:00Z');
    expect(newYork.addWorkingDays(secondHalfPastOne, 0)).toEqual(secondHalfPastOne);
    expect(newYork.addWorkingDays(secondHalfPastOne, 1)).toEqual(new Date('2026-11-02T06:30:00Z'));
  });

  it('refuses a negative or fractional count', () => {
    expect(() => plain.addWorkingDays(shanghai('2026-12-04 10:00'), -1)).toThrow(RangeError);
    expect(() => plain.addWorkingDays(shanghai('2026-12-04 10:00'), 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween (overdue by N working days)', () => {
  const dueFriday = plain.endOfWorkingDay('2026-12-04');

  it('counts the counting days whose 18:00 has passed since the deadline', () => {
    expect(plain.workingDaysBetween(dueFriday, shanghai('2026-12-05 12:00'))).toBe(0);
    expect(plain.workingDaysBetween(dueFriday, shanghai('2026-12-07 17:59'))).toBe(0);
    expect(plain.workingDaysBetween(dueFriday, shanghai('2026-12-07 18:00'))).toBe(1);
    expect(plain.workingDaysBetween(dueFriday, shanghai('2026-12-08 09:00'))).toBe(1);
    expect(plain.workingDaysBetween(dueFriday, shanghai('2026-12-09 18:30'))).toBe(3);
  });

  it('counts the day `from` falls on when its end comes after `from`', () => {
    expect(plain.workingDaysBetween(shanghai('2026-12-07 10:00'), shanghai('2026-12-07 18:00'))).toBe(1);
    expect(plain.workingDaysBetween(shanghai('2026-12-07 18:00'), shanghai('2026-12-08 18:00'))).toBe(1);
  });

  it('is zero when `to` is not after `from`', () => {
    expect(plain.workingDaysBetween(shanghai('2026-12-09 18:30'), dueFriday)).toBe(0);
    expect(plain.workingDaysBetween(dueFriday, dueFriday)).toBe(0);
  });

  it('skips 国庆 and a closure', () => {
    expect(plain.workingDaysBetween(plain.endOfWorkingDay('2026-09-30'), shanghai('2026-10-09 09:00'))).toBe(1);
    expect(winter.workingDaysBetween(winter.endOfWorkingDay('2027-01-22'), shanghai('2027-02-23 19:00'))).toBe(2);
    // the same span without 寒假: every weekday of it, less the illustrative 春节
    expect(
      calendarWith({ holidays: { '2027': ILLUSTRATIVE_2027 } }).workingDaysBetween(
        shanghai('2027-01-22 18:00'),
        shanghai('2027-02-23 19:00'),
      ),
    ).toBe(17);
  });
});
