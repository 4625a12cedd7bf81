import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../src/shared/working-calendar/index.js';
import type { Random } from './random.js';

const MINUTE = 60_000;

/**
 * The moment the seeded year ends: the latest working day's 09:05 (when the overdue scan runs) at or
 * before `at`, so a bench run "now" finds a working day and everything seeded lies in the past.
 */
export function seedAnchor(at: Date, calendar: WorkingCalendar, timezone: string): Date {
  let day = DateTime.fromJSDate(at, { zone: timezone }).set({ hour: 9, minute: 5, second: 0, millisecond: 0 });
  if (day.toJSDate() > at) day = day.minus({ days: 1 });
  while (!calendar.isWorkingDay(day.toISODate()!)) day = day.minus({ days: 1 });
  return day.toJSDate();
}

/**
 * The working days of the year before the anchor and of the months after it, looked up once: a
 * time-zone conversion per item (luxon) cost the seed most of its time.
 */
export interface YearDays {
  /** local midnight of each working day, as epoch ms */
  starts: number[];
  /** the index of the anchor's own day */
  anchorIndex: number;
  /** the deadline `n` working days after day `index`: 18:00 of that day, as a date-only deadline means */
  deadline(index: number, n: number): Date;
}

export function yearDays(anchor: Date, calendar: WorkingCalendar, timezone: string): YearDays {
  const end = DateTime.fromJSDate(anchor, { zone: timezone }).startOf('day');
  const days: string[] = [];
  const starts: number[] = [];
  let anchorIndex = 0;
  for (let offset = -365; offset <= 120; offset += 1) {
    const day = end.plus({ days: offset });
    if (!calendar.isWorkingDay(day.toISODate()!)) continue;
    if (offset === 0) anchorIndex = days.length;
    days.push(day.toISODate()!);
    starts.push(day.toMillis());
  }
  const deadlines = new Map<number, Date>();
  return {
    starts,
    anchorIndex,
    deadline(index, n) {
      const target = Math.min(index + n, days.length - 1);
      let due = deadlines.get(target);
      if (!due) deadlines.set(target, (due = calendar.endOfWorkingDay(days[target]!)));
      return due;
    },
  };
}

export interface CreationTime {
  at: Date;
  /** its working day in {@link YearDays} */
  dayIndex: number;
}

/**
 * `count` creation times over the year before the anchor, on working days between 08:00 and 17:30
 * local time (as people submit), oldest first, so references follow time as they do in use. Minutes
 * are added to local midnight: no working hour falls in a daylight-saving change.
 */
export function creationTimes(count: number, anchor: Date, days: YearDays, random: Random): CreationTime[] {
  const times: CreationTime[] = [];
  for (let i = 0; i < count; i += 1) {
    const dayIndex = random.int(0, days.anchorIndex);
    const start = days.starts[dayIndex]!;
    const latest = dayIndex === days.anchorIndex ? Math.floor((anchor.getTime() - start) / MINUTE) - 481 : 570;
    const at = start + (480 + random.int(0, Math.max(0, latest))) * MINUTE + random.int(0, 59) * 1000;
    times.push({ at: new Date(at), dayIndex });
  }
  return times.sort((a, b) => a.at.getTime() - b.at.getTime());
}
