import { meetingNoticeCard, meetingReminderCard } from '../../../cards/index.js';
import type { BaseContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { meetingCardFacts, meetingLabel } from './describe-meeting.js';
import { sendMeetingCard } from './meeting-cards-sent.js';
import { meetingMoments, startsInText } from './meeting-moments.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { openMeetingWork } from './meeting-work.js';
import { attendeesOf, moveMeeting, type Meeting, type MeetingAttendee } from './meeting-store.js';

/** The 冲突预警 has been confirmed by the office, or there was none: notices may go. */
export function isConflictSettled(meeting: Pick<Meeting, 'conflictNote' | 'conflictConfirmedAt'>): boolean {
  return meeting.conflictNote === null || meeting.conflictConfirmedAt !== null;
}

/**
 * Sends every attendee the notice card [参加] [请假] (a 改期's says what changed) and opens their
 * 「会议回复」 work item, due at the 二次确认 (or the start when the meeting is sooner).
 */
export async function sendNotices(
  ctx: BaseContext,
  meeting: Meeting,
  options: { rescheduledFrom?: string } = {},
): Promise<MeetingAttendee[]> {
  const attendees = await attendeesOf(ctx, meeting);
  const facts = meetingCardFacts(ctx, meeting, attendees.length);
  const dueAt = meetingMoments(ctx, meeting).askAgain ?? meeting.startsAt;
  for (const attendee of attendees) {
    await sendMeetingCard(
      ctx,
      meeting,
      attendee.userId,
      'notice',
      meetingNoticeCard(facts, options.rescheduledFrom ? { rescheduledFrom: options.rescheduledFrom } : {}),
    );
    await openMeetingWork(ctx, meeting, {
      kind: 'meeting_reply',
      action: '会议通知回复',
      sourceId: attendee.id,
      holderId: attendee.userId,
      dueAt,
    });
  }
  await ctx.tx.meetingAttendee.updateMany({ where: { meetingId: meeting.id }, data: { notifiedAt: ctx.clock.now() } });
  return attendees;
}

/**
 * An approved meeting's notices go (approved → notified): when they fall due, or at once when they
 * were due already. Whoever caused it says so to the organiser.
 */
export async function notifyMeeting(ctx: BaseContext, meeting: Meeting): Promise<{ meeting: Meeting; count: number }> {
  const notified = await moveMeeting(ctx, meeting, 'notify', { notifiedAt: ctx.clock.now() });
  const attendees = await sendNotices(ctx, notified);
  return { meeting: notified, count: attendees.length };
}

/** The notice timer fell due: the notices go, and the organiser (unless invited too, and so told) hears of it. */
export async function notifyWhenDue(ctx: BaseContext, meeting: Meeting): Promise<void> {
  if (!isConflictSettled(meeting)) return;
  const { count } = await notifyMeeting(ctx, meeting);
  const invited = await ctx.tx.meetingAttendee.count({ where: { meetingId: meeting.id, userId: meeting.organizerId } });
  if (invited === 0)
    await tell(ctx, meeting.organizerId, `${meetingLabel(meeting)}的会议通知已发给${count}位参会人员。`);
}

/**
 * 二次确认 (seeds: 通知发送…设置二次确认机制), one day before: a new card to each attendee who has not
 * answered, and the organiser told who confirmed, who asked for leave and why, and who is silent.
 */
export async function askAgain(ctx: BaseContext, meeting: Meeting): Promise<void> {
  const attendees = await attendeesOf(ctx, meeting);
  const silent = attendees.filter((attendee) => attendee.reply === 'pending');
  const facts = meetingCardFacts(ctx, meeting, attendees.length);
  for (const attendee of silent)
    await sendMeetingCard(ctx, meeting, attendee.userId, 'notice', meetingNoticeCard(facts, { askAgain: true }));
  await ctx.tx.meetingAttendee.updateMany({
    where: { meetingId: meeting.id, reply: 'pending' },
    data: { askedAgainAt: ctx.clock.now() },
  });
  const asked = silent.length > 0 ? `二次确认已发给未答复的${silent.length}人` : '参会人员都已答复';
  await tell(
    ctx,
    meeting.organizerId,
    `${meetingLabel(meeting)}明天召开，${asked}。目前${replySummary(ctx, attendees)}。`,
  );
}

/**
 * 30 minutes before the start — even at 06:50 for a 07:20 meeting: a reminder tied to the meeting's
 * own time is not held for quiet hours (spec 4) — every attendee not on leave gets the reminder with
 * [签到].
 */
export async function remindAttendees(ctx: BaseContext, meeting: Meeting): Promise<void> {
  const attendees = await attendeesOf(ctx, meeting);
  const facts = meetingCardFacts(ctx, meeting, attendees.length);
  const startsIn = startsInText(meeting, ctx.clock.now());
  for (const attendee of attendees.filter((each) => each.reply !== 'leave'))
    await sendMeetingCard(ctx, meeting, attendee.userId, 'checkin', meetingReminderCard(facts, startsIn));
  // neither the replies nor the 三个确认 wait on anyone once the meeting is about to start
  await closeWorkItems(ctx, { kind: 'meeting_reply', workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  await closeWorkItems(ctx, { kind: 'meeting_checklist', workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
}

/** 「参加 5人；请假 1人（李华：出差）；未答复 2人（陈浩、张岩）」. */
export function replySummary(ctx: BaseContext, attendees: readonly MeetingAttendee[]): string {
  const name = (attendee: MeetingAttendee) => personName(ctx.directory, attendee.userId);
  const attending = attendees.filter((attendee) => attendee.reply === 'attending');
  const leave = attendees.filter((attendee) => attendee.reply === 'leave');
  const silent = attendees.filter((attendee) => attendee.reply === 'pending');
  const parts = [`参加 ${attending.length}人`];
  parts.push(
    leave.length > 0
      ? `请假 ${leave.length}人（${leave.map((each) => `${name(each)}：${each.leaveReason ?? '未说明原因'}`).join('；')}）`
      : '请假 0人',
  );
  parts.push(silent.length > 0 ? `未答复 ${silent.length}人（${silent.map(name).join('、')}）` : '未答复 0人');
  return parts.join('；');
}
