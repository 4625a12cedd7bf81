/**
 * The values the database allows in its state and kind columns (CHECK constraints, migration
 * 20261129010000_schema_habits), as the code names them. tests/db/state-checks.test.ts holds the
 * two equal: a new state needs a migration, never just a new string in code. A workflow's own
 * states are its machine's (e.g. SEAL_MACHINE).
 */
export const INBOUND_STATUSES = ['accepted', 'queued', 'processed', 'failed'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export const OUTBOX_STATUSES = ['pending', 'queued', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** WeCom message types, plus the update of a card and the note that a message was not delivered. */
export const OUTBOX_KINDS = [
  'text',
  'markdown',
  'template_card',
  'update_template_card',
  'failure_notice',
  'file',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const CARD_STATUSES = ['open', 'answered', 'stale'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** How an action reached the service, as the audit records it. */
export const VIAS = ['command', 'card', 'schedule', 'system'] as const;
export type Via = (typeof VIAS)[number];

/** Where a directory row was last written from: the org file or contact sync. */
export const DIRECTORY_SOURCES = ['file', 'wecom'] as const;

/** What a work item waits for; each workflow adds its kinds (with a migration extending the CHECK). */
export const WORK_ITEM_KINDS = [
  'approval',
  'seal_use',
  'reassign',
  'task',
  'task_helper',
  // 公文: the office's 拟办 and 传阅 to start, a reader's [已阅], the lead department's 反馈 and 办结,
  // a returned draft, the office's 分发, a recipient's [已收到]
  'doc_proposal',
  'doc_circulation',
  'doc_reading',
  'doc_feedback',
  'doc_completion',
  'doc_redraft',
  'doc_distribution',
  'doc_receipt',
  // 会议: an attendee's reply to the notice, the office's confirmation of a 冲突预警, the organiser's
  // 三个确认, the recorder's 纪要
  'meeting_reply',
  'meeting_conflict',
  'meeting_checklist',
  'meeting_minutes',
] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

export const APPROVAL_STATES = ['open', 'approved', 'returned', 'rejected', 'cancelled'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const APPROVAL_STEP_MODES = ['sequential', 'parallel', 'any_of'] as const;
export type ApprovalStepMode = (typeof APPROVAL_STEP_MODES)[number];

export const APPROVAL_STEP_STATES = [
  'waiting',
  'open',
  'approved',
  'returned',
  'rejected',
  'cancelled',
  'given',
] as const;
export type ApprovalStepState = (typeof APPROVAL_STEP_STATES)[number];

export const APPROVAL_HOLDER_STATES = ['pending', 'approved', 'returned', 'rejected', 'closed', 'handed_over'] as const;
export type ApprovalHolderState = (typeof APPROVAL_HOLDER_STATES)[number];
