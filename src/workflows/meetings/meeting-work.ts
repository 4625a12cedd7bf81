import type { WorkItemKind } from '../../db/row-states.js';
import type { BaseContext } from '../../kit/context.js';
import { openWorkItem } from '../../kit/work-items.js';
import { meetingWorkItem } from './describe-meeting.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import type { Meeting } from './meeting-store.js';

/**
 * Something of the meeting now waits on `holderId` (a reply, a 冲突预警, the 三个确认): their 我的待办
 * line 「H3 <action>｜李华（教务处）｜协调会《…》12-03 14:00 第一会议室」, due at `dueAt`.
 */
export async function openMeetingWork(
  ctx: BaseContext,
  meeting: Meeting,
  work: { kind: WorkItemKind; action: string; sourceId: string; holderId: string; dueAt: Date },
): Promise<void> {
  await openWorkItem(ctx, {
    ...meetingWorkItem(ctx, meeting, work.action),
    workflow: MEETING_WORKFLOW_ID,
    itemId: meeting.id,
    itemRef: meeting.ref,
    kind: work.kind,
    sourceId: work.sourceId,
    holderId: work.holderId,
    dueAt: work.dueAt,
  });
}
