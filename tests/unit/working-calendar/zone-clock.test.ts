import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayNumberOf, dayStringOf } from '../../../src/shared/working-calendar/calendar-day.js';
import { createZoneClock } from '../../../src/shared/working-calendar/zone-clock.js';

// Zones with no DST, a one-hour DST, a southern-hemisphere DST and a half-hour DST (Lord Howe).
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe'];

/**
 * Instants every 37 minutes through the two stretches of 2026 where these zones change their
 * clocks (New York 03-08 and 11-01, Berlin 03-29 and 10-25, Sydney and Lord Howe 04-05 and 10-04),
 * so every hour around each change is passed over.
 */
function* instantsAroundChanges(): Generator<number> {
  const stretches = [
    [Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 10)],
    [Date.UTC(2026, 8, 28), Date.UTC(2026, 10, 5)],
  ] as const;
  for (const [start, end] of stretches) for (let instant = start; instant < end; instant += 37 * 60_000) yield instant;
}

describe('the zone clock agrees with luxon (its offsets are memoised per day)', () => {
  it.each(ZONES)('reads instants in %s as luxon does', (timezone) => {
    const clock = createZoneClock(timezone);
    const disagreements: string[] = [];
    for (const instant of instantsAroundChanges()) {
      const local = DateTime.fromMillis(instant, { zone: timezone });
      const { hour, minute } = clock.timeOf(instant);
      const ours = `${dayStringOf(clock.dayOf(instant))} ${hour}:${minute}`;
      if (ours !== `${local.toISODate()} ${local.hour}:${local.minute}`)
        disagreements.push(`${local.toISO()}: ${ours}`);
    }
    expect(disagreements).toEqual([]);
  });

  it.each(ZONES)('turns a day and time in %s back into the instant it reads as', (timezone) => {
    const clock = createZoneClock(timezone);
    const disagreements: string[] = [];
    for (const instant of instantsAroundChanges()) {
      const day = clock.dayOf(instant);
      const time = clock.timeOf(instant);
      const back = clock.instantAt(day, time);
      // a repeated hour comes back as its first occurrence, which reads the same
      const readsTheSame = clock.dayOf(back) === day && JSON.stringify(clock.timeOf(back)) === JSON.stringify(time);
      if (!readsTheSame || back > instant)
        disagreements.push(`${new Date(instant).toISOString()} came back as ${new Date(back).toISOString()}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('moves a time a DST change skips forward, and takes the first of a repeated one', () => {
    const newYork = createZoneClock('America/New_York');
    // 2026-03-08 02:30 does not exist in New York: 03:30 EDT
    expect(newYork.instantAt(dayNumberOf('2026-03-08'), { hour: 2, minute: 30 })).toBe(
      Date.parse('2026-03-08T07:30:00Z'),
    );
    // 2026-11-01 01:30 comes twice: 01:30 EDT first
    expect(newYork.instantAt(dayNumberOf('2026-11-01'), { hour: 1, minute: 30 })).toBe(
      Date.parse('2026-11-01T05:30:00Z'),
    );
  });

  it('refuses a zone it does not know', () => {
    expect(() => createZoneClock('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
