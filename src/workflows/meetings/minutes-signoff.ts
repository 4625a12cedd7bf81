import { decideApproval, holderIdOfCard } from '../../kit/approvals/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import { approvalOfQuestion, askDecisionReason, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { meetingLabel } from './describe-meeting.js';
import { lockMeeting, moveMeeting, recorderOf, stateOf, type Meeting } from './meeting-store.js';
import { minutesPresenter } from './minutes-approval.js';
import { publishMinutes } from './minutes-publish.js';
import { openMinutesWork } from './minutes-work.js';

/** The continuation that takes the reason typed after [退回]. */
export const RETURN_CONTINUATION = 'minutes_return';

/** Why a sign-off card no longer asks anything, once the meeting moved past waiting for it. */
function staleReason(meeting: Meeting): string {
  return stateOf(meeting) === 'minutes_published'
    ? `${meeting.ref} 的纪要已发布，这张卡片已失效。`
    : `${meeting.ref} 的纪要已不在待签发状态，这张卡片已失效。`;
}

async function lockForCard(ctx: ActorContext, card: CardRecord): Promise<{ meeting: Meeting; holderId: string }> {
  const meeting = await lockMeeting(ctx, card.itemId);
  const holderId = holderIdOfCard(card.sentForState);
  if (!meeting || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  if (stateOf(meeting) !== 'held') throw refusal('CONFLICT', staleReason(meeting), { isCardStale: true });
  return { meeting, holderId };
}

/** [签发]: the engine records the 主持's approval; the minutes are published to the attendees. */
export async function signMinutesFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { meeting, holderId } = await lockForCard(ctx, card);
  const { progress } = await decideApproval(ctx, holderId, 'approve', null, minutesPresenter(ctx, meeting), {
    stamp: '已签发',
  });
  if (progress.outcome === 'approved') {
    const sentTo = await publishMinutes(ctx, meeting, ctx.actor.userId);
    await ctx.reply(`已签发 ${meeting.ref} 的纪要，已发给${sentTo}位参会人员。`);
  }
  return { kind: 'applied', resultText: decisionStamp('已签发', ctx.actor.name, ctx.clock.now(), ctx.timezone) };
}

/** [退回]: the reason is asked in chat; the minutes go back only once it arrives (spec 2.6). */
export async function askMinutesReturnReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { meeting } = await lockForCard(ctx, card);
  return askDecisionReason(ctx, {
    workflow: MEETING_WORKFLOW_ID,
    continuation: RETURN_CONTINUATION,
    card,
    context: { meetingId: meeting.id },
    decision: '退回',
    ref: meeting.ref,
    question: `退回 ${meetingLabel(meeting)}的纪要的原因是什么？要怎样修改？`,
    toldTo: '记录人，修改后重新提交',
    standing: '的纪要仍在等您签发',
  });
}

/** The reason arrived: the engine checks nothing moved meanwhile; the recorder writes them again. */
export async function returnMinutesWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const found = await approvalOfQuestion(ctx, context, (id) => lockMeeting(ctx, id));
  if (!found || !reason)
    throw refusal('NOT_FOUND', '退回没有生效：找不到这个会议或它的签发卡片。发送「我的待办」查看待处理事项。');
  const { item: meeting, holderId } = found;
  if (stateOf(meeting) !== 'held') throw refusal('CONFLICT', `退回没有生效：${staleReason(meeting)}`);
  await decideAfterReason('退回没有生效：', () =>
    decideApproval(ctx, holderId, 'return', reason, minutesPresenter(ctx, meeting)),
  );
  const returned = await moveMeeting(ctx, meeting, 'return_minutes', {}, { comment: reason, via: 'card' });
  const writer = meeting.minutesBy ?? recorderOf(meeting);
  await openMinutesWork(ctx, returned, writer);
  await tell(
    ctx,
    writer,
    `${ctx.actor.name}退回了 ${meetingLabel(meeting)}的纪要，请修改后重新发送「纪要 ${meeting.ref} 纪要内容」。\n原因：${reason}`,
  );
  await ctx.reply(`已退回 ${meeting.ref} 的纪要，原因已转告${personName(ctx.directory, writer)}。`);
}
