import { askInChat } from '../../kit/ask-in-chat.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { closeCard, decisionStamp } from '../../kit/cards/close-card.js';
import { cardOfQuestion, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import type { ActorContext } from '../../kit/context.js';
import { shortTime } from '../../kit/format-time.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { meetingLabel } from './describe-meeting.js';
import { closePersonCards, requireCurrentCard } from './meeting-cards-sent.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { lockMeeting, stateOf, type Meeting, type MeetingAttendee } from './meeting-store.js';

const REPLY_LABEL = { attending: '参加', leave: '请假' } as const;

/**
 * The meeting and the addressee's attendance a notice card is about, checked: the card is of the
 * current version, the meeting still notified, and the person has not answered yet.
 */
async function noticeOf(ctx: ActorContext, card: CardRecord): Promise<{ meeting: Meeting; attendee: MeetingAttendee }> {
  const meeting = await lockMeeting(ctx, card.itemId);
  if (!meeting) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  requireCurrentCard(card, meeting, 'notice');
  if (stateOf(meeting) !== 'notified')
    throw refusal('CONFLICT', `${meeting.ref} 已不再等待回复。`, { isCardStale: true });
  const attendee = await ctx.tx.meetingAttendee.findUnique({
    where: { meetingId_userId: { meetingId: meeting.id, userId: card.addresseeId } },
  });
  if (!attendee) throw refusal('CONFLICT', `您不在 ${meeting.ref} 的参会名单中。`, { isCardStale: true });
  if (attendee.reply !== 'pending')
    throw refusal(
      'CONFLICT',
      `您已于 ${shortTime(attendee.repliedAt!, ctx.timezone)} 回复${REPLY_LABEL[attendee.reply as keyof typeof REPLY_LABEL]}。`,
      { isCardStale: true },
    );
  return { meeting, attendee };
}

/** Records a reply: the attendance row (compare-and-set from pending), the work item, the person's other notice cards. */
async function recordReply(
  ctx: ActorContext,
  meeting: Meeting,
  attendee: MeetingAttendee,
  card: CardRecord,
  reply: { kind: 'attending' | 'leave'; reason?: string | null },
): Promise<string> {
  const now = ctx.clock.now();
  const moved = await ctx.tx.meetingAttendee.updateMany({
    where: { id: attendee.id, reply: 'pending' },
    data: { reply: reply.kind, leaveReason: reply.reason ?? null, repliedAt: now },
  });
  if (moved.count === 0) throw refusal('CONFLICT', '您已经回复过了。', { isCardStale: true });
  await closeWorkItems(ctx, { kind: 'meeting_reply', sourceId: attendee.id });
  const stamp = decisionStamp(`已${REPLY_LABEL[reply.kind]}`, ctx.actor.name, now, ctx.timezone);
  // the 二次确认 card and the first notice: whichever was not tapped closes with the same answer
  await closePersonCards(
    ctx,
    meeting,
    { userId: attendee.userId, kind: 'notice', except: card.taskId },
    'answered',
    stamp,
  );
  return stamp;
}

/** [参加]. */
export async function attendFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { meeting, attendee } = await noticeOf(ctx, card);
  return { kind: 'applied', resultText: await recordReply(ctx, meeting, attendee, card, { kind: 'attending' }) };
}

/** [请假]: the reason is asked for in chat (spec 2.6); 跳过 asks for leave without one. */
export async function askLeaveReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { meeting } = await noticeOf(ctx, card);
  await askInChat(ctx, {
    workflow: MEETING_WORKFLOW_ID,
    continuation: 'leave_reason',
    context: { taskId: card.taskId },
    question: `请假不参加 ${meeting.ref}（${clip(meeting.topic, 20)}，${shortTime(meeting.startsAt, ctx.timezone)}）的原因是什么？`,
    hint: '原因会让组织人看到。请直接回复；回复「跳过」不写原因，回复「取消」放弃请假。',
    isSkippable: true,
    reminder: `${meeting.ref} 的请假原因还在等您回复。请直接回复原因，回复「跳过」不写，或回复「取消」放弃请假。`,
    abandonedNote: `已放弃请假，${meeting.ref} 的通知仍在等您回复。`,
  });
  return { kind: 'awaiting_reason' };
}

/** The reason (or 跳过) arrived: leave recorded if the card still stands, the card answered. */
export async function leaveWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = await cardOfQuestion(ctx, context);
  if (!card) throw refusal('NOT_FOUND', '请假没有生效：找不到这次会议的通知。发送「我的待办」查看待处理事项。');
  const { meeting, stamp } = await decideAfterReason('请假没有生效：', async () => {
    if (card.status !== 'open') throw refusal('CONFLICT', '这张通知已处理过。', { isCardStale: true });
    const { meeting, attendee } = await noticeOf(ctx, card);
    return {
      meeting,
      stamp: await recordReply(ctx, meeting, attendee, card, { kind: 'leave', reason: reason ?? null }),
    };
  });
  await closeCard(ctx, card, 'answered', stamp);
  await ctx.reply(
    `已登记请假：${meetingLabel(meeting)}${reason ? `，原因：${reason}` : ''}。组织人可在「查询 ${meeting.ref}」中看到。`,
  );
}
