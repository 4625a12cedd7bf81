import { cancelApproval, openApproval } from '../../kit/approvals/index.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { tell } from '../../kit/notify.js';
import { planTransition } from '../../kit/state-machine.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { refusal } from '../../shared/errors.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import type { AfterMeetingHooks } from './after-meeting-hooks.js';
import { endOf, placeLine, placeOf } from './book-meeting.js';
import { meetingLabel, meetingTimeText } from './describe-meeting.js';
import { BOOKING_STEPS, bookingKey, bookingPresenter, bookingRequester, waitingNames } from './meeting-approval.js';
import { raiseConflict } from './meeting-conflicts.js';
import { MEETING_MACHINE, RESCHEDULE_EVENT } from './meeting-machine.js';
import { sendNotices } from './meeting-notices.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import {
  attendeesOf,
  findMeetingOrRefuse,
  lockMeetingWithTimers,
  mayManage,
  moveMeeting,
  relationsTo,
  stateOf,
  type Meeting,
} from './meeting-store.js';
import { dropMeetingTimers, scheduleMeeting } from './meeting-timers.js';
import { personConflicts } from './person-conflicts.js';
import { holdRoom, requireRoomFree } from './room-bookings.js';
import { personName } from '../../kit/people.js';

/** Only the organiser or the office, and only before the meeting is held (spec 2.5). */
function requireMayReschedule(ctx: ActorContext, meeting: Meeting): void {
  if (!mayManage(ctx, meeting))
    throw refusal(
      'NOT_ALLOWED',
      `${meeting.ref} 只能由组织人（${personName(ctx.directory, meeting.organizerId)}）或综合办公室改期。`,
    );
  const event = RESCHEDULE_EVENT[stateOf(meeting)] ?? 'reschedule_notified';
  const plan = planTransition(MEETING_MACHINE, stateOf(meeting), event, meeting.ref, relationsTo(ctx, meeting));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
}

/**
 * `改期 H3 时间:… 时长:… 地点:…` (spec 2.5, 3.4): checked again like a booking (its own room booking
 * set aside), the version moves on, every card and reply of the old time is void, the timers are set
 * again from the new start, and whoever was notified is notified anew; a request not yet decided
 * goes back to the office with the new time.
 */
