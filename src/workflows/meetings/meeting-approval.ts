import { meetingApprovalCard } from '../../../cards/index.js';
import {
  requesterFor,
  type ApprovalKey,
  type ApprovalPresenter,
  type ApprovalProgress,
  type StepSpec,
} from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { meetingCardFacts, meetingWorkItem } from './describe-meeting.js';
import { meetingMoments } from './meeting-moments.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import type { Meeting } from './meeting-store.js';

/**
 * A booking is approved by any one of the office (spec 3.4, seeds: 综合办公室审核申请，协调会议室资源):
 * each of them gets the card, the first decision counts. An office member's own booking goes to the
 * others (the engine never gives anyone their own request).
 */
export const BOOKING_STEPS: readonly StepSpec[] = [{ rules: ['role:office'], mode: 'any_of', name: '综合办公室' }];

const PURPOSE_PREFIX = 'booking:';

/**
 * One approval per version: a 改期 while the office has not decided withdraws the cards that show
 * the old time and asks again about the new one.
 */
export function bookingKey(meeting: Pick<Meeting, 'id' | 'version'>): ApprovalKey {
  return { workflow: MEETING_WORKFLOW_ID, itemId: meeting.id, purpose: `${PURPOSE_PREFIX}${meeting.version}` };
}

export function bookingRequester(ctx: BaseContext, meeting: Meeting) {
  return requesterFor(ctx.directory, meeting.organizerId, meeting.departmentId);
}

/**
 * The office's card [同意] [驳回] and 「会议审批」 in their 我的待办, due when the notices should go
 * (or the start, when that has passed).
 */
export function bookingPresenter(ctx: BaseContext, meeting: Meeting, attendeeCount: number): ApprovalPresenter {
  const notice = meetingMoments(ctx, meeting).notice;
  return {
    card: (step) =>
      meetingApprovalCard(meetingCardFacts(ctx, meeting, attendeeCount), {
        number: step.number,
        total: step.total,
        name: step.name,
      }),
    workItem: meetingWorkItem(ctx, meeting, '会议审批'),
    dueAt: notice.getTime() > ctx.clock.now().getTime() ? notice : meeting.startsAt,
  };
}

/** Who the open step waits on: 「王芳或刘强」. */
export function waitingNames(ctx: BaseContext, progress: Extract<ApprovalProgress, { outcome: 'waiting' }>): string {
  return progress.waitingOn.map((userId) => personName(ctx.directory, userId)).join('或');
}
