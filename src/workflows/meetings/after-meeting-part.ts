import type { TaskOffers } from '../../kit/offers.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import type { MeetingPart } from './meeting-part.js';

/**
 * After the meeting: its end, 纪要 and a 决策会's sign-off, the minutes ladder, 决议 as tasks, the
 * brief's meetings section. (Being written: issue 13.)
 */
export function afterMeetingPart(_offers: { tasks: TaskOffers }): {
  part: MeetingPart;
  briefSection?: WorkflowModule['briefSection'];
} {
  return { part: { commands: [], cardActions: {}, timers: {}, continuations: {} } };
}
