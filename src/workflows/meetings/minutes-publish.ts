import type { ActorContext } from '../../kit/context.js';
import { cancelItemTimers } from '../../kit/item-timers.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { splitIntoMessages } from '../../outbox/split-into-messages.js';
import { AFTER_MEETING_TIMER_KINDS, checkClosingLater } from './meeting-end-timers.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { inDirectoryOrder, meetingTimeText } from './describe-meeting.js';
import { moveMeeting, recorderOf, type Meeting } from './meeting-store.js';
import { closeMinutesWork } from './minutes-work.js';

/** an ideographic space between the heading's facts, as on the paper form */
const WIDE_SPACE = '\u3000';

/**
 * The minutes as messages (seeds: 纪要…分发给相关人员): a heading with the meeting, then the text,
 * in as many messages as WeCom's 2048 bytes need, each starting with the heading (numbered).
 */
export function minutesMessages(
  ctx: ActorContext,
  meeting: Meeting,
  heading: string,
  signedBy: string | null,
): string[] {
  const people = [
    `主持：${personName(ctx.directory, meeting.hostId)}`,
    `记录：${personName(ctx.directory, meeting.minutesBy ?? recorderOf(meeting))}`,
    ...(signedBy ? [`签发：${personName(ctx.directory, signedBy)}`] : []),
  ].join(WIDE_SPACE);
  return splitIntoMessages(
    [
      heading,
      `时间：${meetingTimeText(meeting, ctx)}${WIDE_SPACE}地点：${meeting.place}`,
      people,
      '',
      meeting.minutes ?? '',
    ].join('\n'),
  );
}

/** Who gets the published minutes: everyone invited, the 主持, the organiser and the recorder, once each. */
async function minutesRecipients(ctx: ActorContext, meeting: Meeting): Promise<string[]> {
  const attendees = await ctx.tx.meetingAttendee.findMany({
    where: { meetingId: meeting.id },
    select: { userId: true },
  });
  const invited = inDirectoryOrder(ctx, attendees, (attendee) => attendee.userId).map((attendee) => attendee.userId);
  const everyone = [meeting.hostId, meeting.organizerId, recorderOf(meeting), ...invited];
  return [...new Set(everyone)].filter(
    (userId) => userId !== ctx.actor.userId && ctx.directory.person(userId)?.isActive,
  );
}

/**
 * Publishes the minutes (held → minutes_published): stamped, sent to the attendees, the recorder's
 * work and the minutes ladder ended, the check for 办结 set. `signedBy` is the 主持 who signed a 决策会's minutes. Returns
 * how many people they were sent to.
 */
export async function publishMinutes(ctx: ActorContext, meeting: Meeting, signedBy: string | null): Promise<number> {
  const published = await moveMeeting(
    ctx,
    meeting,
    'publish_minutes',
    { minutesPublishedAt: ctx.clock.now(), minutesSignedBy: signedBy },
    { comment: signedBy ? `${personName(ctx.directory, signedBy)}签发` : null },
  );
  await closeMinutesWork(ctx, published);
  for (const kind of [AFTER_MEETING_TIMER_KINDS.minutesDue, AFTER_MEETING_TIMER_KINDS.minutesOverdue])
    await cancelItemTimers(ctx, { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, kind });
  await checkClosingLater(ctx, published);
  const recipients = await minutesRecipients(ctx, published);
  const messages = minutesMessages(ctx, published, `【${published.ref} 会议纪要】${published.topic}`, signedBy);
  for (const userId of recipients) for (const text of messages) await tell(ctx, userId, text);
  return recipients.length;
}
