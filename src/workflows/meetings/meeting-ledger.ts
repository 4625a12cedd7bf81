import { DateTime } from 'luxon';
import type { BaseContext } from '../../kit/context.js';
import type { LedgerQuery } from '../../kit/ledger-period.js';
import type { TaskFromSource, TaskOffers } from '../../kit/offers.js';
import { personName } from '../../kit/people.js';
import { clip } from '../../shared/text.js';
import { inDirectoryOrder } from './describe-meeting.js';
import { HELD_STATES } from './meeting-store.js';

/** The 会议台账's columns, in the order of spec 2.7 (the office's paper form). */
export const MEETING_LEDGER_COLUMNS = [
  '序号',
  '会议名称',
  '时间',
  '地点',
  '主持人',
  '出席',
  '缺席及原因',
  '记录人',
  '议题',
  '议定事项',
  '责任部门',
  '落实情况',
  '归档号',
] as const;

/** Meetings that started in [from, to) (a month: the kit's `monthPeriod`), of the department that booked them. */
export type MeetingLedgerQuery = LedgerQuery;

/**
 * The 会议台账 (spec 2.7): one row per meeting held in the period, oldest first, each a list of texts
 * in {@link MEETING_LEDGER_COLUMNS} order, ready for an Excel export.
 * - 出席: those who checked in (签到); where nobody did (check-in not used), those who replied 参加.
 * - 缺席及原因: those on leave with their reason; where check-in was used, also those who neither
 *   checked in nor asked for leave (未请假).
 * - 议定事项, 责任部门, 落实情况: from the tasks its 决议 became (their R reference, lead department
 *   and how each stands), through the task offers.
 * - 归档号: empty until meetings are filed (归档).
 */
export async function meetingLedger(
  ctx: BaseContext,
  tasks: TaskOffers,
  query: MeetingLedgerQuery,
): Promise<string[][]> {
  const meetings = await ctx.tx.meeting.findMany({
    where: {
      orgId: ctx.orgId,
      // a cancelled or rejected booking is no meeting of the register
      state: { in: [...HELD_STATES] },
      startsAt: { gte: query.from, lt: query.to },
      ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    },
    orderBy: [{ startsAt: 'asc' }, { ref: 'asc' }],
    include: { attendees: true },
  });
  if (meetings.length === 0) return [];
  const decisions = await tasks.tasksFrom(
    ctx,
    meetings.map((meeting) => meeting.ref),
  );
  const name = (userId: string | null): string => (userId ? personName(ctx.directory, userId) : '');
  const time = (at: Date, format: string): string => DateTime.fromJSDate(at, { zone: ctx.timezone }).toFormat(format);
  return meetings.map((meeting, index) => {
    const attendees = inDirectoryOrder(ctx, meeting.attendees, (attendee) => attendee.userId);
    const isCheckInUsed = attendees.some((attendee) => attendee.checkedInAt);
    const present = attendees.filter((attendee) =>
      isCheckInUsed ? attendee.checkedInAt : attendee.reply === 'attending',
    );
    const absent = attendees
      .filter((attendee) => attendee.reply === 'leave' || (isCheckInUsed && !attendee.checkedInAt))
      .map((attendee) =>
        attendee.reply === 'leave'
          ? `${name(attendee.userId)}（${attendee.leaveReason ? clip(attendee.leaveReason, 20) : '请假'}）`
          : `${name(attendee.userId)}（未请假）`,
      );
    const own = decisions.filter((task) => task.sourceRef === meeting.ref);
    return [
      String(index + 1),
      meeting.topic,
      `${time(meeting.startsAt, 'yyyy-MM-dd HH:mm')}–${time(meeting.endsAt, 'HH:mm')}`,
      meeting.place,
      name(meeting.hostId),
      present.map((attendee) => name(attendee.userId)).join('、'),
      absent.join('、'),
      name(meeting.minutesBy ?? meeting.recorderId ?? meeting.organizerId),
      meeting.agenda ?? '',
      own.map((task) => `${task.ref} ${task.content}`).join('；'),
      departmentsOf(ctx, own),
      own.map((task) => `${task.ref} ${task.standing}`).join('；'),
      '',
    ];
  });
}

/** The decisions' lead departments, once each, in the order the decisions were made. */
function departmentsOf(ctx: BaseContext, tasks: readonly TaskFromSource[]): string {
  return [...new Set(tasks.map((task) => ctx.directory.department(task.departmentId)?.name ?? task.departmentId))].join(
    '、',
  );
}
