import { findApproval, openApproval, resubmitApproval } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand } from '../../kit/define-command.js';
import { shortTime } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { refusal } from '../../shared/errors.js';
import { heldByNow, requireStarted, requireWriter } from './meeting-end-rules.js';
import { lockMeetingByRef, moveMeeting, stateOf, type Meeting } from './meeting-store.js';
import { hostSignoff, minutesKey, minutesPresenter, pendingSigners, posterAsRequester } from './minutes-approval.js';
import { minutesMessages, publishMinutes } from './minutes-publish.js';
import { closeMinutesWork } from './minutes-work.js';

/**
 * The longest minutes taken, in characters: about four messages to each attendee. Longer minutes
 * are a document for the office's files (发文, 归档), not a chat message.
 */
export const MINUTES_MAX_CHARS = 4000;

const DOING = '提交纪要';

/** May the actor post minutes for this meeting now? Refuses in words; the approval read unlocked. */
async function requireMinutesWanted(ctx: ActorContext, meeting: Meeting): Promise<void> {
  requireWriter(ctx, meeting, DOING);
  requireStarted(ctx, meeting, DOING);
  if (stateOf(meeting) === 'minutes_published')
    throw refusal(
      'CONFLICT',
      `${meeting.ref} 的纪要已于 ${shortTime(meeting.minutesPublishedAt ?? meeting.updatedAt, ctx.timezone)} 发布，不能再修改。`,
    );
  const signers = pendingSigners(await findApproval(ctx, minutesKey(meeting)));
  if (signers.length > 0) {
    const names = signers.map((userId) => personName(ctx.directory, userId)).join('、');
    throw refusal(
      'CONFLICT',
      `${meeting.ref} 的纪要正在等${names}签发。如需修改，请${names}在签发卡片上「退回」后再提交。`,
    );
  }
}

/**
 * `纪要 H3 <text>` (spec 2.5): the recorder or organiser posts the minutes after the start. A 决策会's
 * go to its 主持 to sign off (the engine's approval; after a 退回, a new round); the others are
 * published to the attendees at once.
 */
export const minutesCommand = defineCommand({
  spec: {
    keyword: '纪要',
    aliases: ['会议纪要'],
    summary: '会后提交会议纪要（决策会由主持人签发后发给参会人员）',
    example: '纪要 H3 一、期末考试安排：…；二、寒假值班：…',
    ref: { prefixes: ['H'], required: true, question: '是哪个会议的纪要？请写会议编号，如 H3。' },
    freeText: 'required',
  },
  fields: {},
  async authorize(ctx, { ref }) {
    const meeting = await ctx.tx.meeting.findFirst({ where: { orgId: ctx.orgId, ref } });
    if (!meeting) throw refusal('NOT_FOUND', `没有找到会议 ${ref}，请核对编号。`);
    await requireMinutesWanted(ctx, meeting);
  },
  async execute(ctx, { ref, freeText }) {
    const text = freeText.trim();
    const length = [...text].length;
    if (length > MINUTES_MAX_CHARS)
      throw refusal(
        'INVALID_INPUT',
        `纪要有${length}字，超过了${MINUTES_MAX_CHARS}字，聊天消息放不下。请精简后再发送；完整的会议记录请交综合办公室存档。`,
      );
    const locked = await lockMeetingByRef(ctx, ref);
    await requireMinutesWanted(ctx, locked);
    const held = await heldByNow(ctx, locked, '纪要已提交');
    const meeting = await moveMeeting(
      ctx,
      held,
      'record_minutes',
      { minutes: text, minutesBy: ctx.actor.userId, minutesAt: ctx.clock.now() },
      { comment: held.kind === '决策会' ? '待主持人签发' : null },
    );
    await closeMinutesWork(ctx, meeting);
    if (meeting.kind !== '决策会') {
      const sentTo = await publishMinutes(ctx, meeting, null);
      await ctx.reply(`${meeting.ref} 的纪要已发布，已发给${sentTo}位参会人员。`);
      return;
    }
    await askHostToSign(ctx, meeting);
  },
});

/** A 决策会's minutes go to the 主持: the full text, then the card; the host posting them signs them. */
async function askHostToSign(ctx: ActorContext, meeting: Meeting): Promise<void> {
  const hostName = personName(ctx.directory, meeting.hostId);
  if (meeting.hostId !== ctx.actor.userId)
    for (const text of minutesMessages(ctx, meeting, `【${meeting.ref} 纪要待签发】${meeting.topic}`, null))
      await tell(ctx, meeting.hostId, text);
  const key = minutesKey(meeting);
  const requester = posterAsRequester(ctx, meeting, ctx.actor.userId);
  const present = minutesPresenter(ctx, meeting);
  const { progress } = (await findApproval(ctx, key))
    ? await resubmitApproval(ctx, key, requester, hostSignoff(meeting), present)
    : await openApproval(ctx, { ...key, itemRef: meeting.ref, requester, steps: hostSignoff(meeting) }, present);
  if (progress.outcome === 'approved') {
    const sentTo = await publishMinutes(ctx, meeting, meeting.hostId);
    await ctx.reply(`${meeting.ref} 的纪要已由您签发并发布，已发给${sentTo}位参会人员。`);
    return;
  }
  await ctx.reply(`已提交 ${meeting.ref} 的纪要，已请主持人${hostName}签发；签发后发给全体参会人员。`);
}
