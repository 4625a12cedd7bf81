import type { BaseContext } from '../../kit/context.js';
import { deadlineText, shortTime } from '../../kit/format-time.js';
import type { TaskOffers } from '../../kit/offers.js';
import { personName } from '../../kit/people.js';
import { clip } from '../../shared/text.js';
import { minutesDueOf, recorderOf, stateOf, type Meeting } from './meeting-store.js';
import { minutesWaitingOn } from './minutes-standing.js';

/** How the audited actions of the part after the meeting are named in a meeting's history. */
export const AFTER_MEETING_ACTION_NAMES: Record<string, string> = {
  end: '会议结束',
  record_minutes: '提交纪要',
  return_minutes: '退回纪要',
  publish_minutes: '发布纪要',
  record_decision: '记录决议',
  close: '办结',
};

/**
 * What `查询 H3` shows of the part after the meeting (spec 2.5): where the minutes stand and when
 * they are due, who signed them, and each 决议 with its task's R reference and how it stands.
 * Nothing for a meeting that will not take place.
 */
export async function afterMeetingStatusLines(
  ctx: BaseContext,
  meetingId: string,
  tasks: TaskOffers,
): Promise<string[]> {
  const meeting = await ctx.tx.meeting.findFirst({ where: { orgId: ctx.orgId, id: meetingId } });
  if (!meeting || ['requested', 'rejected', 'cancelled'].includes(stateOf(meeting))) return [];
  const decisions = await tasks.tasksFrom(ctx, [meeting.ref]);
  return [
    `纪要：${await minutesLine(ctx, meeting)}`,
    ...(decisions.length > 0
      ? [
          `决议（${decisions.length}项）：`,
          ...decisions.map(
            (task) =>
              `· ${task.ref} ${clip(task.content, 20)}｜负责：${personName(ctx.directory, task.ownerId)}｜截止 ${deadlineText(task.dueAt, ctx)}｜${task.standing}`,
          ),
        ]
      : []),
  ];
}

async function minutesLine(ctx: BaseContext, meeting: Meeting): Promise<string> {
  const dueAt = minutesDueOf(ctx, meeting);
  const due = `期限 ${deadlineText(dueAt, ctx)}`;
  const state = stateOf(meeting);
  if (state === 'approved' || state === 'notified')
    return `会后由${personName(ctx.directory, recorderOf(meeting))}提交，${due}`;
  const publishedAt = meeting.minutesPublishedAt;
  if (state !== 'held' || publishedAt) {
    if (!publishedAt) return '—';
    const by = meeting.minutesSignedBy
      ? `${personName(ctx.directory, meeting.minutesSignedBy)}签发`
      : `${personName(ctx.directory, meeting.minutesBy)}提交`;
    const late = publishedAt.getTime() > dueAt.getTime() ? '，逾期' : '';
    return `已发布 ${shortTime(publishedAt, ctx.timezone)}（${by}${late}）`;
  }
  const waiting = await minutesWaitingOn(ctx, meeting);
  const overdue = ctx.clock.now().getTime() > dueAt.getTime() ? '，已逾期' : '';
  const posted =
    waiting.isSignoff && meeting.minutesAt
      ? `${personName(ctx.directory, meeting.minutesBy)} ${shortTime(meeting.minutesAt, ctx.timezone)} 提交，`
      : '';
  const reason = waiting.returned?.reason ? `（退回原因：${clip(waiting.returned.reason, 30)}）` : '';
  return `${posted}${waiting.standing}${reason}（${due}${overdue}）`;
}
