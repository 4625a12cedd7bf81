import type { BaseContext } from '../../kit/context.js';
import { deadlineText } from '../../kit/format-time.js';
import { setItemTimer, type ItemTimer } from '../../kit/item-timers.js';
import { personName } from '../../kit/people.js';
import { holdAll } from '../../kit/system-messages.js';
import type { TaskOffers } from '../../kit/offers.js';
import type { MeetingPart } from './meeting-part.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { meetingLabel, meetingTimeText } from './describe-meeting.js';
import {
  lockMeeting,
  minutesDueAfter,
  minutesDueOf,
  moveMeeting,
  recorderOf,
  stateOf,
  type Meeting,
} from './meeting-store.js';
import { minutesWaitingOn } from './minutes-standing.js';
import { openMinutesWork } from './minutes-work.js';

/** The timer kinds of the part after the meeting (the booking part has its own). */
export const AFTER_MEETING_TIMER_KINDS = {
  ended: 'ended',
  minutesDue: 'minutes_due',
  minutesOverdue: 'minutes_overdue',
  closeCheck: 'close_check',
} as const;

/** The end of the working day after the one `at` falls on. */
function endOfNextWorkingDay(ctx: BaseContext, at: Date): Date {
  const calendar = ctx.directory.calendar;
  return calendar.endOfWorkingDay(calendar.dayOf(calendar.addWorkingDays(at, 1)));
}

/**
 * When the office hears of minutes still not published (spec 4: minutes due → recorder, then the
 * office): the end of the working day after the one they fell due on.
 */
export function minutesOverdueAt(ctx: BaseContext, dueAt: Date): Date {
  return endOfNextWorkingDay(ctx, dueAt);
}

/**
 * The minutes are out: from the end of the next working day (a 决议 recorded after the minutes
 * still counts), the meeting is 办结 once every task its 决议 became is verified or withdrawn,
 * checked at the end of each working day until then (timer `close_check`).
 */
export async function checkClosingLater(ctx: BaseContext, meeting: Pick<Meeting, 'id' | 'ref'>): Promise<void> {
  await setItemTimer(ctx, {
    workflow: MEETING_WORKFLOW_ID,
    itemId: meeting.id,
    itemRef: meeting.ref,
    kind: AFTER_MEETING_TIMER_KINDS.closeCheck,
    dueAt: endOfNextWorkingDay(ctx, ctx.clock.now()),
  });
}

/**
 * The end of the meeting and its minutes ladder as item timers, and the minutes' due time on the
 * meeting: called when a meeting is approved and again at each 改期, in the booking's transaction.
 * Setting a kind again moves it, so a rescheduled meeting keeps no timer of its old time.
 */
export async function setAfterMeetingTimers(
  ctx: BaseContext,
  meeting: Pick<Meeting, 'id' | 'ref' | 'endsAt'>,
): Promise<void> {
  const minutesDueAt = minutesDueAfter(ctx, meeting.endsAt);
  await ctx.tx.meeting.update({ where: { id: meeting.id }, data: { minutesDueAt } });
  const timer = { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, itemRef: meeting.ref };
  await setItemTimer(ctx, { ...timer, kind: AFTER_MEETING_TIMER_KINDS.ended, dueAt: meeting.endsAt });
  await setItemTimer(ctx, { ...timer, kind: AFTER_MEETING_TIMER_KINDS.minutesDue, dueAt: minutesDueAt });
  await setItemTimer(ctx, {
    ...timer,
    kind: AFTER_MEETING_TIMER_KINDS.minutesOverdue,
    dueAt: minutesOverdueAt(ctx, minutesDueAt),
  });
}

/**
 * The meeting took place: `held`, and its minutes are the recorder's to write (a work item due when
 * they are). At its end, or earlier when 纪要 or 决议 come in after the start.
 */
export async function markHeld(ctx: BaseContext, meeting: Meeting, comment: string): Promise<Meeting> {
  const held = await moveMeeting(ctx, meeting, 'end', {}, { comment });
  await openMinutesWork(ctx, held, recorderOf(held));
  return held;
}

/**
 * A timer of this meeting as it is now? A cancelled meeting's are cancelled with it and a 改期 moves
 * them, but a timer is checked all the same: only the one due at the meeting's current time acts.
 */
function isCurrent(timer: ItemTimer, dueAt: Date): boolean {
  return timer.dueAt.getTime() === dueAt.getTime();
}

