import { describe, expect, it } from 'vitest';
import { calendarWith, ILLUSTRATIVE_2027, shanghai, WINTER_BREAK } from './calendar-fixtures.js';

const plain = calendarWith();

describe('workingHoursBetween (催办, 公文处理时效)', () => {
  it('counts 08:00–18:00 only, so a night adds nothing', () => {
    expect(plain.workingHoursBetween(shanghai('2026-12-07 16:00'), shanghai('2026-12-08 10:00'))).toBe(4);
    expect(plain.workingHoursBetween(shanghai('2026-12-07 19:00'), shanghai('2026-12-08 07:00'))).toBe(0);
    expect(plain.workingHoursBetween(shanghai('2026-12-07 07:00'), shanghai('2026-12-07 19:00'))).toBe(10);
  });

  it('adds nothing for a weekend, and counts fractions of an hour', () => {
    expect(plain.workingHoursBetween(shanghai('2026-12-04 17:00'), shanghai('2026-12-07 09:30'))).toBe(2.5);
  });

  it('adds nothing for 国庆 or a closure', () => {
    expect(plain.workingHoursBetween(shanghai('2026-09-30 17:00'), shanghai('2026-10-08 09:00'))).toBe(2);
    const winter = calendarWith({ closures: [WINTER_BREAK], holidays: { '2027': ILLUSTRATIVE_2027 } });
    expect(winter.workingHoursBetween(shanghai('2027-01-22 17:00'), shanghai('2027-02-22 09:00'))).toBe(2);
  });

  it('is zero when `to` is not after `from`', () => {
    expect(plain.workingHoursBetween(shanghai('2026-12-08 10:00'), shanghai('2026-12-07 16:00'))).toBe(0);
  });
});
