import type { TaskOffers } from '../../kit/offers.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import type { MeetingPart } from './meeting-part.js';

/**
 * Before the meeting: 会议, 改期, 签到, the office's approval, notices and reminders, 三个确认.
 * (Being written: issue 13.)
 */
export function bookingPart(
  _offers: { tasks: TaskOffers },
  _after: { statusLines?: MeetingPart['statusLines'] },
): {
  part: MeetingPart;
  module: Omit<
    WorkflowModule,
    'id' | 'title' | 'refPrefixes' | 'commands' | 'onCardAction' | 'onTimer' | 'continuations'
  >;
} {
  return {
    part: { commands: [], cardActions: {}, timers: {}, continuations: {} },
    module: { statusView: () => Promise.resolve(undefined) },
  };
}
