import { describe, expect, it } from 'vitest';
import { describeCalendarCoverage } from '../../../src/directory/describe-calendar-coverage.js';
import { createWorkingCalendar } from '../../../src/shared/working-calendar/index.js';

const calendar = (holidays: Record<string, { off: string[]; work: string[] }> = {}) =>
  createWorkingCalendar({
    calendar: { extraHolidays: [], extraWorkdays: [], closures: [], holidays },
    timezone: 'Asia/Shanghai',
  });

describe('the warning at start when the coming 60 days are not covered (spec 4)', () => {
  it('says nothing while the package covers them', () => {
    expect(describeCalendarCoverage(calendar(), new Date('2026-09-01T00:00:00+08:00'))).toBeUndefined();
  });

  it('names 2027 and says how to add it when the days ahead reach into it', () => {
    const warning = describeCalendarCoverage(calendar(), new Date('2026-12-15T09:00:00+08:00'));
    expect(warning).toContain('43 of the coming 60 days (from 2027-01-01) are in 2027');
    expect(warning).toContain('calendar.holidays: { "2027"');
  });

  it('is quiet once the org file gives the year', () => {
    const given = calendar({ '2027': { off: ['2027-01-01'], work: [] } });
    expect(describeCalendarCoverage(given, new Date('2026-12-15T09:00:00+08:00'))).toBeUndefined();
  });
});
