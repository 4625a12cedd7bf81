import { DateTime } from 'luxon';
import type { Meeting } from '../../generated/prisma/client.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import type { TransitionActor } from '../../kit/state-machine.js';
import { applyTransition } from '../../kit/transition.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { MEETING_MACHINE, type MeetingEvent, type MeetingState } from './meeting-machine.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';

export type { Meeting };

/** Meetings that took place: held, their minutes published, or closed (the brief and the ledger count these). */
export const HELD_STATES: readonly MeetingState[] = ['held', 'minutes_published', 'closed'];

export function meetingState(meeting: Pick<Meeting, 'state'>): MeetingState {
  return meeting.state as MeetingState;
}

/**
 * Loads a meeting and locks its row for the rest of the transaction: the end timer, a 纪要, the
 * 主持's tap and a 决议 on one meeting are taken one after the other.
 */
export async function lockMeeting(
  ctx: BaseContext,
  by: { id: string } | { ref: string },
): Promise<Meeting | undefined> {
  const rows =
    'id' in by
      ? await ctx.tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM meeting WHERE org_id = ${ctx.orgId} AND id = ${by.id} FOR UPDATE`
      : await ctx.tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM meeting WHERE org_id = ${ctx.orgId} AND ref = ${by.ref.toUpperCase()} FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? ((await ctx.tx.meeting.findUnique({ where: { id } })) ?? undefined) : undefined;
}

/**
 * The meeting's open cards, then the meeting (kit/cards/close-card.ts lockCardsThenItem): for the
 * paths that close cards without a tap (a 纪要 posted, a reason typed after a tap), so they queue
 * behind a tap on the same meeting instead of deadlocking with it.
 */
export async function lockMeetingWithCards(
  ctx: BaseContext,
  by: { id: string } | { ref: string },
): Promise<Meeting | undefined> {
  const found =
    'id' in by
      ? { id: by.id }
      : await ctx.tx.meeting.findFirst({
          where: { orgId: ctx.orgId, ref: by.ref.toUpperCase() },
          select: { id: true },
        });
  if (!found) return undefined;
  return lockCardsThenItem(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: found.id }, () => lockMeeting(ctx, found));
}

export async function lockMeetingOrRefuse(ctx: BaseContext, ref: string): Promise<Meeting> {
  const meeting = await lockMeetingWithCards(ctx, { ref });
  if (!meeting) throw refusal('NOT_FOUND', `没有找到会议 ${ref.toUpperCase()}，请核对编号。`);
  return meeting;
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

/** How the actor relates to the meeting: the organiser asked for it, the recorder holds its minutes. */
export function relationsTo(ctx: BaseContext, meeting: Meeting): Set<TransitionActor> {
  const relations = new Set<TransitionActor>();
  if (!hasActor(ctx)) return relations;
  if (meeting.organizerId === ctx.actor.userId) relations.add('requester');
  if (recorderOf(meeting) === ctx.actor.userId) relations.add('holder');
  if (hasAnyRole(ctx.actor, OFFICE_ROLES)) relations.add('office');
  return relations;
}

type MeetingChange = Partial<
  Pick<Meeting, 'minutes' | 'minutesBy' | 'minutesAt' | 'minutesSignedBy' | 'minutesPublishedAt'>
>;

/**
 * Applies a named transition to a meeting (kit/transition.ts): compare-and-set on its state, its
 * other fields written with it, the audit record from the plan.
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
    current: meetingState(meeting),
    event,
    relations: relationsTo(ctx, meeting),
    update: async (from, next) =>
      (
        await ctx.tx.meeting.updateMany({
          where: { id: meeting.id, state: from },
          data: { ...data, state: next, updatedAt: now },
        })
      ).count,
    comment: audit.comment ?? null,
    ...(audit.via ? { via: audit.via } : {}),
  });
  return { ...meeting, ...data, state: to, updatedAt: now };
}

/** `H3（校长办公会）`: the reference and enough of the topic to recognise it. */
export function meetingLabel(meeting: Pick<Meeting, 'ref' | 'topic'>): string {
  return `${meeting.ref}（${clip(meeting.topic, 20)}）`;
}

/** `12-01 14:00–16:00`, or with both days when it runs past midnight. */
export function meetingTimeText(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>, timezone: string): string {
  const start = DateTime.fromJSDate(meeting.startsAt, { zone: timezone });
  const end = DateTime.fromJSDate(meeting.endsAt, { zone: timezone });
  return `${start.toFormat('MM-dd HH:mm')}–${end.toFormat(start.hasSame(end, 'day') ? 'HH:mm' : 'MM-dd HH:mm')}`;
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
