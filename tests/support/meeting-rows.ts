import { randomUUID } from 'node:crypto';
import type { Meeting } from '../../src/generated/prisma/client.js';
import { allocateReference } from '../../src/kit/numbering/allocate-reference.js';
import { setAfterMeetingTimers } from '../../src/workflows/meetings/after-meeting-part.js';
import { asSystem } from './as-system.js';
import type { HandlerHarness } from './handler-harness.js';

/** A time in Beijing: `at('2026-12-01T14:00')`. */
export const at = (local: string): Date => new Date(`${local}:00+08:00`);

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
 * A meeting as the booking part leaves it once the office approved it: its row, its attendees
 * (no reply yet), and — as the booking part does at approval — the timers of the part after the
 * meeting. The meetings' tests of minutes, decisions, the brief and the ledger start here while
 * the booking commands are written alongside; they can later be switched to `会议` itself.
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
