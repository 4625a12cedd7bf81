import type { ApprovalPresenter } from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import type { MeetingPart } from './meeting-part.js';
import type { Meeting } from './meeting-store.js';

/**
 * What the part before the meeting needs of the part after it, handed in by the module (the parts
 * never import each other's files): every hook is optional, and without it the booking part does
 * nothing of the other's.
 */
export interface AfterMeetingHooks {
  /** extra lines for `查询 H<n>` (minutes, decisions) */
  statusLines?: MeetingPart['statusLines'];
  /**
   * The meeting's time was set — approved, or moved by a 改期 — in that transaction, after every
   * timer of the old time was cancelled and the booking's were set: the part after the meeting sets
   * its own (the minutes' due time and ladder).
   */
  onScheduled?(ctx: BaseContext, meeting: Meeting): Promise<void>;
  /** its approvals' presenters by purpose (`minutes`), for hand-over and 转交 */
  approvalPresenters?: Record<string, (ctx: BaseContext, meetingId: string) => Promise<ApprovalPresenter>>;
  /** its audited actions in words, for the meeting's history */
  actionNames?: Record<string, string>;
}
