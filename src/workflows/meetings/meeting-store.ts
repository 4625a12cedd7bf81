import type { Meeting, MeetingAttendee } from '../../generated/prisma/client.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import type { TransitionActor } from '../../kit/state-machine.js';
import { applyTransition } from '../../kit/transition.js';
import { refusal } from '../../shared/errors.js';
import { MEETING_MACHINE, type MeetingEvent, type MeetingState } from './meeting-machine.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';

export type { Meeting, MeetingAttendee };

/** Meetings that took place: held, their minutes published, or closed (the brief and the ledger count these). */
export const HELD_STATES: readonly MeetingState[] = ['held', 'minutes_published', 'closed'];

export function stateOf(meeting: Pick<Meeting, 'state'>): MeetingState {
  return meeting.state as MeetingState;
}

/** A meeting found by its reference (H3, h3), read without a lock. */
export async function findMeeting(ctx: BaseContext, ref: string): Promise<Meeting | undefined> {
  return (await ctx.tx.meeting.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } })) ?? undefined;
}

export async function findMeetingOrRefuse(ctx: BaseContext, ref: string): Promise<Meeting> {
  const meeting = await findMeeting(ctx, ref);
  if (!meeting) throw refusal('NOT_FOUND', `没有找到会议 ${ref.toUpperCase()}，请核对编号。`);
  return meeting;
}

/**
 * Locks the meeting's open cards, then the meeting (kit/cards/close-card.ts lockCardsThenItem), the
 * one order every path that changes a meeting takes — a command, a tap on one of its cards, a reason
 * typed after a tap, a timer — so any two of them queue one behind the other instead of deadlocking.
 */
export async function lockMeeting(ctx: BaseContext, id: string): Promise<Meeting | undefined> {
  return lockCardsThenItem(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: id }, async () => {
    const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM meeting WHERE org_id = ${ctx.orgId} AND id = ${id} FOR UPDATE`;
    return rows[0] ? ((await ctx.tx.meeting.findUnique({ where: { id } })) ?? undefined) : undefined;
  });
}

export async function lockMeetingByRef(ctx: BaseContext, ref: string): Promise<Meeting> {
  const found = await findMeetingOrRefuse(ctx, ref);
  return (await lockMeeting(ctx, found.id))!;
}

/**
 * For 改期 and 取消, which cancel the meeting's timers: its pending timers first, then its cards and
 * the meeting — the order the tick takes them in (it locks a due timer, then fires it, which locks
 * the meeting), so the two never wait on each other crosswise. A tick meanwhile skips the locked
 * timers (SKIP LOCKED) and finds them cancelled.
 */
export async function lockMeetingWithTimers(ctx: BaseContext, ref: string): Promise<Meeting> {
  const found = await findMeetingOrRefuse(ctx, ref);
  await ctx.tx.$queryRaw`
    SELECT id FROM item_timer
     WHERE org_id = ${ctx.orgId} AND workflow = ${MEETING_WORKFLOW_ID} AND item_id = ${found.id}
       AND fired_at IS NULL AND cancelled_at IS NULL
     ORDER BY id FOR UPDATE`;
  return (await lockMeeting(ctx, found.id))!;
}

/** Who writes the minutes: the 记录人, or the organiser when the booking named none. */
export function recorderOf(meeting: Pick<Meeting, 'recorderId' | 'organizerId'>): string {
  return meeting.recorderId ?? meeting.organizerId;
}

/**
 * When the minutes are due: as set with the meeting's timers (spec 4: `minutes_due_hours` after
 * the end), else worked out the same way from the org file.
 */
export function minutesDueOf(ctx: BaseContext, meeting: Pick<Meeting, 'minutesDueAt' | 'endsAt'>): Date {
  return meeting.minutesDueAt ?? minutesDueAfter(ctx, meeting.endsAt);
}

export function minutesDueAfter(ctx: BaseContext, endsAt: Date): Date {
  return new Date(endsAt.getTime() + ctx.directory.config.sla.minutes_due_hours * 3600_000);
}

/**
 * How the actor relates to the meeting: its organiser asked for it, the recorder holds its minutes,
 * the office runs it.
 */
export function relationsTo(ctx: BaseContext, meeting: Meeting): Set<TransitionActor> {
  const relations = new Set<TransitionActor>();
  if (!hasActor(ctx)) return relations;
  if (meeting.organizerId === ctx.actor.userId) relations.add('requester');
  if (recorderOf(meeting) === ctx.actor.userId) relations.add('holder');
  if (hasAnyRole(ctx.actor, OFFICE_ROLES)) relations.add('office');
  return relations;
}

/** May the actor change the meeting (改期, 取消): its organiser or the office. */
export function mayManage(ctx: BaseContext, meeting: Meeting): boolean {
  const relations = relationsTo(ctx, meeting);
  return relations.has('requester') || relations.has('office');
}

export type MeetingChange = Partial<
  Pick<
    Meeting,
    | 'startsAt'
    | 'endsAt'
    | 'roomId'
    | 'place'
    | 'version'
    | 'conflictNote'
    | 'conflictConfirmedBy'
    | 'conflictConfirmedAt'
    | 'approvedBy'
    | 'approvedAt'
    | 'notifiedAt'
    | 'venueConfirmedAt'
    | 'attendeesConfirmedAt'
    | 'materialsConfirmedAt'
    | 'closingReason'
    | 'minutes'
    | 'minutesBy'
    | 'minutesAt'
    | 'minutesSignedBy'
    | 'minutesPublishedAt'
  >
>;

/**
 * Applies a named transition to a meeting (kit/transition.ts): compare-and-set on its state (and
 * version, so a 改期 in between is never overwritten), its other fields written with it, the audit
 * record from the plan.
 */
export async function moveMeeting(
  ctx: BaseContext,
  meeting: Meeting,
  event: MeetingEvent,
  data: MeetingChange = {},
  audit: { comment?: string | null; via?: 'card' | 'schedule' } = {},
): Promise<Meeting> {
  const now = ctx.clock.now();
  const to = await applyTransition(ctx, {
    machine: MEETING_MACHINE,
    itemType: MEETING_WORKFLOW_ID,
    itemRef: meeting.ref,
    current: stateOf(meeting),
    event,
    relations: relationsTo(ctx, meeting),
    update: async (from, next) =>
      (
        await ctx.tx.meeting.updateMany({
          where: { id: meeting.id, state: from, version: meeting.version },
          data: { ...data, state: next, updatedAt: now },
        })
      ).count,
    comment: audit.comment ?? null,
    ...(audit.via ? { via: audit.via } : {}),
  });
  return { ...meeting, ...data, state: to, updatedAt: now };
}

/** Writes fields that are no transition (a confirmation, a checklist item), on the version it read. */
export async function updateMeeting(ctx: BaseContext, meeting: Meeting, data: MeetingChange): Promise<Meeting> {
  const now = ctx.clock.now();
  await ctx.tx.meeting.updateMany({
    where: { id: meeting.id, version: meeting.version },
    data: { ...data, updatedAt: now },
  });
  return { ...meeting, ...data, updatedAt: now };
}

export function attendeesOf(ctx: BaseContext, meeting: Pick<Meeting, 'id'>): Promise<MeetingAttendee[]> {
  return ctx.tx.meetingAttendee.findMany({ where: { meetingId: meeting.id }, orderBy: { id: 'asc' } });
}
