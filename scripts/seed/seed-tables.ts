/**
 * The tables the seed fills, with their columns in the order each generated row lists its values.
 * `text[]` columns travel as array literals and are cast back in the INSERT (see insert-rows.ts).
 */
export type ColumnType = 'text' | 'int' | 'bigint' | 'timestamptz' | 'text[]';

export interface TableSpec {
  table: string;
  columns: [name: string, type: ColumnType][];
}

export type Row = (string | number | bigint | Date | string[] | null)[];

export const SEED_TABLES = {
  sealRequests: {
    table: 'seal_request',
    columns: [
      ['id', 'text'],
      ['org_id', 'text'],
      ['ref', 'text'],
      ['applicant_userid', 'text'],
      ['department_id', 'text'],
      ['purpose', 'text'],
      ['document', 'text'],
      ['copies', 'int'],
      ['seal_id', 'text'],
      ['seal_name', 'text'],
      ['planned_at', 'timestamptz'],
      ['state', 'text'],
      ['stamped_copies', 'int'],
      ['keeper_userid', 'text'],
      ['used_at', 'timestamptz'],
      ['closing_reason', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  approvals: {
    table: 'approval',
    columns: [
      ['id', 'text'],
      ['org_id', 'text'],
      ['workflow', 'text'],
      ['item_id', 'text'],
      ['item_ref', 'text'],
      ['purpose', 'text'],
      ['requester_userid', 'text'],
      ['department_id', 'text'],
      ['round', 'int'],
      ['state', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  approvalSteps: {
    table: 'approval_step',
    columns: [
      ['id', 'text'],
      ['approval_id', 'text'],
      ['round', 'int'],
      ['position', 'int'],
      ['mode', 'text'],
      ['rule', 'text'],
      ['name', 'text'],
      ['state', 'text'],
      ['opened_at', 'timestamptz'],
      ['decided_at', 'timestamptz'],
    ],
  },
  approvalHolders: {
    table: 'approval_holder',
    columns: [
      ['id', 'bigint'],
      ['org_id', 'text'],
      ['step_id', 'text'],
      ['userid', 'text'],
      ['rule', 'text'],
      ['state', 'text'],
      ['decided_at', 'timestamptz'],
      ['decided_by', 'text'],
      ['comment', 'text'],
    ],
  },
  workItems: {
    table: 'work_item',
    columns: [
      ['org_id', 'text'],
      ['workflow', 'text'],
      ['item_id', 'text'],
      ['item_ref', 'text'],
      ['kind', 'text'],
      ['source_id', 'text'],
      ['holder_userid', 'text'],
      ['role', 'text'],
      ['action', 'text'],
      ['requester', 'text'],
      ['subject', 'text'],
      ['submitted_at', 'timestamptz'],
      ['planned_at', 'timestamptz'],
      ['since', 'timestamptz'],
      ['due_at', 'timestamptz'],
      ['done_at', 'timestamptz'],
    ],
  },
  register: {
    table: 'seal_register',
    columns: [
      ['org_id', 'text'],
      ['seq', 'int'],
      ['request_ref', 'text'],
      ['seal_id', 'text'],
      ['seal_name', 'text'],
      ['document', 'text'],
      ['copies', 'int'],
      ['applicant_userid', 'text'],
      ['approver_userids', 'text'],
      ['keeper_userid', 'text'],
      ['used_at', 'timestamptz'],
      ['prev_hash', 'text'],
      ['hash', 'text'],
    ],
  },
  tasks: {
    table: 'task',
    columns: [
      ['id', 'text'],
      ['org_id', 'text'],
      ['ref', 'text'],
      ['content', 'text'],
      ['acceptance', 'text'],
      ['owner_userid', 'text'],
      ['department_id', 'text'],
      ['helper_userids', 'text[]'],
      ['assigner_userid', 'text'],
      ['recorded_by', 'text'],
      ['source_kind', 'text'],
      ['source_label', 'text'],
      ['secrecy', 'text'],
      ['state', 'text'],
      ['due_at', 'timestamptz'],
      ['first_due_at', 'timestamptz'],
      ['done_at', 'timestamptz'],
      ['completion_note', 'text'],
      ['verified_at', 'timestamptz'],
      ['verified_by', 'text'],
      ['closing_reason', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  taskNotes: {
    table: 'task_note',
    columns: [
      ['org_id', 'text'],
      ['task_id', 'text'],
      ['kind', 'text'],
      ['author_userid', 'text'],
      ['text', 'text'],
      ['at', 'timestamptz'],
    ],
  },
} satisfies Record<string, TableSpec>;

export type SeedTable = keyof typeof SEED_TABLES;
export type SeedRows = Record<SeedTable, Row[]>;

/** Insertion order: parents before the rows that point at them. */
export const INSERT_ORDER: SeedTable[] = [
  'sealRequests',
  'tasks',
  'approvals',
  'approvalSteps',
  'approvalHolders',
  'workItems',
  'register',
  'taskNotes',
];
