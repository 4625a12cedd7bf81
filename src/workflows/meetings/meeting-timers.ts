import type { BaseContext } from '../../kit/context.js';
import { cancelItemTimers, setItemTimer, type ItemTimer } from '../../kit/item-timers.js';
import { flagUnconfirmed, sendChecklist } from './meeting-checklist.js';
import { meetingMoments } from './meeting-moments.js';
import { askAgain, isConflictSettled, notifyMeeting, notifyWhenDue, remindAttendees } from './meeting-notices.js';
import type { AfterMeetingHooks } from './after-meeting-hooks.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { lockMeeting, stateOf, type Meeting } from './meeting-store.js';

/**
 * The timer kinds the part before the meeting sets (kit/item-timers.ts). The part after the meeting
 * sets its own (`ended`, `minutes_due`, `minutes_overdue`) through the onScheduled hook, in the same
 * transaction, so a 改期 or 取消 moves or drops every timer of the meeting at once.
 */
export const BOOKING_TIMER_KINDS = ['notice', 'ask_again', 'reminder_30', 'checklist', 'checklist_flag'] as const;

type Kind = (typeof BOOKING_TIMER_KINDS)[number];

async function setTimer(ctx: BaseContext, meeting: Meeting, kind: Kind, dueAt: Date | undefined): Promise<void> {
  if (!dueAt) return;
  await setItemTimer(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, itemRef: meeting.ref, kind, dueAt });
}

/**
 * Sets every timer of an approved (or notified) meeting from its start, dropping any set before (a
 * 改期): the notice unless it has gone, the 二次确认, the 30-minute reminder, the 三个确认 and its
 * flag; then the part after the meeting sets its own (the end, the minutes' due time and ladder).
 * A notice already due goes at once, if no 冲突预警 holds it back.
 */
export async function scheduleMeeting(
  ctx: BaseContext,
  meeting: Meeting,
  after: Pick<AfterMeetingHooks, 'onScheduled'>,
): Promise<Meeting> {
  await cancelItemTimers(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  const moments = meetingMoments(ctx, meeting);
  const now = ctx.clock.now().getTime();
  let current = meeting;
  if (stateOf(meeting) === 'approved') {
    if (moments.notice.getTime() > now) await setTimer(ctx, meeting, 'notice', moments.notice);
    else if (isConflictSettled(meeting)) current = (await notifyMeeting(ctx, meeting)).meeting;
  }
  await setTimer(ctx, current, 'ask_again', moments.askAgain);
  await setTimer(ctx, current, 'reminder_30', moments.reminder);
  await setTimer(ctx, current, 'checklist', moments.checklist);
  await setTimer(ctx, current, 'checklist_flag', moments.checklistFlag);
  await after.onScheduled?.(ctx, current);
  return current;
}

/** Nothing more fires for the meeting (取消, 驳回). */
export function dropMeetingTimers(ctx: BaseContext, meeting: Pick<Meeting, 'id'>): Promise<number> {
  return cancelItemTimers(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
}

/**
 * What each timer does when it falls due, run by the tick as the system. A 取消 or 改期 cancels the
 * timers in its own transaction, so none fires for a meeting that moved; each still checks the
 * state it finds (and does nothing otherwise), as a timer set by an older build might not.
 */
function onMeeting(
  states: readonly string[],
  act: (ctx: BaseContext, meeting: Meeting) => Promise<unknown>,
): (ctx: BaseContext, timer: ItemTimer) => Promise<void> {
  return async (ctx, timer) => {
    const meeting = await lockMeeting(ctx, timer.itemId);
    if (meeting && states.includes(stateOf(meeting))) await act(ctx, meeting);
  };
}

export const bookingTimers: Record<
  (typeof BOOKING_TIMER_KINDS)[number],
  (ctx: BaseContext, timer: ItemTimer) => Promise<void>
> = {
  // a notice held back by an unconfirmed 冲突预警 goes when the office confirms it
  notice: onMeeting(['approved'], notifyWhenDue),
  ask_again: onMeeting(['notified'], askAgain),
  reminder_30: onMeeting(['notified'], remindAttendees),
  checklist: onMeeting(['approved', 'notified'], sendChecklist),
  checklist_flag: onMeeting(['approved', 'notified'], flagUnconfirmed),
};
