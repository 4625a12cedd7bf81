import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVAL_HOLDER_STATES,
  APPROVAL_STATES,
  APPROVAL_STEP_MODES,
  APPROVAL_STEP_STATES,
  CARD_STATUSES,
  DIRECTORY_SOURCES,
  INBOUND_STATUSES,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
  VIAS,
  WORK_ITEM_KINDS,
} from '../../src/db/row-states.js';
import { REMINDER_LEVELS } from '../../src/schedules/jobs/reminder-log.js';
import { SCHEDULE_NAMES } from '../../src/schedules/schedule-names.js';
import { SEAL_MACHINE } from '../../src/workflows/seal/seal-machine.js';
import { TASK_MACHINE } from '../../src/workflows/tasks/task-machine.js';
import { INCOMING_MACHINE } from '../../src/workflows/incoming/incoming-machine.js';
import { MEETING_KINDS } from '../../src/workflows/meetings/book-meeting.js';
import { MEETING_MACHINE } from '../../src/workflows/meetings/meeting-machine.js';
import { OUTGOING_MACHINE } from '../../src/workflows/outgoing/outgoing-machine.js';
import { introspectDatabase, normalizeSql, type SchemaDescription } from '../support/introspect-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The states code writes are exactly those the database's CHECK constraints allow: no more, no fewer. */
describe('state columns', () => {
  let db: TestDatabase;
  let actual: SchemaDescription;
  beforeAll(async () => {
    db = await createTestDatabase();
    actual = await introspectDatabase(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const columns: [table: string, column: string, values: readonly string[]][] = [
    ['inbound_event', 'status', INBOUND_STATUSES],
    ['outbox_message', 'status', OUTBOX_STATUSES],
    ['outbox_message', 'kind', OUTBOX_KINDS],
    ['card', 'status', CARD_STATUSES],
    ['audit_log', 'via', VIAS],
    ['department', 'source', DIRECTORY_SOURCES],
    ['person', 'source', DIRECTORY_SOURCES],
    ['approval', 'state', APPROVAL_STATES],
    ['approval_step', 'mode', APPROVAL_STEP_MODES],
    ['approval_step', 'state', APPROVAL_STEP_STATES],
    ['approval_holder', 'state', APPROVAL_HOLDER_STATES],
    ['work_item', 'kind', WORK_ITEM_KINDS],
    ['work_item', 'role', ['holder', 'helper']],
    ['seal_request', 'state', Object.keys(SEAL_MACHINE.states)],
    ['task', 'state', Object.keys(TASK_MACHINE.states)],
    ['incoming_document', 'state', Object.keys(INCOMING_MACHINE.states)],
    ['meeting', 'state', Object.keys(MEETING_MACHINE.states)],
    ['meeting', 'kind', MEETING_KINDS],
    ['meeting_attendee', 'reply', ['pending', 'attending', 'leave']],
    ['room_booking', 'state', ['held', 'released']],
    ['task', 'source_kind', ['assigned', 'meeting', 'document']],
    ['task', 'secrecy', ['普通', '秘密', '机密']],
    ['task_note', 'kind', ['progress', 'completion', 'returned']],
    ['task_extension', 'state', ['pending', 'agreed', 'refused', 'withdrawn']],
    ['reminder_log', 'level', REMINDER_LEVELS],
    ['schedule_run', 'schedule', SCHEDULE_NAMES],
    ['outgoing_document', 'state', Object.keys(OUTGOING_MACHINE.states)],
    ['document_distribution', 'copy_kind', ['main', 'copy']],
  ];
  it.each(columns)('%s.%s allows exactly the values code names', (table, column, values) => {
    const check = actual.checks[`${table}_${column}_check`];
    expect(check).toEqual({
      table,
      definition: normalizeSql(`check ${column} in (${values.map((value) => `'${value}'`).join(', ')})`),
    });
  });

  it('refuses any other value, and a row of an organisation it does not know, at the database', async () => {
    const insertCard = (orgId: string, status: string): Promise<unknown> =>
      db.prisma
        .$executeRawUnsafe(
          `INSERT INTO card (task_id, org_id, addressee_userid, workflow, item_id, item_ref, sent_for_state, status) VALUES ('t-${status}', '${orgId}', 'u', 'w', 'i', 'R1', 's', '${status}')`,
        )
        .catch((caught: unknown) => caught);
    await db.prisma.$executeRawUnsafe(
      "INSERT INTO organization (id, name, timezone, updated_at) VALUES ('demo', '示范中学', 'Asia/Shanghai', now())",
    );
    expect(String(await insertCard('demo', 'opened'))).toContain('card_status_check');
    expect(String(await insertCard('elsewhere', 'open'))).toContain('card_org_id_fkey');
    expect(await insertCard('demo', 'open')).toBe(1);
  });
});
