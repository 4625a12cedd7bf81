import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { closeWorkItems, openWorkItem } from '../../kit/work-items.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { minutesDueOf, type Meeting } from './meeting-end-store.js';
import { meetingSubject } from './minutes-approval.js';

/**
 * The minutes are `holderId`'s to write (the recorder's, spec 3.4): 「会议纪要」 in their 我的待办,
 * due `minutes_due_hours` after the end, so the overdue scan and the brief cover it like any item.
 */
export async function openMinutesWork(ctx: BaseContext, meeting: Meeting, holderId: string): Promise<void> {
  await openWorkItem(ctx, {
    action: '会议纪要',
    requester: `${personName(ctx.directory, meeting.organizerId)}组织`,
    subject: meetingSubject(ctx, meeting),
    submittedAt: meeting.endsAt,
    workflow: MEETING_WORKFLOW_ID,
    itemId: meeting.id,
    itemRef: meeting.ref,
    kind: 'meeting_minutes',
    sourceId: meeting.id,
    holderId,
    dueAt: minutesDueOf(ctx, meeting),
  });
}

/** The minutes came in: nothing waits on their writer any more. */
export async function closeMinutesWork(ctx: BaseContext, meeting: Pick<Meeting, 'id'>): Promise<void> {
  await closeWorkItems(ctx, { kind: 'meeting_minutes', sourceId: meeting.id });
}