/** `ended`: an approved or notified meeting is held; the recorder is asked for the minutes. */
async function whenEnded(ctx: BaseContext, timer: ItemTimer): Promise<void> {
  const meeting = await lockMeeting(ctx, timer.itemId);
  if (!meeting || !['approved', 'notified'].includes(stateOf(meeting))) return;
  if (!isCurrent(timer, meeting.endsAt)) return;
  const held = await markHeld(ctx, meeting, '会议结束');
  const signoff =
    held.kind === '决策会'
      ? `决策会的纪要由主持人${personName(ctx.directory, held.hostId)}签发后发给参会人员`
      : '纪要提交后即发给参会人员';
  await holdAll(ctx, [
    {
      toUserId: recorderOf(held),
      topic: 'minutes_ask',
      text: `${meetingLabel(held)}已结束。请在 ${deadlineText(minutesDueOf(ctx, held), ctx)} 前发送「纪要 ${held.ref} 纪要内容」（${signoff}）；议定事项可用「决议 ${held.ref}」逐项交办。`,
    },
  ]);
}

/** `minutes_due`: minutes not yet published remind whoever holds them now (held by quiet hours). */
async function whenMinutesDue(ctx: BaseContext, timer: ItemTimer): Promise<void> {
  const meeting = await lockMeeting(ctx, timer.itemId);
  if (!meeting || stateOf(meeting) !== 'held' || !isCurrent(timer, minutesDueOf(ctx, meeting))) return;
  const waiting = await minutesWaitingOn(ctx, meeting);
  const text = waiting.isSignoff
    ? `${meetingLabel(meeting)}的纪要已到发布期限，还在等您签发。请在签发卡片上「签发」或「退回」。`
    : `${meetingLabel(meeting)}的纪要已到期（应在 ${deadlineText(minutesDueOf(ctx, meeting), ctx)} 前提交）。请尽快发送「纪要 ${meeting.ref} 纪要内容」。`;
  await holdAll(
    ctx,
    waiting.userIds.map((toUserId) => ({ toUserId, topic: 'minutes_due', text })),
  );
}

/** `minutes_overdue`: minutes still not published are the office's to chase. */
async function whenMinutesOverdue(ctx: BaseContext, timer: ItemTimer): Promise<void> {
  const meeting = await lockMeeting(ctx, timer.itemId);
  if (!meeting || stateOf(meeting) !== 'held') return;
  const dueAt = minutesDueOf(ctx, meeting);
  if (!isCurrent(timer, minutesOverdueAt(ctx, dueAt))) return;
  const { standing } = await minutesWaitingOn(ctx, meeting);
  const text = `${meetingLabel(meeting)}（${meetingTimeText(meeting, ctx)}，${meeting.place}）的纪要已逾期未发布（应在 ${deadlineText(dueAt, ctx)} 前发布）：${standing}。`;
  await holdAll(
    ctx,
    officeToTell(ctx).map((toUserId) => ({ toUserId, topic: 'minutes_overdue', text })),
  );
}

/** The office as it hears of a meeting's overdue minutes: its director, or everyone in it when none. */
function officeToTell(ctx: BaseContext): string[] {
  const directors = ctx.directory.peopleWithRole('office_director');
  return (directors.length > 0 ? directors : ctx.directory.peopleWithRole('office')).map((person) => person.userId);
}

/**
 * `close_check`: a meeting whose minutes are out and whose decisions' tasks are all verified or
 * withdrawn (or that made none) is 办结; otherwise it is checked again the next working day.
 */
function whenCloseCheck(tasks: TaskOffers) {
  return async (ctx: BaseContext, timer: ItemTimer): Promise<void> => {
    const meeting = await lockMeeting(ctx, timer.itemId);
    if (!meeting || stateOf(meeting) !== 'minutes_published') return;
    const decisions = await tasks.tasksFrom(ctx, [meeting.ref]);
    const open = decisions.filter((task) => !task.isSettled);
    if (open.length > 0) return checkClosingLater(ctx, meeting);
    await moveMeeting(
      ctx,
      meeting,
      'close',
      {},
      { comment: decisions.length > 0 ? `纪要已发布，${decisions.length}项决议均已办结` : '纪要已发布，没有决议事项' },
    );
  };
}

export function afterMeetingTimers(tasks: TaskOffers): MeetingPart['timers'] {
  return {
    [AFTER_MEETING_TIMER_KINDS.ended]: whenEnded,
    [AFTER_MEETING_TIMER_KINDS.minutesDue]: whenMinutesDue,
    [AFTER_MEETING_TIMER_KINDS.minutesOverdue]: whenMinutesOverdue,
    [AFTER_MEETING_TIMER_KINDS.closeCheck]: whenCloseCheck(tasks),
  };
}
