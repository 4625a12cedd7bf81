import { IANAZone } from 'luxon';
import type { DayNumber } from './calendar-day.js';

/** A local time of day, as the constants write it ('08:00') or as an instant reads. */
export interface TimeOfDay {
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/** Reads instants as days and times of day in one time zone, and back. */
export interface ZoneClock {
  /** the day in the zone that `instant` (ms) falls on */
  dayOf(instant: number): DayNumber;
  timeOf(instant: number): TimeOfDay;
  /**
   * ms. A time a DST change repeats is its first occurrence; a time a DST change skips moves
   * forward by the jump (02:30 on a spring-forward night is 03:30).
   */
  instantAt(day: DayNumber, time: TimeOfDay): number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * Luxon gives the zone's offset (tzdata through Intl); the rest is arithmetic. A DateTime per call
 * cost ~20 µs, which the overdue scan pays for thousands of items: offsets are memoised per UTC
 * day instead, and a day whose two ends disagree (a DST change inside it) is asked per instant.
 * No zone changes its offset twice within one day, so equal ends mean one offset all day.
 */
export function createZoneClock(timezone: string): ZoneClock {
  // An unknown zone would make every offset NaN and every answer wrong: refuse it here.
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`${JSON.stringify(timezone)} is not an IANA time zone`);
  const zone = IANAZone.create(timezone);
  const dayOffsets = new Map<number, number | null>();

  /** minutes east of UTC at `instant` */
  function offsetAt(instant: number): number {
    const utcDay = Math.floor(instant / MS_PER_DAY);
    let offset = dayOffsets.get(utcDay);
    if (offset === undefined) {
      const atStart = zone.offset(utcDay * MS_PER_DAY);
      offset = atStart === zone.offset((utcDay + 1) * MS_PER_DAY - 1) ? atStart : null;
      dayOffsets.set(utcDay, offset);
    }
    return offset ?? zone.offset(instant);
  }

  const localMs = (instant: number) => instant + offsetAt(instant) * MS_PER_MINUTE;

  return {
    dayOf: (instant) => Math.floor(localMs(instant) / MS_PER_DAY),
    timeOf: (instant) => {
      const msOfDay = ((localMs(instant) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
      return {
        hour: Math.floor(msOfDay / MS_PER_HOUR),
        minute: Math.floor(msOfDay / MS_PER_MINUTE) % 60,
        second: Math.floor(msOfDay / 1000) % 60,
        millisecond: msOfDay % 1000,
      };
    },
    instantAt: (day, time) => {
      const wall =
        day * MS_PER_DAY +
        time.hour * MS_PER_HOUR +
        time.minute * MS_PER_MINUTE +
        (time.second ?? 0) * 1000 +
        (time.millisecond ?? 0);
      // The offsets a day either side are the only ones this wall time can have (no zone changes
      // twice in two days). Each gives a candidate that holds if the instant has that offset:
      // both hold in a repeated hour (take the first), neither in a skipped one (move forward).
      const offsetBefore = offsetAt(wall - MS_PER_DAY);
      const offsetAfter = offsetAt(wall + MS_PER_DAY);
      const beforeChange = wall - offsetBefore * MS_PER_MINUTE;
      const afterChange = wall - offsetAfter * MS_PER_MINUTE;
      const holdsBefore = offsetAt(beforeChange) === offsetBefore;
      const holdsAfter = offsetAt(afterChange) === offsetAfter;
      if (holdsBefore && holdsAfter) return Math.min(beforeChange, afterChange);
      if (holdsAfter) return afterChange;
      return beforeChange;
    },
  };
}

/** '08:00' → { hour: 8, minute: 0 }; for the constants, so a typo fails at import. */
export function parseTimeOfDay(text: string): TimeOfDay {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) throw new RangeError(`${JSON.stringify(text)} is not a time written HH:mm`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}
