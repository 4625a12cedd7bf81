import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, type CalendarConfig } from '../../../src/shared/working-calendar/index.js';
import { latestDuePeriod, nextDuePeriod } from '../../../src/schedules/schedule-periods.js';
import { scheduleTiming } from '../../../src/schedules/schedule-timing.js';

const TZ = 'Asia/Shanghai';
function calendar(overrides: Partial<CalendarConfig> = {}) {
  return createWorkingCalendar({
    calendar: { extraHolidays: [], extraWorkdays: [], closures: [], holidays: {}, ...overrides },
    timezone: TZ,
  });
}
const at = (local: string): Date => new Date(`${local}+08:00`);
const brief = scheduleTiming('5 16 * * 5');
const digest = scheduleTiming('25 8 * * 1-5');

describe('schedule timing', () => {
  it('reads 1-5 as working days fired every day, one weekday as the week, and the rest as written', () => {
    expect(digest).toMatchObject({ firingCron: '25 8 * * *', dayRule: 'working_days', granularity: 'day' });
    expect(brief).toMatchObject({ firingCron: '5 16 * * *', dayRule: 'weekly', granularity: 'week' });
    expect(scheduleTiming('5 8-17 * * 1-5')).toMatchObject({ dayRule: 'working_days', granularity: 'hour' });
    expect(scheduleTiming('* * * * *')).toMatchObject({ firingCron: '* * * * *', dayRule: 'as_written' });
    expect(() => scheduleTiming('5 16 * *')).toThrow(RangeError);
  });
});

describe('the latest period due', () => {
  it('is the Friday 16:05 brief of the week, keyed by ISO week, from 16:05 on', () => {
    expect(latestDuePeriod(brief, calendar(), at('2026-12-04T16:04:59'))).toEqual({
      periodKey: '2026-W48',
      scheduledAt: at('2026-11-27T16:05:00'),
    });
    expect(latestDuePeriod(brief, calendar(), at('2026-12-04T16:05:00'))).toEqual({
      periodKey: '2026-W49',
      scheduledAt: at('2026-12-04T16:05:00'),
    });
    expect(latestDuePeriod(brief, calendar(), at('2026-12-07T09:00:00'))?.periodKey).toBe('2026-W49');
  });

  it('moves a holiday Friday’s brief to the Thursday', () => {
    const withHoliday = calendar({ extraHolidays: ['2026-12-04'] });
    expect(latestDuePeriod(brief, withHoliday, at('2026-12-03T16:05:00'))).toEqual({
      periodKey: '2026-W49',
      scheduledAt: at('2026-12-03T16:05:00'),
    });
    expect(nextDuePeriod(brief, withHoliday, at('2026-12-01T10:00:00'))?.scheduledAt).toEqual(
      at('2026-12-03T16:05:00'),
    );
  });

  it('sends the brief of National Day week on its last working day, Wednesday 09-30', () => {
    expect(latestDuePeriod(brief, calendar(), at('2026-10-02T18:00:00'))).toEqual({
      periodKey: '2026-W40',
      scheduledAt: at('2026-09-30T16:05:00'),
    });
  });

  it('fires a 1-5 job on the 调休 Saturday 2026-10-10 and not on 2026-10-01', () => {
    expect(latestDuePeriod(digest, calendar(), at('2026-10-10T09:00:00'))).toEqual({
      periodKey: '2026-10-10',
      scheduledAt: at('2026-10-10T08:25:00'),
    });
    // National Day: the latest 08:25 of a working day is before the holidays
    expect(latestDuePeriod(digest, calendar(), at('2026-10-01T09:00:00'))?.periodKey).toBe('2026-09-30');
    expect(nextDuePeriod(digest, calendar(), at('2026-09-30T09:00:00'))?.periodKey).toBe('2026-10-08');
  });

  it('keys hourly and minute schedules by their hour and minute', () => {
    expect(latestDuePeriod(scheduleTiming('5 8-17 * * 1-5'), calendar(), at('2026-12-04T09:30:00'))?.periodKey).toBe(
      '2026-12-04T09',
    );
    expect(latestDuePeriod(scheduleTiming('5 8-17 * * 1-5'), calendar(), at('2026-12-05T09:30:00'))?.periodKey).toBe(
      '2026-12-04T17',
    );
    expect(latestDuePeriod(scheduleTiming('* * * * *'), calendar(), at('2026-12-05T09:30:40'))).toEqual({
      periodKey: '2026-12-05T09:30',
      scheduledAt: at('2026-12-05T09:30:00'),
    });
  });
});
