import type { BaseContext } from '../../kit/context.js';
import { closeWorkItems, openWorkItem } from '../../kit/work-items.js';
import { meetingWorkItem } from './describe-meeting.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { minutesDueOf, type Meeting } from './meeting-store.js';

/**
 * The minutes are `holderId`'s to write (the recorder's, spec 3.4): 「会议纪要」 in their 我的待办,
 * due `minutes_due_hours` after the end, so the overdue scan and the brief cover it like any item.
 */
export async function openMinutesWork(ctx: BaseContext, meeting: Meeting, holderId: string): Promise<void> {
  await openWorkItem(ctx, {
    ...meetingWorkItem(ctx, meeting, '会议纪要'),
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
