import { MINUTES_ACTIONS } from '../../../cards/index.js';
import type { ApprovalPresenter } from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import type { TaskOffers } from '../../kit/offers.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { decisionCommand } from './decisions-command.js';
import { meetingBriefSection } from './meeting-brief-section.js';
import { afterMeetingTimers, setAfterMeetingTimers } from './meeting-end-timers.js';
import type { Meeting } from './meeting-store.js';
import { meetingLedger, type MeetingLedgerQuery } from './meeting-ledger.js';
import type { MeetingPart } from './meeting-part.js';
import { MINUTES_PURPOSE, minutesPresenterFor } from './minutes-approval.js';
import { minutesCommand } from './minutes-command.js';
import { AFTER_MEETING_ACTION_NAMES, afterMeetingStatusLines } from './minutes-status.js';
import {
  askMinutesReturnReason,
  RETURN_CONTINUATION,
  returnMinutesWithReason,
  signMinutesFromCard,
} from './minutes-signoff.js';

export { setAfterMeetingTimers };

/**
 * After the meeting (spec 3.4, 2.5): its end (timer `ended`: held, the recorder's 纪要 due), 纪要 and
 * a 决策会's sign-off by its 主持, the minutes ladder (timers `minutes_due` to the recorder or the
 * host, `minutes_overdue` to the office), 决议 as tracked tasks, `查询`'s lines, the brief's meetings
 * section and the 会议台账. The booking part calls {@link setAfterMeetingTimers} when a meeting is
 * approved and at each 改期.
 */
export function afterMeetingPart(offers: { tasks: TaskOffers }): {
  part: MeetingPart;
  briefSection?: WorkflowModule['briefSection'];
  /** the presenters of this part's approvals by purpose (`minutes`), for the module's approvalPresenter */
  approvalPresenters: Record<string, (ctx: BaseContext, meetingId: string) => Promise<ApprovalPresenter>>;
  /** the 会议台账 (spec 2.7) */
  ledger(ctx: BaseContext, query: MeetingLedgerQuery): Promise<string[][]>;
  /** this part's audited actions in words, for the meeting's history and the module's `describe` */
  actionNames: Record<string, string>;
  /** the meeting was approved or moved by a 改期: {@link setAfterMeetingTimers}, for the booking part to call */
  onScheduled(ctx: BaseContext, meeting: Pick<Meeting, 'id' | 'ref' | 'endsAt'>): Promise<void>;
} {
  return {
    part: {
      commands: [minutesCommand, decisionCommand(offers.tasks)],
      cardActions: {
        [MINUTES_ACTIONS.sign]: signMinutesFromCard,
        [MINUTES_ACTIONS.return]: askMinutesReturnReason,
      },
      timers: afterMeetingTimers(offers.tasks),
      continuations: { [RETURN_CONTINUATION]: returnMinutesWithReason },
      statusLines: (ctx, meetingId) => afterMeetingStatusLines(ctx, meetingId, offers.tasks),
    },
    briefSection: meetingBriefSection,
    approvalPresenters: { [MINUTES_PURPOSE]: minutesPresenterFor },
    ledger: (ctx, query) => meetingLedger(ctx, offers.tasks, query),
    actionNames: AFTER_MEETING_ACTION_NAMES,
    onScheduled: setAfterMeetingTimers,
  };
}