export function rescheduleMeeting(after: Pick<AfterMeetingHooks, 'onScheduled'>): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '改期',
      aliases: ['会议改期'],
      summary: '会议改期（组织人或综合办公室）：重新检查会议室，重新通知参会人员',
      example: '改期 H3 时间:下周一下午3点 时长:60分钟 地点:第二会议室',
      ref: { prefixes: ['H'], required: true, question: '要改期哪个会议？' },
      freeText: 'none',
    },
    fields: {
      时间: field.datetime({
        aliases: ['会议时间', '开始时间', '改到'],
        required: true,
        notPast: true,
        question: '改到什么时候开始？',
      }),
      时长: field.duration({ aliases: ['会议时长'], question: '会议开多长时间？' }),
      地点: field.text({ aliases: ['会议室', '场地'], question: '在哪里开？' }),
    },
    async authorize(ctx, { ref }) {
      const meeting = await findMeetingOrRefuse(ctx, ref);
      requireMayReschedule(ctx, meeting);
      return { abandonedNote: `已放弃改期，${meeting.ref} 仍按原定时间召开。` };
    },
    async execute(ctx, { ref, values }) {
      const meeting = await lockMeetingWithTimers(ctx, ref);
      requireMayReschedule(ctx, meeting);
      const minutes = values.时长 ?? Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000);
      const startsAt = values.时间.toJSDate();
      const endsAt = endOf(startsAt, minutes);
      const where = values.地点
        ? placeOf(ctx, values.地点)
        : { ...(meeting.roomId ? { room: ctx.directory.room(meeting.roomId) } : {}), place: meeting.place };
      if (
        startsAt.getTime() === meeting.startsAt.getTime() &&
        endsAt.getTime() === meeting.endsAt.getTime() &&
        where.place === meeting.place
      )
        throw refusal('INVALID_INPUT', `新的时间和地点与 ${meeting.ref} 原定的相同，不需要改期。`);
      const attendees = await attendeesOf(ctx, meeting);
      const conflicts = await personConflicts(ctx, {
        kind: meeting.kind,
        startsAt,
        endsAt,
        attendeeIds: attendees.map((attendee) => attendee.userId),
        exceptMeetingId: meeting.id,
      });
      const slot = where.room ? { roomId: where.room.id, startsAt, endsAt } : undefined;
      if (slot) await requireRoomFree(ctx, slot, meeting.id);
      await holdRoom(ctx, meeting.id, slot);

      const before = `${meetingTimeText(meeting, ctx)}，${meeting.place}`;
      await voidOldVersion(ctx, meeting);
      const moved = await moveMeeting(
        ctx,
        meeting,
        RESCHEDULE_EVENT[stateOf(meeting)]!,
        {
          startsAt,
          endsAt,
          roomId: where.room?.id ?? null,
          place: where.place,
          version: meeting.version + 1,
          conflictNote: null,
          conflictConfirmedBy: null,
          conflictConfirmedAt: null,
          venueConfirmedAt: null,
          attendeesConfirmedAt: null,
          materialsConfirmedAt: null,
        },
        { comment: `由 ${before} 改为 ${meetingTimeText({ startsAt, endsAt }, ctx)}，${where.place}` },
      );
      const current = conflicts ? await raiseConflict(ctx, moved, conflicts) : moved;
      const next = await followUp(ctx, current, attendees.length, before, after);
      const now = `${meetingTimeText(current, ctx)}`;
      if (current.organizerId !== ctx.actor.userId)
        await tell(
          ctx,
          current.organizerId,
          `综合办公室${ctx.actor.name}已将您的会议 ${meetingLabel(current)}改期为 ${now}，${current.place}（原定 ${before}）。`,
        );
      await ctx.reply(
        [
          `已将 ${meetingLabel(current)}改期为 ${now}（原定 ${before}）。`,
          placeLine(where, attendees.length),
          ...(conflicts ? [`冲突预警：${conflicts}。已请综合办公室确认。`] : []),
          `${next}。`,
        ].join('\n'),
      );
    },
  });
}

/**
 * Everything of the old time goes: the timers, an undecided approval, every open card (「已改期」)
 * and work item, and the replies, reminders and check-ins given for it.
 */
async function voidOldVersion(ctx: ActorContext, meeting: Meeting): Promise<void> {
  await dropMeetingTimers(ctx, meeting);
  await cancelApproval(ctx, bookingKey(meeting), '已改期');
  await closeItemCards(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id }, 'stale', '已改期');
  await closeWorkItems(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  await ctx.tx.meetingAttendee.updateMany({
    where: { meetingId: meeting.id },
    data: { reply: 'pending', leaveReason: null, repliedAt: null, askedAgainAt: null, checkedInAt: null },
  });
}

/** What the new time needs now, by the state the meeting is in; returns what the reply says of it. */
async function followUp(
  ctx: ActorContext,
  meeting: Meeting,
  attendees: number,
  before: string,
  after: Pick<AfterMeetingHooks, 'onScheduled'>,
): Promise<string> {
  switch (stateOf(meeting)) {
    case 'requested': {
      const { progress } = await openApproval(
        ctx,
        {
          ...bookingKey(meeting),
          itemRef: meeting.ref,
          requester: bookingRequester(ctx, meeting),
          steps: BOOKING_STEPS,
        },
        bookingPresenter(ctx, meeting, attendees),
      );
      return progress.outcome === 'waiting'
        ? `已按新时间重新请综合办公室（${waitingNames(ctx, progress)}）审批`
        : '已按新时间批准';
    }
    case 'approved': {
      const scheduled = await scheduleMeeting(ctx, meeting, after);
      return stateOf(scheduled) === 'notified'
        ? `会议通知已按新时间发给${attendees}位参会人员`
        : '会议通知将按新时间发出，原来的提醒已取消';
    }
    default: {
      // people who were told of the old time are told of the new one now, whatever else waits
      await sendNotices(ctx, meeting, { rescheduledFrom: before });
      await scheduleMeeting(ctx, meeting, after);
      return `已向${attendees}位参会人员重新发出通知，请他们重新确认；原来的回复和提醒已作废`;
    }
  }
}
