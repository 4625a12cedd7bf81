import { Prisma } from '../../db/prisma.js';
import type { BaseContext } from '../../kit/context.js';

/** A held booking as the checks read it. */
export interface HeldBooking {
  meetingId: string;
  ref: string;
  roomId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface Slot {
  roomId: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The held bookings overlapping `from`–`to` (of one room, or of every room), but the meeting's own
 * (a 改期 is checked without the booking it replaces). `[)`: a meeting ending at 15:00 leaves the
 * room free for one starting at 15:00.
 */
export function heldBookings(
  ctx: BaseContext,
  range: { roomId?: string; from: Date; to: Date; exceptMeetingId?: string },
): Promise<HeldBooking[]> {
  return ctx.tx.$queryRaw<HeldBooking[]>`
    SELECT b.meeting_id AS "meetingId", m.ref, b.room_id AS "roomId",
           lower(b.during) AS "startsAt", upper(b.during) AS "endsAt"
      FROM room_booking b JOIN meeting m ON m.id = b.meeting_id
     WHERE b.org_id = ${ctx.orgId} AND b.state = 'held'
       AND b.during && tstzrange(${range.from}::timestamptz, ${range.to}::timestamptz, '[)')
       ${range.roomId ? Prisma.sql`AND b.room_id = ${range.roomId}` : Prisma.empty}
       ${range.exceptMeetingId ? Prisma.sql`AND b.meeting_id <> ${range.exceptMeetingId}` : Prisma.empty}
     ORDER BY lower(b.during)`;
}

/** The rooms of the org file with nothing held in `from`–`to`, in the file's order. */
export async function freeRooms(ctx: BaseContext, from: Date, to: Date, exceptMeetingId?: string): Promise<string[]> {
  const busy = new Set(
    (await heldBookings(ctx, { from, to, ...(exceptMeetingId ? { exceptMeetingId } : {}) })).map((b) => b.roomId),
  );
  return ctx.directory.config.rooms.filter((room) => !busy.has(room.id)).map((room) => room.name);
}
