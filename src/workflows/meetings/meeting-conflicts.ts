import { meetingConflictCard } from '../../../cards/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { closeItemCards, decisionStamp } from '../../kit/cards/close-card.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { meetingCardFacts, meetingLabel } from './describe-meeting.js';
import { cardState, requireCurrentCard, sendMeetingCard } from './meeting-cards-sent.js';
import { meetingMoments } from './meeting-moments.js';
import { notifyMeeting } from './meeting-notices.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { openMeetingWork } from './meeting-work.js';
import { lockMeeting, stateOf, updateMeeting, type Meeting } from './meeting-store.js';

/** Meetings whose 冲突预警 can still be confirmed. */
const LIVE = ['requested', 'approved', 'notified'];

/**
 * The office members a 冲突预警 goes to: all of them but the organiser who raised it (unless they are
 * the only one): any one may confirm.
 */
function officeFor(ctx: BaseContext, meeting: Meeting): string[] {
  const office = ctx.directory
    .activePeople()
    .filter((person) => hasAnyRole(person, OFFICE_ROLES))
    .map((person) => person.userId);
  const others = office.filter((userId) => userId !== meeting.organizerId);
  return others.length > 0 ? others : office;
}

/**
 * 冲突预警 (spec 3.4): the meeting records who is expected elsewhere, and every office member gets a
 * card [确认安排] and a 「冲突预警确认」 work item, due when the notices should go. Until one of them
 * confirms, the meeting is neither approved nor notified.
 */
export async function raiseConflict(ctx: BaseContext, meeting: Meeting, note: string): Promise<Meeting> {
  const raised = await updateMeeting(ctx, meeting, {
    conflictNote: note,
    conflictConfirmedBy: null,
    conflictConfirmedAt: null,
  });
  const attendees = await ctx.tx.meetingAttendee.count({ where: { meetingId: meeting.id } });
  const notice = meetingMoments(ctx, meeting).notice;
  const dueAt = notice.getTime() > ctx.clock.now().getTime() ? notice : meeting.startsAt;
  for (const userId of officeFor(ctx, meeting)) {
    await sendMeetingCard(
      ctx,
      meeting,
      userId,
      'conflict',
      meetingConflictCard(meetingCardFacts(ctx, raised, attendees), `同时段另有会议：${note}`),
    );
    await openMeetingWork(ctx, meeting, {
      kind: 'meeting_conflict',
      action: '冲突预警确认',
      sourceId: `${meeting.id}:${meeting.version}@${userId}`,
      holderId: userId,
      dueAt,
    });
  }
  return raised;
}

/** The warning no longer applies (a 改期 to a time without conflict): its cards and work items closed. */
export async function dropConflict(ctx: BaseContext, meeting: Meeting, stamp: string): Promise<Meeting> {
  await closeWorkItems(ctx, { kind: 'meeting_conflict', workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  await closeItemCards(
    ctx,
    { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, sentFor: cardState('conflict', meeting) },
    'stale',
    stamp,
  );
  return updateMeeting(ctx, meeting, { conflictNote: null, conflictConfirmedBy: null, conflictConfirmedAt: null });
}

/**
 * [确认安排] by any one of the office: recorded (who, when), the others' cards and work items
 * closed, the organiser told; an approved meeting whose notices were held back by it goes out now.
 */
export async function confirmConflictFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const meeting = await lockMeeting(ctx, card.itemId);
  if (!meeting) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  requireCurrentCard(card, meeting, 'conflict');
  if (!LIVE.includes(stateOf(meeting)))
    throw refusal('CONFLICT', `${meeting.ref} 已不需要确认冲突。`, { isCardStale: true });
  if (!hasAnyRole(ctx.actor, OFFICE_ROLES)) throw refusal('NOT_ALLOWED', `${meeting.ref} 的冲突预警由综合办公室确认。`);
  const now = ctx.clock.now();
  const confirmed = await updateMeeting(ctx, meeting, {
    conflictConfirmedBy: ctx.actor.userId,
    conflictConfirmedAt: now,
  });
  await recordAudit(ctx, {
    itemType: MEETING_WORKFLOW_ID,
    itemRef: meeting.ref,
    action: 'confirm_conflict',
    comment: meeting.conflictNote,
  });
  const stamp = decisionStamp('已确认', ctx.actor.name, now, ctx.timezone);
  await closeWorkItems(ctx, { kind: 'meeting_conflict', workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  await closeItemCards(
    ctx,
    { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, sentFor: card.sentForState, except: card.taskId },
    'stale',
    `已由${ctx.actor.name}确认`,
  );
  const state = stateOf(confirmed);
  const noticeDue = state === 'approved' && meetingMoments(ctx, confirmed).notice <= now;
  const next =
    state === 'requested'
      ? '会议可以审批了'
      : noticeDue
        ? '会议通知现在发出'
        : state === 'approved'
          ? '会议通知将按时发出'
          : '会议照常进行';
  if (noticeDue) await notifyMeeting(ctx, confirmed);
  await tell(
    ctx,
    meeting.organizerId,
    `综合办公室${ctx.actor.name}已确认 ${meetingLabel(meeting)}的冲突预警（${meeting.conflictNote}），${next}。`,
  );
  return { kind: 'applied', resultText: stamp };
}
