import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { ScheduleTiming } from './schedule-timing.js';

/** One period of a schedule: its key (unique per schedule) and the moment it fell due. */
export interface DuePeriod {
  periodKey: string;
  scheduledAt: Date;
}

/** What the periods need of the working-day calendar (src/shared/working-calendar). */
export interface PeriodCalendar {
  readonly timezone: string;
  dayOf(at: Date): string;
  isWorkingDay(day: string): boolean;
}

/** A schedule with no working day in this many days has nothing due (e.g. a closed year). */
const SEARCH_DAYS = 40;
const MS_PER_DAY = 86_400_000;

/** The latest period due at or before `now`, with the working-day rules applied. Pure. */
export function latestDuePeriod(timing: ScheduleTiming, calendar: PeriodCalendar, now: Date): DuePeriod | undefined {
  return findPeriod(timing, calendar, now, 'back');
}

/** The first period due after `now`. Pure. */
export function nextDuePeriod(timing: ScheduleTiming, calendar: PeriodCalendar, now: Date): DuePeriod | undefined {
  return findPeriod(timing, calendar, now, 'forward');
}

function findPeriod(
  timing: ScheduleTiming,
  calendar: PeriodCalendar,
  now: Date,
  direction: 'back' | 'forward',
): DuePeriod | undefined {
  if (timing.weekly) return weeklyPeriod(timing.weekly, calendar, now, direction);
  // cron-parser's prev() is strictly before its current date: one ms on makes it "at or before now".
  const expression = CronExpressionParser.parse(timing.firingCron, {
    currentDate: direction === 'back' ? new Date(now.getTime() + 1) : now,
    tz: calendar.timezone,
  });
  const limit = now.getTime() + (direction === 'back' ? -1 : 1) * SEARCH_DAYS * MS_PER_DAY;
  for (;;) {
    const at = (direction === 'back' ? expression.prev() : expression.next()).toDate();
    if (direction === 'back' ? at.getTime() < limit : at.getTime() > limit) return undefined;
    if (timing.dayRule === 'working_days' && !calendar.isWorkingDay(calendar.dayOf(at))) continue;
    return { periodKey: periodKeyOf(at, timing, calendar.timezone), scheduledAt: at };
  }
}

function periodKeyOf(at: Date, timing: ScheduleTiming, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  switch (timing.granularity) {
    case 'minute':
      return local.toFormat("yyyy-MM-dd'T'HH:mm");
    case 'hour':
      return local.toFormat("yyyy-MM-dd'T'HH");
    case 'week':
      return local.toFormat("kkkk-'W'WW");
    case 'day':
      return local.toFormat('yyyy-MM-dd');
  }
}

/**
 * The weekly brief's due moment in each week (Monday–Sunday): its own day when that is a working
 * day, else the week's last working day (spec 4: a holiday Friday → Thursday; a week without a
 * working day has no brief).
 */
function weeklyPeriod(
  weekly: NonNullable<ScheduleTiming['weekly']>,
  calendar: PeriodCalendar,
  now: Date,
  direction: 'back' | 'forward',
): DuePeriod | undefined {
  const thisWeek = DateTime.fromJSDate(now, { zone: calendar.timezone }).startOf('week');
  for (let offset = 0; offset <= SEARCH_DAYS / 7; offset += 1) {
    const weekStart = thisWeek.plus({ weeks: direction === 'back' ? -offset : offset });
    const day = dueDayOfWeek(weekStart, weekly.weekday, calendar);
    if (!day) continue;
    const at = day.set({ hour: weekly.hour, minute: weekly.minute, second: 0, millisecond: 0 }).toJSDate();
    if (direction === 'back' ? at <= now : at > now)
      return { periodKey: weekStart.toFormat("kkkk-'W'WW"), scheduledAt: at };
  }
  return undefined;
}

function dueDayOfWeek(weekStart: DateTime, weekday: number, calendar: PeriodCalendar): DateTime | undefined {
  const ownDay = weekStart.plus({ days: weekday - 1 });
  if (calendar.isWorkingDay(ownDay.toISODate()!)) return ownDay;
  for (let index = 6; index >= 0; index -= 1) {
    const day = weekStart.plus({ days: index });
    if (calendar.isWorkingDay(day.toISODate()!)) return day;
  }
  return undefined;
}
