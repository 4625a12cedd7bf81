import { DateTime } from 'luxon';
import type { BaseContext } from '../../kit/context.js';
import { END_OF_WORKING_DAY, START_OF_WORKING_DAY } from '../../shared/working-calendar/index.js';
import { heldBookings } from './held-bookings.js';

/** Free starts are offered on the half hour. */
const STEP_MINUTES = 30;
/** How many free starts a refusal names. */
const OFFERED = 3;
/** How far ahead a refusal looks for them. */
const SEARCH_DAYS = 14;

/**
 * The room's next free starts for a meeting of `minutes` after the slot it could not have: later
 * that day, then on the next working days, on the half hour, within working hours (08:00–18:00),
 * never overlapping a held booking. At most three; none when nothing fits within two weeks.
 */
export async function nextFreeStarts(
  ctx: BaseContext,
  slot: { roomId: string; startsAt: Date; minutes: number; exceptMeetingId?: string },
): Promise<Date[]> {
  const zone = ctx.timezone;
  const first = DateTime.fromJSDate(slot.startsAt, { zone });
  const last = first.plus({ days: SEARCH_DAYS }).endOf('day');
  const held = await heldBookings(ctx, {
    roomId: slot.roomId,
    from: first.startOf('day').toJSDate(),
    to: last.toJSDate(),
    exceptMeetingId: slot.exceptMeetingId,
  });
  const isFree = (start: DateTime): boolean => {
    const from = start.toMillis();
    const to = start.plus({ minutes: slot.minutes }).toMillis();
    return held.every((booking) => booking.endsAt.getTime() <= from || booking.startsAt.getTime() >= to);
  };
  const found: Date[] = [];
  for (let day = first.startOf('day'); day <= last && found.length < OFFERED; day = day.plus({ days: 1 })) {
    const isFirstDay = day.hasSame(first, 'day');
    if (!isFirstDay && !ctx.directory.calendar.isWorkingDay(day.toISODate()!)) continue;
    const opens = atClock(day, START_OF_WORKING_DAY);
    const closes = atClock(day, END_OF_WORKING_DAY);
    // on the day asked for: from the next half hour after the start that was taken
    let start = isFirstDay ? nextHalfHour(first) : opens;
    if (start < opens) start = opens;
    for (
      ;
      start.plus({ minutes: slot.minutes }) <= closes && found.length < OFFERED;
      start = start.plus({ minutes: STEP_MINUTES })
    )
      if (isFree(start)) found.push(start.toJSDate());
  }
  return found;
}

/** 「第一会议室接下来可订（60分钟）：12-03（周四）15:00、15:30；12-04（周五）08:00。」 */
export function describeFreeStarts(ctx: BaseContext, room: string, minutes: number, starts: readonly Date[]): string {
  if (starts.length === 0) return `${room}近两周内没有能容下${minutes}分钟的空档。`;
  const byDay = new Map<string, string[]>();
  for (const start of starts) {
    const local = DateTime.fromJSDate(start, { zone: ctx.timezone }).setLocale('zh-CN');
    const day = local.toFormat('MM-dd（ccc）');
    byDay.set(day, [...(byDay.get(day) ?? []), local.toFormat('HH:mm')]);
  }
  const days = [...byDay].map(([day, times]) => `${day}${times.join('、')}`);
  return `${room}接下来可订（${minutes}分钟）：${days.join('；')}。`;
}

function atClock(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number);
  return day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
}

function nextHalfHour(at: DateTime): DateTime {
  const floored = at.set({ minute: at.minute < STEP_MINUTES ? 0 : STEP_MINUTES, second: 0, millisecond: 0 });
  return floored.plus({ minutes: STEP_MINUTES });
}
