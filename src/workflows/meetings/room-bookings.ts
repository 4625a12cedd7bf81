import { randomUUID } from 'node:crypto';
import type { BaseContext } from '../../kit/context.js';
import { refusal, type Refusal } from '../../shared/errors.js';
import { nextFreeStarts, describeFreeStarts } from './free-slots.js';
import { freeRooms, heldBookings, type HeldBooking, type Slot } from './held-bookings.js';
import { clockRangeText, timeRangeText } from './describe-meeting.js';

/**
 * Refuses a slot whose room is taken, saying by what, which rooms are free then and when this room
 * is free next. A booking holds its room from the moment it is requested (not only once approved):
 * the office never approves two meetings into one room, and an approved meeting's slot cannot be
 * taken while another request waits.
 */
export async function requireRoomFree(ctx: BaseContext, slot: Slot, exceptMeetingId?: string): Promise<void> {
  const taken = await heldBookings(ctx, { ...slot, from: slot.startsAt, to: slot.endsAt, exceptMeetingId });
  if (taken.length > 0) throw await roomTaken(ctx, slot, taken, exceptMeetingId);
}

/**
 * Holds the room for the meeting: its previous booking (a 改期) released, the new one inserted.
 * Two bookings racing past {@link requireRoomFree} meet at the exclusion constraint, which lets one
 * commit: the other's insert fails (23P01) inside a savepoint, is rolled back to it — the old
 * booking held again — and gets the same refusal as if it had come second.
 */
export async function holdRoom(ctx: BaseContext, meetingId: string, slot: Slot | undefined): Promise<void> {
  await ctx.tx.$executeRawUnsafe('SAVEPOINT room_booking');
  try {
    await releaseRoom(ctx, meetingId);
    if (slot)
      await ctx.tx.$executeRaw`
        INSERT INTO room_booking (id, org_id, meeting_id, room_id, during, state, created_at)
        VALUES (${randomUUID()}, ${ctx.orgId}, ${meetingId}, ${slot.roomId},
                tstzrange(${slot.startsAt}::timestamptz, ${slot.endsAt}::timestamptz, '[)'), 'held', ${ctx.clock.now()})`;
    await ctx.tx.$executeRawUnsafe('RELEASE SAVEPOINT room_booking');
  } catch (error) {
    if (!slot || !isExclusionViolation(error)) throw error;
    await ctx.tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT room_booking');
    const taken = await heldBookings(ctx, {
      ...slot,
      from: slot.startsAt,
      to: slot.endsAt,
      exceptMeetingId: meetingId,
    });
    throw await roomTaken(ctx, slot, taken, meetingId);
  }
}

/** The meeting's room is free again (cancelled, rejected, or moved by a 改期). */
export async function releaseRoom(ctx: BaseContext, meetingId: string): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE room_booking SET state = 'released' WHERE org_id = ${ctx.orgId} AND meeting_id = ${meetingId} AND state = 'held'`;
}

async function roomTaken(
  ctx: BaseContext,
  slot: Slot,
  taken: HeldBooking[],
  exceptMeetingId: string | undefined,
): Promise<Refusal> {
  const room = ctx.directory.room(slot.roomId)?.name ?? slot.roomId;
  const blockers = taken.map((booking) => `${booking.ref}（${clockRangeText(booking.startsAt, booking.endsAt, ctx)}）`);
  const free = (await freeRooms(ctx, slot.startsAt, slot.endsAt, exceptMeetingId)).filter((name) => name !== room);
  const minutes = Math.round((slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000);
  const starts = await nextFreeStarts(ctx, { ...slot, minutes, ...(exceptMeetingId ? { exceptMeetingId } : {}) });
  return refusal(
    'CONFLICT',
    [
      `${room} ${timeRangeText(slot.startsAt, slot.endsAt, ctx)}已被 ${blockers.join('、')}占用（会议室自提交预约起即为其保留，含待审批的预约）。`,
      free.length > 0 ? `该时段空闲的会议室：${free.join('、')}。` : '该时段没有其他空闲的会议室。',
      describeFreeStarts(ctx, room, minutes, starts),
      '请换「时间」或「地点」后重新发送。',
    ].join('\n'),
  );
}

/** PostgreSQL's exclusion_violation, as the driver adapter reports it under Prisma's P2010. */
function isExclusionViolation(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { code?: string; originalCode?: string } } } }).meta;
  const cause = meta?.driverAdapterError?.cause;
  return cause?.code === '23P01' || cause?.originalCode === '23P01';
}
