import { describe, expect, it } from 'vitest';
import { calendarWith, ILLUSTRATIVE_2027, shanghai, WINTER_BREAK } from './calendar-fixtures.js';

const plain = calendarWith();

describe('nextSendableMoment (spec 4 quiet hours)', () => {
  it('holds a Friday 23:00 message until Monday 07:00', () => {
    expect(plain.nextSendableMoment(shanghai('2026-12-04 23:00'))).toEqual(shanghai('2026-12-07 07:00'));
  });

  it('holds a 2026-09-30 23:00 message past 国庆 until Thursday 10-08 07:00', () => {
    expect(plain.nextSendableMoment(shanghai('2026-09-30 23:00'))).toEqual(shanghai('2026-10-08 07:00'));
  });

  it('sends from 07:00 to before 22:00 on a counting day, the 调休 weekend days included', () => {
    expect(plain.nextSendableMoment(shanghai('2026-12-07 07:00'))).toEqual(shanghai('2026-12-07 07:00'));
    expect(plain.nextSendableMoment(shanghai('2026-12-07 21:59:59'))).toEqual(shanghai('2026-12-07 21:59:59'));
    expect(plain.nextSendableMoment(shanghai('2026-12-07 06:59'))).toEqual(shanghai('2026-12-07 07:00'));
    expect(plain.nextSendableMoment(shanghai('2026-12-07 22:00'))).toEqual(shanghai('2026-12-08 07:00'));
    expect(plain.nextSendableMoment(shanghai('2026-10-10 12:00'))).toEqual(shanghai('2026-10-10 12:00'));
    expect(plain.nextSendableMoment(shanghai('2026-09-19 10:00'))).toEqual(shanghai('2026-09-20 07:00'));
  });

  it('sends no reminder inside a closure', () => {
    const winter = calendarWith({ closures: [WINTER_BREAK], holidays: { '2027': ILLUSTRATIVE_2027 } });
    expect(winter.nextSendableMoment(shanghai('2027-01-25 10:00'))).toEqual(shanghai('2027-02-22 07:00'));
  });

  it('fails rather than searching on when a closure leaves no counting day for a year', () => {
    const mistyped = calendarWith({ closures: [{ from: '2027-01-01', to: '2028-12-31', name: '寒假' }] });
    expect(() => mistyped.nextSendableMoment(shanghai('2027-01-04 10:00'))).toThrow(/no working day outside closures/);
  });
});
