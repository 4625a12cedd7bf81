/**
 * The approval engine (issue 9): rounds of ordered steps — sequential, parallel (会签), any-of —
 * held by people the org file names, with their cards and work items. A workflow plans steps
 * (StepSpec), opens the approval with a presenter (its cards and 我的待办 line), and applies its own
 * transition from the progress each decision returns. ARCHITECTURE.md shows the seal workflow on it.
 */
export type { ApprovalRule, ApprovalRequester } from './approval-rules.js';
export { holdersOfRule, requesterFor } from './approval-rules.js';
export type { StepSpec, GivenApproval, PlannedStep } from './plan-approval.js';
export { planApproval, requireResolved } from './plan-approval.js';
export type { ApprovalKey, ApprovalRecord, StepRecord, HolderRecord } from './approval-records.js';
export {
  approvalsGiven,
  findApproval,
  lockApproval,
  lockApprovalOfHolder,
  holderCardState,
  holderIdOfCard,
  openStepOf,
  findHolder,
} from './approval-records.js';
export type { ApprovalPresenter, StepFacts, PresenterLookup } from './approval-presenter.js';
export {
  openApproval,
  resubmitApproval,
  describeRoute,
  type ApprovalProgress,
  type NewApproval,
} from './open-approval.js';
export { decideApproval, mayActFor, whyNotPending, requesterOf, type Decision } from './decide-approval.js';
export { cancelApproval } from './cancel-approval.js';
export { transferHolder } from './transfer-holder.js';
export { handOverApprovals, HANDOVER_REASON } from './hand-over.js';
export { runHandOver, type HandOverPlan } from './run-hand-over.js';
export { describeApprovalRoute, waitingOn } from './describe-approval.js';
export { recordFileVersion, fileVersionSeen } from './record-file-version.js';
