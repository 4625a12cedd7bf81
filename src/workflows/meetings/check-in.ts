import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand } from '../../kit/define-command.js';
import { shortTime } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { meetingLabel } from './describe-meeting.js';
import { requireCurrentCard } from './meeting-cards-sent.js';
import { MEETING_MACHINE } from './meeting-machine.js';
import { REMINDER_BEFORE_MS } from './meeting-moments.js';
import { lockMeeting, lockMeetingByRef, stateOf, type Meeting } from './meeting-store.js';

/**
 * 签到 (spec 3.4, seeds: 会议签到表): an attendee, from 30 minutes before the start to the end; once.
 * Returns the time recorded, or the earlier check-in's.
 */
async function checkIn(ctx: ActorContext, meeting: Meeting): Promise<{ at: Date; isNew: boolean }> {
  const state = stateOf(meeting);
  if (state !== 'notified' && state !== 'approved')
    throw refusal('CONFLICT', `${meeting.ref} 当前状态为「${stateLabel(MEETING_MACHINE, state)}」，不能签到。`);
  const attendee = await ctx.tx.meetingAttendee.findUnique({
    where: { meetingId_userId: { meetingId: meeting.id, userId: ctx.actor.userId } },
  });
  if (!attendee)
    throw refusal(
      'NOT_ALLOWED',
      `您不在 ${meeting.ref} 的参会名单中，不能签到。如需参加，请联系组织人${personName(ctx.directory, meeting.organizerId)}。`,
    );
  const now = ctx.clock.now();
  const opens = new Date(meeting.startsAt.getTime() - REMINDER_BEFORE_MS);
  const window = `${shortTime(opens, ctx.timezone)} 至 ${shortTime(meeting.endsAt, ctx.timezone)}`;
  if (now < opens)
    throw refusal('CONFLICT', `${meeting.ref} 的签到时间是 ${window}（会前30分钟起到会议结束），现在还不能签到。`);
  if (now > meeting.endsAt)
    throw refusal('CONFLICT', `${meeting.ref} 已于 ${shortTime(meeting.endsAt, ctx.timezone)} 结束，签到已截止。`, {
      isCardStale: true,
    });
  if (attendee.checkedInAt) return { at: attendee.checkedInAt, isNew: false };
  await ctx.tx.meetingAttendee.updateMany({
    where: { id: attendee.id, checkedInAt: null },
    data: { checkedInAt: now },
  });
  return { at: now, isNew: true };
}

/** `签到 H3`. */
export const checkInCommand = defineCommand({
  spec: {
    keyword: '签到',
    summary: '会议签到（会前30分钟起到会议结束）',
    example: '签到 H3',
    ref: { prefixes: ['H'], required: true, question: '要签到哪个会议？' },
    freeText: 'none',
  },
  fields: {},
  async execute(ctx, { ref }) {
    const meeting = await lockMeetingByRef(ctx, ref);
    const { at, isNew } = await checkIn(ctx, meeting);
    await ctx.reply(
      isNew
        ? `已签到 ${meetingLabel(meeting)}，${shortTime(at, ctx.timezone)}。`
        : `您已于 ${shortTime(at, ctx.timezone)} 签到 ${meeting.ref}，不用再签。`,
    );
  },
});

/** [签到] on the 30-minute reminder. */
export async function checkInFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const meeting = await lockMeeting(ctx, card.itemId);
  if (!meeting) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  requireCurrentCard(card, meeting, 'checkin');
  const { at } = await checkIn(ctx, meeting);
  return { kind: 'applied', resultText: decisionStamp('已签到', ctx.actor.name, at, ctx.timezone) };
}
