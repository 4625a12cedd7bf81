import { randomUUID } from 'node:crypto';
import type { Meeting } from '../../src/generated/prisma/client.js';
import { allocateReference } from '../../src/kit/numbering/allocate-reference.js';
import { setAfterMeetingTimers } from '../../src/workflows/meetings/after-meeting-part.js';
import { asSystem } from './as-system.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { workflowScheduleJobs } from '../../src/schedules/workflow-schedule-jobs.js';
import type { HandlerHarness, Sent } from './handler-harness.js';
import { textTo } from './sent-to.js';

/** A time in Beijing: `at('2026-12-01T14:00')`. */
export const at = (local: string): Date => new Date(`${local}:00+08:00`);

/** The clock moved to `moment` and the timer tick run there, as the schedule runs it: what it sent. */
export async function tickAt(h: HandlerHarness, moment: Date): Promise<Sent[]> {
  h.clock.set(moment);
  const { sent } = await asSystem(h, (ctx) =>
    workflowScheduleJobs(SHIPPED_WORKFLOWS).timer_tick(ctx, {
      periodKey: 'tick',
      scheduledAt: ctx.clock.now(),
      isLate: false,
    }),
  );
  return sent;
}

export interface MeetingRow {
  topic: string;
  kind?: '决策会' | '协调会' | '培训会';
  /** local, e.g. '2026-12-01T14:00' */
  startsAt: string;
  /** local */
  endsAt: string;
  place?: string;
  roomId?: string | null;
  agenda?: string;
  organizer: string;
  /** default the organiser */
  host?: string;
  recorder?: string;
  attendees: string[];
  /** default approved */
  state?: 'approved' | 'notified' | 'requested';
}

/**
 * A meeting booked as its organiser books one — `会议` with the row's fields, the 主持 and 记录人
 * invited with the others — and, unless the row says `requested`, approved by a tap on the office's
 * card (a leader's booking is approved at once). Its notices and reminders are the booking part's
 * timers: a test that looks at what later ticks send ticks past them first. Returns the row as the
 * database holds it then.
 */
export async function bookMeeting(h: HandlerHarness, row: MeetingRow): Promise<Meeting> {
  const minutes = (at(row.endsAt).getTime() - at(row.startsAt).getTime()) / 60_000;
  const command = [
    `会议 ${row.topic}`,
    `时间:${row.startsAt.replace('T', ' ')}`,
    `时长:${minutes}分钟`,
    `地点:${row.place ?? '第一会议室'}`,
    `参会:${row.attendees.map((userId) => `@${userId}`).join(' ')}`,
    ...(row.kind ? [`类型:${row.kind}`] : []),
    ...(row.host ? [`主持:@${row.host}`] : []),
    ...(row.recorder ? [`记录人:@${row.recorder}`] : []),
    ...(row.agenda ? [`议程:${row.agenda}`] : []),
  ].join(' ');
  const booked = await h.say(row.organizer, command);
  const ref = /已(?:提交会议预约|预约会议) (H\d+)/.exec(textTo(booked, row.organizer))?.[1];
  if (!ref) throw new Error(`「${command}」 was not booked: ${textTo(booked, row.organizer)}`);
  const approvalCard = booked.find((message) => message.buttons?.includes('meeting_approve'));
  if (approvalCard && row.state !== 'requested') await h.tap(approvalCard.to, approvalCard.taskId!, 'meeting_approve');
  return h.db.prisma.meeting.findFirstOrThrow({ where: { ref } });
}

/**
 * A meeting as the booking part leaves it once the office approved it, written straight to the
 * database: its row, its attendees (no reply yet), and — as the booking part does at approval —
 * the timers of the part after the meeting. For the fixed data sets of the brief and the 会议台账,
 * whose meetings lie in the past and are put into the state the test needs; tests of what people
 * do use {@link bookMeeting}.
 */
export async function insertMeeting(h: HandlerHarness, row: MeetingRow): Promise<Meeting> {
  const { result } = await asSystem(h, async (ctx) => {
    const now = ctx.clock.now();
    const state = row.state ?? 'approved';
    const organizer = ctx.directory.person(row.organizer);
    const meeting = await ctx.tx.meeting.create({
      data: {
        id: randomUUID(),
        orgId: ctx.orgId,
        ref: await allocateReference(ctx, 'H'),
        topic: row.topic,
        kind: row.kind ?? '协调会',
        startsAt: at(row.startsAt),
        endsAt: at(row.endsAt),
        roomId: row.roomId === undefined ? 'room1' : row.roomId,
        place: row.place ?? '第一会议室',
        agenda: row.agenda ?? null,
        organizerId: row.organizer,
        hostId: row.host ?? row.organizer,
        recorderId: row.recorder ?? null,
        departmentId: organizer?.departmentIds[0] ?? '',
        state,
        ...(state === 'requested' ? {} : { approvedBy: 'wangfang', approvedAt: now }),
        createdAt: now,
        updatedAt: now,
      },
    });
    await ctx.tx.meetingAttendee.createMany({
      data: row.attendees.map((userId) => ({
        id: randomUUID(),
        orgId: ctx.orgId,
        meetingId: meeting.id,
        userId,
        departmentId: ctx.directory.person(userId)?.departmentIds[0] ?? null,
      })),
    });
    if (state !== 'requested') await setAfterMeetingTimers(ctx, meeting);
    return ctx.tx.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
  });
  return result;
}

/** Attendees' replies and check-ins, as the notice cards and 签到 would record them. */
export async function recordAttendance(
  h: HandlerHarness,
  meeting: Pick<Meeting, 'id'>,
  attendance: Record<string, { reply?: 'attending' | 'leave'; leaveReason?: string; checkedIn?: boolean }>,
): Promise<void> {
  for (const [userId, given] of Object.entries(attendance))
    await h.db.prisma.meetingAttendee.update({
      where: { meetingId_userId: { meetingId: meeting.id, userId } },
      data: {
        ...(given.reply ? { reply: given.reply, repliedAt: h.clock.now() } : {}),
        ...(given.leaveReason ? { leaveReason: given.leaveReason } : {}),
        ...(given.checkedIn ? { checkedInAt: h.clock.now() } : {}),
      },
    });
}
