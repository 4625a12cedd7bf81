import { describeApprovalRoute, findApproval, waitingOn } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { describeHistory } from '../../kit/describe-history.js';
import { shortTime } from '../../kit/format-time.js';
import { hasAnyRole, personName, SUPERVISING_ROLES } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { CHECKLIST_LABELS } from '../../../cards/index.js';
import { MEETING_WORKFLOW_ID, type MeetingPart } from './meeting-part.js';
import { meetingTimeText, personWithDepartment } from './describe-meeting.js';
import { bookingKey } from './meeting-approval.js';
import { describeChecklist } from './meeting-checklist.js';
import { MEETING_MACHINE } from './meeting-machine.js';
import { replySummary } from './meeting-notices.js';
import { attendeesOf, findMeeting, type Meeting, type MeetingAttendee } from './meeting-store.js';

/** How each audited action of a meeting is named in its history. */
export const MEETING_ACTION_NAMES: Record<string, string> = {
  book: '预约',
  approve: '同意',
  approve_at_once: '直接批准',
  reject: '驳回',
  notify: '发出会议通知',
  reschedule_request: '改期',
  reschedule_approved: '改期',
  reschedule_notified: '改期',
  cancel: '取消',
  confirm_conflict: '确认冲突预警',
  confirm_venue: `确认${CHECKLIST_LABELS.venue}`,
  confirm_attendees: `确认${CHECKLIST_LABELS.attendees}`,
  confirm_materials: `确认${CHECKLIST_LABELS.materials}`,
};

/** How many of a meeting's audit records `查询` lists, the newest (the older ones counted). */
const HISTORY_SHOWN = 12;

/** Who may see a meeting: the people on it, and the office and the leaders who supervise. */
function maySee(ctx: ActorContext, meeting: Meeting, attendees: readonly MeetingAttendee[]): boolean {
  const userId = ctx.actor.userId;
  if ([meeting.organizerId, meeting.hostId, meeting.recorderId].includes(userId)) return true;
  return attendees.some((attendee) => attendee.userId === userId) || hasAnyRole(ctx.actor, SUPERVISING_ROLES);
}

function checkInLine(ctx: ActorContext, attendees: readonly MeetingAttendee[]): string | undefined {
  const checkedIn = attendees.filter((attendee) => attendee.checkedInAt !== null);
  if (checkedIn.length === 0) return undefined;
  const names = checkedIn.map(
    (attendee) => `${personName(ctx.directory, attendee.userId)} ${shortTime(attendee.checkedInAt!, ctx.timezone)}`,
  );
  return `签到：${checkedIn.length}/${attendees.length}人（${names.join('、')}）`;
}

function conflictLine(ctx: ActorContext, meeting: Meeting): string | undefined {
  if (!meeting.conflictNote) return undefined;
  const status = meeting.conflictConfirmedAt
    ? `已由${personName(ctx.directory, meeting.conflictConfirmedBy)}于 ${shortTime(meeting.conflictConfirmedAt, ctx.timezone)} 确认`
    : '待综合办公室确认';
  return `冲突预警：${meeting.conflictNote}（${status}）`;
}

/**
 * `查询 H3`: state, time, place, the people on it, the replies (参加、请假 with reasons、未答复),
 * check-ins, the 三个确认, the 冲突预警, the part after the meeting's lines, and the history.
 */
export function meetingStatusView(after: Pick<MeetingPart, 'statusLines'>, actionNames: Record<string, string>) {
  return async (ctx: ActorContext, ref: string): Promise<string | undefined> => {
    const meeting = await findMeeting(ctx, ref);
    if (!meeting) return undefined;
    const attendees = await attendeesOf(ctx, meeting);
    if (!maySee(ctx, meeting, attendees)) return undefined;
    const notified = attendees.some((attendee) => attendee.notifiedAt !== null);
    const lines = [
      `【${meeting.ref} ${meeting.kind}】${stateLabel(MEETING_MACHINE, meeting.state)}${meeting.version > 1 ? `（已改期${meeting.version - 1}次）` : ''}`,
      `主题：${meeting.topic}`,
      `时间：${meetingTimeText(meeting, ctx)}`,
      `地点：${meeting.place}${meeting.roomId ? '' : '（校外或其他地点）'}`,
      `组织人：${personWithDepartment(ctx.directory, meeting.organizerId)}；主持：${personName(ctx.directory, meeting.hostId)}；记录：${meeting.recorderId ? personName(ctx.directory, meeting.recorderId) : '未指定'}`,
      ...(meeting.agenda ? [`议程：${meeting.agenda}`] : []),
      `参会：${attendees.length}人${notified ? `，${replySummary(ctx, attendees)}` : '（尚未发出通知）'}`,
      ...optional(checkInLine(ctx, attendees)),
      ...optional(conflictLine(ctx, meeting)),
      ...(meeting.state === 'approved' || meeting.state === 'notified'
        ? [`三个确认：${describeChecklist(ctx, meeting)}`]
        : []),
      ...(await approvalLines(ctx, meeting)),
      ...(meeting.closingReason ? [`说明：${meeting.closingReason}`] : []),
      ...((await after.statusLines?.(ctx, meeting.id)) ?? []),
      ...(await describeHistory(ctx, {
        itemType: MEETING_WORKFLOW_ID,
        itemRef: meeting.ref,
        actionNames,
        newest: HISTORY_SHOWN,
        // the 冲突预警's line above says what was confirmed
        shownAbove: new Set(['confirm_conflict']),
      })),
    ];
    return lines.join('\n');
  };
}

async function approvalLines(ctx: ActorContext, meeting: Meeting): Promise<string[]> {
  if (meeting.state !== 'requested') return [];
  const approval = await findApproval(ctx, bookingKey(meeting));
  if (!approval) return [];
  return [`审批：${describeApprovalRoute(ctx, approval)}`, `当前处理人：${(await waitingOn(ctx, approval)) ?? '—'}`];
}

function optional(line: string | undefined): string[] {
  return line ? [line] : [];
}
