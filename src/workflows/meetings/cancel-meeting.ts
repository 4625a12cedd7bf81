import { cancelApproval } from '../../kit/approvals/index.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { planTransition } from '../../kit/state-machine.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { refusal } from '../../shared/errors.js';
import { meetingLabel, meetingTimeText } from './describe-meeting.js';
import { bookingKey } from './meeting-approval.js';
import { MEETING_MACHINE, type MeetingState } from './meeting-machine.js';
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
import { dropMeetingTimers } from './meeting-timers.js';
import { releaseRoom } from './room-bookings.js';

/** What a meeting that may still be cancelled is doing, said when a cancellation is abandoned. */
const STANDING: Partial<Record<MeetingState, string>> = {
  requested: '仍在等综合办公室审批',
  approved: '仍按原定时间召开',
  notified: '仍按原定时间召开',
};

function requireMayCancel(ctx: ActorContext, meeting: Meeting): void {
  if (!mayManage(ctx, meeting))
    throw refusal(
      'NOT_ALLOWED',
      `${meeting.ref} 只能由组织人（${personName(ctx.directory, meeting.organizerId)}）或综合办公室取消。`,
    );
  const plan = planTransition(MEETING_MACHINE, stateOf(meeting), 'cancel', meeting.ref, relationsTo(ctx, meeting));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
}

/** May the actor cancel `ref`? Asked before the reason is. Read without a lock: cancelMeeting checks again. */
export async function mayMeetingBeCancelled(ctx: ActorContext, ref: string): Promise<{ standing: string }> {
  const meeting = await findMeetingOrRefuse(ctx, ref);
  requireMayCancel(ctx, meeting);
  return { standing: `${meeting.ref} ${STANDING[stateOf(meeting)] ?? '没有变化'}` };
}

/**
 * `取消 H3 原因:…` by the organiser or the office: the room is free again, nothing of the meeting
 * fires any more (its timers cancelled in this transaction), every card and work item is closed, and
 * the attendees already notified are told.
 */
export async function cancelMeeting(ctx: ActorContext, ref: string, reason: string): Promise<void> {
  const meeting = await lockMeetingWithTimers(ctx, ref);
  requireMayCancel(ctx, meeting);
  await moveMeeting(ctx, meeting, 'cancel', { closingReason: reason }, { comment: reason });
  await releaseRoom(ctx, meeting.id);
  const timers = await dropMeetingTimers(ctx, meeting);
  await cancelApproval(ctx, bookingKey(meeting), '会议已取消');
  await closeItemCards(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id }, 'stale', '会议已取消');
  await closeWorkItems(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  const notified = (await attendeesOf(ctx, meeting)).filter(
    (attendee) => attendee.notifiedAt !== null && attendee.userId !== ctx.actor.userId,
  );
  const label = meetingLabel(meeting);
  const when = `${meetingTimeText(meeting, ctx)}，${meeting.place}`;
  for (const attendee of notified)
    await tell(ctx, attendee.userId, `会议取消：${label}原定 ${when}，已由${ctx.actor.name}取消。原因：${reason}`);
  if (meeting.organizerId !== ctx.actor.userId)
    await tell(ctx, meeting.organizerId, `您的会议 ${label}已由综合办公室${ctx.actor.name}取消。原因：${reason}`);
  const told = notified.length > 0 ? `已通知${notified.length}位已收到通知的参会人员` : '参会人员尚未收到通知';
  await ctx.reply(
    `已取消 ${label}${meeting.roomId ? '，会议室已释放' : ''}。${told}${timers > 0 ? '，之后的提醒都不会再发' : ''}。`,
  );
}
