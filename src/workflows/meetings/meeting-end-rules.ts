import type { ActorContext, BaseContext } from '../../kit/context.js';
import { shortTime } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { refusal } from '../../shared/errors.js';
import { MEETING_MACHINE } from './meeting-machine.js';
import { markHeld } from './meeting-end-timers.js';
import { recorderOf, stateOf, type Meeting } from './meeting-store.js';

/**
 * 纪要 and 决议 are the recorder's or the organiser's (spec 2.5); anyone else is told whose they are.
 * `doing` is what they tried, as a verb phrase: 提交纪要, 记录决议.
 */
export function requireWriter(ctx: ActorContext, meeting: Meeting, doing: string): void {
  const recorder = recorderOf(meeting);
  if (ctx.actor.userId === recorder || ctx.actor.userId === meeting.organizerId) return;
  const who =
    recorder === meeting.organizerId
      ? `组织者${personName(ctx.directory, recorder)}`
      : `记录人${personName(ctx.directory, recorder)}或组织者${personName(ctx.directory, meeting.organizerId)}`;
  throw refusal('NOT_ALLOWED', `${meeting.ref} 只能由${who}${doing}。`);
}

/**
 * 纪要 and 决议 come after the start (held or later): before it, or for a meeting that will not take
 * place, the person is told why and when they can.
 */
export function requireStarted(ctx: BaseContext, meeting: Meeting, doing: string): void {
  const state = stateOf(meeting);
  if (state === 'requested') throw refusal('CONFLICT', `${meeting.ref} 还在等待审批，会议召开后才能${doing}。`);
  if (state === 'rejected' || state === 'cancelled')
    throw refusal('CONFLICT', `${meeting.ref} ${stateLabel(MEETING_MACHINE, state)}，不能${doing}。`);
  if (state === 'closed') throw refusal('CONFLICT', `${meeting.ref} 已办结，不能再${doing}。`);
  if ((state === 'approved' || state === 'notified') && ctx.clock.now().getTime() < meeting.startsAt.getTime())
    throw refusal(
      'CONFLICT',
      `${meeting.ref} 还没有开始（${shortTime(meeting.startsAt, ctx.timezone)} 开始），会议开始后才能${doing}。`,
    );
}

/** Minutes or a decision came in after the start, before the end timer: the meeting was held. */
export async function heldByNow(ctx: BaseContext, meeting: Meeting, what: string): Promise<Meeting> {
  const state = stateOf(meeting);
  return state === 'approved' || state === 'notified' ? markHeld(ctx, meeting, `${what}，会议已召开`) : meeting;
}
