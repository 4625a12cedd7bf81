import { decideApproval, holderIdOfCard } from '../../kit/approvals/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { closeItemCards, decisionStamp } from '../../kit/cards/close-card.js';
import { approvalOfQuestion, askDecisionReason, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import { hasActor, type ActorContext, type BaseContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { dayTimeText, meetingLabel, meetingTimeText } from './describe-meeting.js';
import type { AfterMeetingHooks } from './after-meeting-hooks.js';
import { bookingPresenter } from './meeting-approval.js';
import { meetingMoments } from './meeting-moments.js';
import { isConflictSettled } from './meeting-notices.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { lockMeeting, moveMeeting, stateOf, type Meeting } from './meeting-store.js';
import { dropMeetingTimers, scheduleMeeting } from './meeting-timers.js';
import { releaseRoom } from './room-bookings.js';

async function lockForCard(ctx: ActorContext, card: CardRecord): Promise<{ meeting: Meeting; holderId: string }> {
  const meeting = await lockMeeting(ctx, card.itemId);
  const holderId = holderIdOfCard(card.sentForState);
  if (!meeting || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  return { meeting, holderId };
}

/**
 * The meeting is approved (by the office, or at once for a leader): its timers are set and, when
 * the notices are due already, they go now. Says what happens next, for whoever is told.
 */
export async function approveMeeting(
  ctx: BaseContext,
  meeting: Meeting,
  event: 'approve' | 'approve_at_once',
  comment: string | null,
  after: Pick<AfterMeetingHooks, 'onScheduled'>,
): Promise<{ meeting: Meeting; next: string }> {
  const now = ctx.clock.now();
  const approver = hasActor(ctx) ? ctx.actor.userId : null;
  const approved = await moveMeeting(ctx, meeting, event, { approvedBy: approver, approvedAt: now }, { comment });
  const scheduled = await scheduleMeeting(ctx, approved, after);
  const attendees = await ctx.tx.meetingAttendee.count({ where: { meetingId: meeting.id } });
  const notice = meetingMoments(ctx, approved).notice;
  const next =
    stateOf(scheduled) === 'notified'
      ? `会议通知已发给${attendees}位参会人员`
      : !isConflictSettled(scheduled)
        ? '冲突预警经综合办公室确认后发出会议通知'
        : `会议通知将于 ${dayTimeText(notice, ctx)}发给${attendees}位参会人员（会前${ctx.directory.config.sla.meeting_notice_days}天）`;
  return { meeting: scheduled, next };
}

/** [同意] on the office's card: the engine records it (any one of the office); the meeting is approved. */
export const approveFromCard =
  (after: Pick<AfterMeetingHooks, 'onScheduled'>) =>
  async (ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> => {
    const { meeting, holderId } = await lockForCard(ctx, card);
    if (!isConflictSettled(meeting))
      throw refusal(
        'CONFLICT',
        `${meeting.ref} 有参会人员时间冲突，请先在「冲突预警 ${meeting.ref}」卡片上确认安排，再同意预约。`,
      );
    if (meeting.startsAt.getTime() <= ctx.clock.now().getTime())
      throw refusal('CONFLICT', `${meeting.ref} 的开始时间已过，不能再同意。请组织人改期或取消。`);
    const attendees = await ctx.tx.meetingAttendee.count({ where: { meetingId: meeting.id } });
    const { progress } = await decideApproval(
      ctx,
      holderId,
      'approve',
      null,
      bookingPresenter(ctx, meeting, attendees),
    );
    const resultText = decisionStamp('已同意', ctx.actor.name, ctx.clock.now(), ctx.timezone);
    if (progress.outcome !== 'approved') return { kind: 'applied', resultText };
    const { next } = await approveMeeting(ctx, meeting, 'approve', null, after);
    await tell(
      ctx,
      meeting.organizerId,
      `您预约的会议 ${meetingLabel(meeting)}已由综合办公室${ctx.actor.name}同意：${meetingTimeText(meeting, ctx)}，${meeting.place}。${next}。`,
    );
    return { kind: 'applied', resultText };
  };

/** [驳回]: the reason is asked for in chat (spec 2.6); nothing changes until it comes. */
export async function askRejectionReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { meeting } = await lockForCard(ctx, card);
  if (stateOf(meeting) !== 'requested')
    throw refusal('CONFLICT', `${meeting.ref} 已不在审批中，这张卡片已失效。`, { isCardStale: true });
  return askDecisionReason(ctx, {
    workflow: MEETING_WORKFLOW_ID,
    continuation: 'booking_reject',
    card,
    context: { meetingId: meeting.id },
    decision: '驳回',
    ref: meeting.ref,
    question: `驳回会议预约 ${meetingLabel(meeting)}的原因是什么？`,
    toldTo: '组织人',
    standing: '仍在等您审批',
  });
}

/** The reason arrived: rejected if nothing moved meanwhile; the room is free again, the organiser told. */
export async function rejectWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const found = await approvalOfQuestion(ctx, context, (id) => lockMeeting(ctx, id));
  if (!found || !reason)
    throw refusal('NOT_FOUND', '驳回没有生效：找不到这个会议预约或它的卡片。发送「我的待办」查看待处理事项。');
  const { item: meeting, holderId } = found;
  const attendees = await ctx.tx.meetingAttendee.count({ where: { meetingId: meeting.id } });
  await decideAfterReason('驳回没有生效：', () =>
    decideApproval(ctx, holderId, 'reject', reason, bookingPresenter(ctx, meeting, attendees)),
  );
  await moveMeeting(ctx, meeting, 'reject', { closingReason: reason }, { comment: reason, via: 'card' });
  await releaseRoom(ctx, meeting.id);
  await dropMeetingTimers(ctx, meeting);
  await closeWorkItems(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id });
  await closeItemCards(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id }, 'stale', '预约已驳回');
  await tell(
    ctx,
    meeting.organizerId,
    `您预约的会议 ${meetingLabel(meeting)}被综合办公室${ctx.actor.name}驳回。\n原因：${reason}\n会议室已释放。如需开会，请调整后重新发送「会议」。`,
  );
  await ctx.reply(`已驳回 ${meeting.ref}，并已把原因告诉组织人。`);
}
