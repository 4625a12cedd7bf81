/**
 * A calendar day as a whole number: days since 1970-01-01. Day strings (YYYY-MM-DD) and these
 * numbers convert through UTC, so the answer never depends on the process's own time zone, and a
 * loop over days is a loop over integers.
 */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws a RangeError for anything but a real date written YYYY-MM-DD (2026-02-30 included). */
export function dayNumberOf(day: string): DayNumber {
  const match = DAY_PATTERN.exec(day);
  if (match !== null) {
    const dayNumber = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
    // Date.UTC rolls 02-30 over into March and maps years below 100 to the 1900s: the round trip catches both.
    if (dayStringOf(dayNumber) === day) return dayNumber;
  }
  throw new RangeError(`${JSON.stringify(day)} is not a date written YYYY-MM-DD`);
}

export function dayNumberFromParts(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function dayStringOf(dayNumber: DayNumber): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(dayNumber: DayNumber): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekdayOf(dayNumber: DayNumber): number {
  // 1970-01-01 was a Thursday (4)
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}
