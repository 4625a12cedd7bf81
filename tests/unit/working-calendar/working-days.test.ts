import { describe, expect, it } from 'vitest';
import { calendarWith, ILLUSTRATIVE_2027, shanghai, WINTER_BREAK } from './calendar-fixtures.js';

const plain = calendarWith();

describe('working days from chinese-days (spec 4: the PRC calendar with 调休)', () => {
  it('counts the 2026 make-up weekend days of 国庆 as working days', () => {
    // a Sunday and a Saturday that chinese-days lists as 调休 working days
    expect(plain.isWorkingDay('2026-09-20')).toBe(true);
    expect(plain.isWorkingDay('2026-10-10')).toBe(true);
    expect(plain.countsForDeadlines('2026-09-20')).toBe(true);
    expect(plain.countsForDeadlines('2026-10-10')).toBe(true);
  });

  it('gives 国庆 2026-10-01..07 and 中秋 2026-09-25 off, and works on Thursday 10-08 again', () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-09-25'])
      expect(plain.isWorkingDay(day), day).toBe(false);
    expect(plain.isWorkingDay('2026-10-08')).toBe(true);
    expect(plain.isWorkingDay('2026-10-09')).toBe(true);
  });

  it('works Monday to Friday and rests on an ordinary weekend', () => {
    expect(plain.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(plain.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(plain.isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(plain.isWorkingDay('2026-11-30')).toBe(true); // Monday
  });

  it('answers for the day named, whatever zone the calendar is in', () => {
    // chinese-days' own isWorkday('2026-09-20') answers for the 19th west of UTC; ours reads its table
    expect(calendarWith({}, 'America/New_York').isWorkingDay('2026-09-20')).toBe(true);
    expect(calendarWith({}, 'America/New_York').isWorkingDay('2026-09-19')).toBe(false);
  });

  it('refuses a day that is not a date, and a zone that is not one', () => {
    expect(() => plain.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => plain.isWorkingDay('2026/10/01')).toThrow(RangeError);
    expect(() => calendarWith({}, 'Asia/Beijing')).toThrow(RangeError);
  });
});

describe('the org file overrides (spec 2.3 calendar)', () => {
  it('takes 2027 from `holidays` when chinese-days has no 2027', () => {
    const with2027 = calendarWith({ holidays: { '2027': ILLUSTRATIVE_2027 } });
    expect(with2027.isWorkingDay('2027-02-08')).toBe(false); // Monday inside 春节
    expect(with2027.isWorkingDay('2027-02-12')).toBe(false); // Friday inside 春节
    expect(with2027.isWorkingDay('2027-02-20')).toBe(true); // Saturday made a working day
    expect(with2027.isWorkingDay('2027-02-21')).toBe(false); // an ordinary Sunday
    expect(with2027.isWorkingDay('2027-02-15')).toBe(true); // an ordinary Monday
    // without the override the same days fall back to Monday–Friday
    expect(plain.isWorkingDay('2027-02-08')).toBe(true);
    expect(plain.isWorkingDay('2027-02-20')).toBe(false);
  });

  it('decides a year it lists from the file alone, leaving out the package for that year', () => {
    const replaced = calendarWith({ holidays: { '2026': { off: ['2026-10-01'], work: [] } } });
    expect(replaced.isWorkingDay('2026-10-01')).toBe(false);
    expect(replaced.isWorkingDay('2026-10-02')).toBe(true); // off in the package, not in the file
    expect(replaced.isWorkingDay('2026-09-20')).toBe(false); // 调休 in the package, not in the file
  });

  it('lets extra_holidays and extra_workdays win over the package and over `holidays`', () => {
    const calendar = calendarWith({
      extraHolidays: ['2026-12-07', '2026-09-20', '2027-02-20'],
      extraWorkdays: ['2026-11-28', '2026-10-02', '2027-02-08'],
      holidays: { '2027': ILLUSTRATIVE_2027 },
    });
    expect(calendar.isWorkingDay('2026-12-07')).toBe(false); // an ordinary Monday
    expect(calendar.isWorkingDay('2026-09-20')).toBe(false); // the package's 调休 Sunday
    expect(calendar.isWorkingDay('2027-02-20')).toBe(false); // `holidays`' make-up Saturday
    expect(calendar.isWorkingDay('2026-11-28')).toBe(true); // an ordinary Saturday
    expect(calendar.isWorkingDay('2026-10-02')).toBe(true); // inside 国庆
    expect(calendar.isWorkingDay('2027-02-08')).toBe(true); // inside `holidays`' 春节
  });

  it('keeps a closure a working day that counts for no deadline, both ends included', () => {
    const calendar = calendarWith({ closures: [WINTER_BREAK], holidays: { '2027': ILLUSTRATIVE_2027 } });
    expect(calendar.isWorkingDay('2027-01-25')).toBe(true);
    for (const day of ['2027-01-25', '2027-02-01', '2027-02-19', '2027-02-20'])
      expect(calendar.countsForDeadlines(day), day).toBe(false);
    expect(calendar.countsForDeadlines('2027-01-22')).toBe(true); // the Friday before
    expect(calendar.countsForDeadlines('2027-02-22')).toBe(true); // the Monday after
    expect(calendarWith({ holidays: { '2027': ILLUSTRATIVE_2027 } }).countsForDeadlines('2027-02-01')).toBe(true);
  });
});

describe('coverage (spec 4: a warning when the coming 60 days are not covered)', () => {
  it('covers 2004–2026 from chinese-days, and a year `holidays` lists', () => {
    expect(plain.isCovered(2004)).toBe(true);
    expect(plain.isCovered(2026)).toBe(true);
    expect(plain.isCovered(2003)).toBe(false);
    // When a chinese-days release brings 2027, this fails on purpose: 2027's `holidays` may go then.
    expect(plain.isCovered(2027)).toBe(false);
    expect(calendarWith({ holidays: { '2027': ILLUSTRATIVE_2027 } }).isCovered(2027)).toBe(true);
  });

  it('lists the uncovered days of a window reaching into 2027', () => {
    const uncovered = plain.uncoveredDays(shanghai('2026-12-15 10:00'), 60);
    expect(uncovered).toHaveLength(43); // 60 days from 12-15: 17 in December, then 2027-01-01..02-12
    expect(uncovered[0]).toBe('2027-01-01');
    expect(uncovered.at(-1)).toBe('2027-02-12');
    expect(plain.uncoveredDays(shanghai('2026-11-01 10:00'), 60)).toEqual([]);
    expect(
      calendarWith({ holidays: { '2027': ILLUSTRATIVE_2027 } }).uncoveredDays(shanghai('2026-12-15 10:00'), 60),
    ).toEqual([]);
  });

  it("starts the window on the org's day, not UTC's", () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Shanghai
    expect(plain.uncoveredDays(new Date('2026-12-31T17:00:00Z'), 1)).toEqual(['2027-01-01']);
    expect(plain.dayOf(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(calendarWith({}, 'UTC').uncoveredDays(new Date('2026-12-31T17:00:00Z'), 1)).toEqual([]);
  });
});
