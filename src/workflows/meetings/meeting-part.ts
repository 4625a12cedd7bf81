import type { ActorContext, BaseContext } from '../../kit/context.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ItemTimer } from '../../kit/item-timers.js';
import type { CardActionOutcome, WorkflowCommand, WorkflowModule } from '../../kit/workflow-module.js';

/** The workflow id stored on cards, timers and work items. */
export const MEETING_WORKFLOW_ID = 'meetings';

/**
 * One part of the meeting workflow: before the meeting (booking, approval, notices, reminders, 三个确认,
 * 签到: `booking-part.ts`) and after it (the end, 纪要 and its sign-off, the minutes ladder, 决议, the
 * brief: `after-meeting-part.ts`). Each brings its commands, the card actions, timer kinds and
 * continuations it answers; the module joins them.
 */
export interface MeetingPart {
  commands: WorkflowCommand[];
  cardActions: Record<string, (ctx: ActorContext, card: CardRecord) => Promise<CardActionOutcome>>;
  timers: Record<string, (ctx: BaseContext, timer: ItemTimer) => Promise<void>>;
  continuations: NonNullable<WorkflowModule['continuations']>;
  /** extra lines `查询 H<n>` shows for this part (minutes, decisions), after the access check */
  statusLines?(ctx: ActorContext, meetingId: string): Promise<string[]>;
}
