import { DateTime } from 'luxon';
import type { BaseContext } from '../../kit/context.js';
import type { Meeting } from './meeting-store.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** 二次确认: one day before the start (spec 3.4). */
export const ASK_AGAIN_BEFORE_MS = DAY_MS;
/** The reminder, and the opening of 签到: 30 minutes before the start. */
export const REMINDER_BEFORE_MS = 30 * 60_000;
/** What of the 三个确认 is still open this long before the start goes to the office. */
export const CHECKLIST_FLAG_BEFORE_MS = 2 * HOUR_MS;
/** The checklist goes to the organiser at this time of the working day before. */
const CHECKLIST_AT = { hour: 9, minute: 0 };

/**
 * When each of a meeting's timers falls due, from its start and the clock: the notice
 * `meeting_notice_days` ahead or at once when that has passed; the rest only when still ahead (a
 * 二次确认 that would come before the notice, or a flag at or before the checklist, is left out).
 */
export interface MeetingMoments {
  notice: Date;
  askAgain?: Date;
  reminder: Date;
  checklist?: Date;
  checklistFlag?: Date;
}

export function meetingMoments(ctx: BaseContext, meeting: Pick<Meeting, 'startsAt' | 'endsAt'>): MeetingMoments {
  const now = ctx.clock.now().getTime();
  const start = meeting.startsAt.getTime();
  const noticeDays = ctx.directory.config.sla.meeting_notice_days;
  const notice = Math.max(now, start - noticeDays * DAY_MS);
  const askAgain = start - ASK_AGAIN_BEFORE_MS;
  const checklist = Math.max(now, workingDayBefore(ctx, meeting.startsAt).getTime());
  const flag = start - CHECKLIST_FLAG_BEFORE_MS;
  return {
    notice: new Date(notice),
    ...(askAgain > notice ? { askAgain: new Date(askAgain) } : {}),
    reminder: new Date(Math.max(now, start - REMINDER_BEFORE_MS)),
    ...(checklist < start ? { checklist: new Date(checklist) } : {}),
    ...(flag > checklist && flag > now ? { checklistFlag: new Date(flag) } : {}),
  };
}

/** 09:00 of the working day before the meeting's day (directory.calendar: 调休 and holidays counted). */
function workingDayBefore(ctx: BaseContext, startsAt: Date): Date {
  let day = DateTime.fromJSDate(startsAt, { zone: ctx.timezone }).startOf('day').minus({ days: 1 });
  // a fortnight of holidays is the longest run a school's calendar has outside the closures
  for (let tries = 0; tries < 30 && !ctx.directory.calendar.isWorkingDay(day.toISODate()!); tries += 1)
    day = day.minus({ days: 1 });
  return day.set(CHECKLIST_AT).toJSDate();
}

/** `30分钟`, `2小时`: how long until the start, for the reminder's line. */
export function startsInText(meeting: Pick<Meeting, 'startsAt'>, now: Date): string {
  const minutes = Math.max(0, Math.round((meeting.startsAt.getTime() - now.getTime()) / 60_000));
  return minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`;
}
