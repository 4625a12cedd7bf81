import { minutesSignoffCard } from '../../../cards/index.js';
import {
  requesterFor,
  type ApprovalKey,
  type ApprovalPresenter,
  type ApprovalRecord,
  type ApprovalRequester,
  type StepSpec,
} from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import { deadlineText, shortTime } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { meetingTimeText, meetingWorkItem, personWithDepartment } from './describe-meeting.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { minutesDueOf, recorderOf, type Meeting } from './meeting-store.js';

/**
 * A 决策会's minutes are signed off by its 主持 (spec 2.5) through the approval engine: one step held
 * by the host, purpose `minutes` (the booking's own approval is another). A 退回 ends the round; the
 * recorder's next 纪要 is a new round. So 转交, hand-over and 催办 reach the sign-off with no code here.
 */
export const MINUTES_PURPOSE = 'minutes';

export function minutesKey(meeting: Pick<Meeting, 'id'>): ApprovalKey {
  return { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, purpose: MINUTES_PURPOSE };
}

export function hostSignoff(meeting: Pick<Meeting, 'hostId'>): StepSpec[] {
  return [{ rules: [`user:${meeting.hostId}`], name: '主持人签发' }];
}

/** Whose approval it is: whoever posted the minutes, for the meeting's department. */
export function posterAsRequester(ctx: BaseContext, meeting: Meeting, posterId: string): ApprovalRequester {
  return requesterFor(ctx.directory, posterId, meeting.departmentId);
}

/** The host's card [签发] [退回], and 「签发纪要」 in their 我的待办, due when the minutes are. */
export function minutesPresenter(ctx: BaseContext, meeting: Meeting): ApprovalPresenter {
  const posterId = meeting.minutesBy ?? recorderOf(meeting);
  const postedAt = meeting.minutesAt ?? ctx.clock.now();
  const dueAt = minutesDueOf(ctx, meeting);
  return {
    card: (step) =>
      minutesSignoffCard({
        ref: meeting.ref,
        topic: meeting.topic,
        kind: meeting.kind,
        time: meetingTimeText(meeting, ctx),
        place: meeting.place,
        recorderName: personName(ctx.directory, posterId),
        postedAt: shortTime(postedAt, ctx.timezone),
        minutes: meeting.minutes ?? '',
        round: step.round,
        due: deadlineText(dueAt, ctx),
      }),
    workItem: {
      ...meetingWorkItem(ctx, meeting, '签发纪要'),
      requester: personWithDepartment(ctx.directory, posterId),
      submittedAt: postedAt,
    },
    // seeds: 纪要需在24小时内完成签发
    dueAt,
  };
}

/** The presenter of a meeting's minutes approval by the meeting's id (hand-over and 转交 ask by id and purpose). */
export async function minutesPresenterFor(ctx: BaseContext, meetingId: string): Promise<ApprovalPresenter> {
  const meeting = await ctx.tx.meeting.findFirstOrThrow({ where: { orgId: ctx.orgId, id: meetingId } });
  return minutesPresenter(ctx, meeting);
}

/** Who must still sign: the pending holders of the open step; empty when nobody is asked now. */
export function pendingSigners(approval: ApprovalRecord | undefined): string[] {
  if (!approval || approval.state !== 'open') return [];
  const step = approval.steps.find((each) => each.state === 'open');
  return step?.holders.filter((holder) => holder.state === 'pending').map((holder) => holder.userId) ?? [];
}

/** The 退回 that ended the current round: who and why; undefined unless the minutes were sent back. */
export function minutesReturn(approval: ApprovalRecord | undefined): { by: string; reason: string } | undefined {
  if (approval?.state !== 'returned') return undefined;
  const holder = approval.steps.flatMap((step) => step.holders).find((each) => each.state === 'returned');
  return holder ? { by: holder.decidedBy ?? holder.userId, reason: holder.comment ?? '' } : undefined;
}
