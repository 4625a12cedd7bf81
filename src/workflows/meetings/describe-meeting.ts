import { DateTime } from 'luxon';
import type { MeetingCardFacts } from '../../../cards/index.js';
import type { Directory } from '../../directory/types.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import type { WorkItemFacts } from '../../kit/work-items.js';
import { clip } from '../../shared/text.js';
import type { Meeting } from './meeting-store.js';

type Zoned = Pick<BaseContext, 'timezone' | 'clock'>;

function local(at: Date, ctx: Zoned): DateTime {
  return DateTime.fromJSDate(at, { zone: ctx.timezone }).setLocale('zh-CN');
}

/** `12-03 14:00（周四）`, with the year when it is not this one. */
export function dayTimeText(at: Date, ctx: Zoned): string {
  const start = local(at, ctx);
  const thisYear = local(ctx.clock.now(), ctx).year;
  return start.toFormat(start.year === thisYear ? 'MM-dd HH:mm（ccc）' : 'yyyy-MM-dd HH:mm（ccc）');
}

/** `12-03 14:00–15:00（周四）`: a meeting's time as people read it on a phone. */
export function timeRangeText(startsAt: Date, endsAt: Date, ctx: Zoned): string {
  const start = local(startsAt, ctx);
  const end = local(endsAt, ctx);
  const thisYear = local(ctx.clock.now(), ctx).year;
  const day = start.toFormat(start.year === thisYear ? 'MM-dd' : 'yyyy-MM-dd');
  const until = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : end.toFormat('MM-dd HH:mm');
  return `${day} ${start.toFormat('HH:mm')}–${until}（${start.toFormat('ccc')}）`;
}

/** `14:00–15:00`: a time range within one day, as a line about that day shows it. */
export function clockRangeText(startsAt: Date, endsAt: Date, ctx: Zoned): string {
  const start = local(startsAt, ctx);
  const end = local(endsAt, ctx);
  return end.hasSame(start, 'day')
    ? `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`
    : timeRangeText(startsAt, endsAt, ctx);
}

export function meetingTimeText(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>, ctx: Zoned): string {
  return timeRangeText(meeting.startsAt, meeting.endsAt, ctx);
}

/** `60分钟`, `1小时30分钟`. */
export function durationText(minutes: number): string {
  if (minutes < 60 || minutes % 60 === 0) return minutes < 60 ? `${minutes}分钟` : `${minutes / 60}小时`;
  return `${Math.floor(minutes / 60)}小时${minutes % 60}分钟`;
}

/** `H3（期中考试协调会）`: the reference and enough of the topic to recognise it. */
export function meetingLabel(meeting: Pick<Meeting, 'ref' | 'topic'>): string {
  return `${meeting.ref}（${clip(meeting.topic, 20)}）`;
}

/** `李华（教务处）`. */
export function personWithDepartment(directory: Directory, userId: string): string {
  const person = directory.person(userId);
  const department = person?.departmentIds[0] ? directory.department(person.departmentIds[0])?.name : undefined;
  return department ? `${personName(directory, userId)}（${department}）` : personName(directory, userId);
}

/** What 我的待办 says a meeting is: 「协调会《期中考试协调会》12-03 14:00 第一会议室」. */
export function meetingSubject(meeting: Meeting, ctx: Zoned): string {
  return `${meeting.kind}《${clip(meeting.topic, 20)}》${local(meeting.startsAt, ctx).toFormat('MM-dd HH:mm')} ${clip(meeting.place, 12)}`;
}

export function meetingWorkItem(ctx: BaseContext, meeting: Meeting, action: string): WorkItemFacts {
  return {
    action,
    requester: personWithDepartment(ctx.directory, meeting.organizerId),
    subject: meetingSubject(meeting, ctx),
    submittedAt: meeting.createdAt,
  };
}

/** The facts every meeting card shows. */
export function meetingCardFacts(ctx: BaseContext, meeting: Meeting, attendeeCount: number): MeetingCardFacts {
  return {
    ref: meeting.ref,
    topic: meeting.topic,
    kind: meeting.kind,
    time: meetingTimeText(meeting, ctx),
    place: meeting.place,
    organizer: personWithDepartment(ctx.directory, meeting.organizerId),
    host: personName(ctx.directory, meeting.hostId),
    ...(meeting.recorderId ? { recorder: personName(ctx.directory, meeting.recorderId) } : {}),
    ...(meeting.agenda ? { agenda: meeting.agenda } : {}),
    attendeeCount,
  };
}

/**
 * People in the org file's order (attendee rows have random ids): lists and messages come out the
 * same every time; someone no longer in the file goes last.
 */
export function inDirectoryOrder<T>(ctx: BaseContext, items: readonly T[], userIdOf: (item: T) => string): T[] {
  const position = new Map(ctx.directory.config.people.map((person, index) => [person.userId, index]));
  const rank = (item: T): number => position.get(userIdOf(item)) ?? position.size;
  return [...items].sort((a, b) => rank(a) - rank(b));
}
