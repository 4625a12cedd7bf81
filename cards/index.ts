/**
 * The card templates (the project's agreed layout keeps them here, beside src/): workflows, tests,
 * the build (tsconfig.build.json) and the Docker image reach them through this one entry point.
 * A template is a pure function from a workflow's facts to a platform-neutral Card
 * (src/outbox/card.ts); the WeCom adapter renders it within WeCom's limits (src/wecom/render-card.ts).
 */
export type { Card, CardButton, CardRow } from '../src/outbox/card.js';
export { SEAL_ACTIONS, sealApprovalCard, sealKeeperCard, type SealCardFacts } from './seal-cards.js';
export { TASK_ACTIONS, taskOwnerCard, taskVerifyCard, taskExtensionCard, type TaskCardFacts } from './task-cards.js';
export {
  MEETING_ACTIONS,
  CHECKLIST_LABELS,
  checklistItemOf,
  meetingApprovalCard,
  meetingConflictCard,
  meetingNoticeCard,
  meetingReminderCard,
  meetingChecklistCard,
  type ChecklistItem,
  type MeetingCardFacts,
} from './meeting-cards.js';
export {
  INCOMING_ACTIONS,
  incomingProposalCard,
  incomingReadingCard,
  type IncomingCardFacts,
} from './incoming-cards.js';
export { MINUTES_ACTIONS, minutesSignoffCard, type MinutesCardFacts } from './minutes-cards.js';
export {
  OUTGOING_ACTIONS,
  outgoingDecisionCard,
  outgoingReceiptCard,
  type OutgoingCardFacts,
} from './outgoing-cards.js';
