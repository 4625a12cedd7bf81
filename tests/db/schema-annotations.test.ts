import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { describePrismaSchema } from '../support/describe-prisma-schema.js';
import { introspectDatabase } from '../support/introspect-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * What the coming tables need and Prisma's schema language cannot say — the overdue scan's partial
 * index, document search's trigram index, room bookings' exclusion constraint, state CHECKs — is
 * declared in a model's `///` comment (or, for trigram, by Prisma itself) and compared like the rest.
 * Shown here on a schema and SQL of their own, and shown to catch a difference.
 */
const SCHEMA = `
generator client {
  provider = "prisma-client"
}

datasource db {
  provider = "postgresql"
}

/// index work_item_open_due_idx on (org_id, due_at) where done_at is null
/// check work_item_kind_check: kind in ('approval', 'task')
model WorkItem {
  id     BigInt    @id
  orgId  String    @map("org_id")
  kind   String
  dueAt  DateTime? @map("due_at") @db.Timestamptz(3)
  doneAt DateTime? @map("done_at") @db.Timestamptz(3)

  @@map("work_item")
}

model Document {
  id    String @id
  title String

  @@index([title(ops: raw("gin_trgm_ops"))], type: Gin, map: "document_title_trgm_idx")
  @@map("document")
}

/// exclude room_booking_no_overlap: using gist (room_id with =, during with &&) where state = 'approved'
model RoomBooking {
  id     String                   @id
  roomId String                   @map("room_id")
  during Unsupported("tstzrange")
  state  String

  @@map("room_booking")
}
`;

const SQL = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE work_item (id BIGINT PRIMARY KEY, org_id TEXT NOT NULL, kind TEXT NOT NULL, due_at TIMESTAMPTZ(3), done_at TIMESTAMPTZ(3),
  CONSTRAINT work_item_kind_check CHECK (kind IN ('approval', 'task')));
CREATE INDEX work_item_open_due_idx ON work_item (org_id, due_at) WHERE done_at IS NULL;
CREATE TABLE document (id TEXT PRIMARY KEY, title TEXT NOT NULL);
CREATE INDEX document_title_trgm_idx ON document USING gin (title gin_trgm_ops);
CREATE TABLE room_booking (id TEXT PRIMARY KEY, room_id TEXT NOT NULL, during TSTZRANGE NOT NULL, state TEXT NOT NULL,
  CONSTRAINT room_booking_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (state = 'approved'));
`;

describe('the schema check, on partial, trigram and exclusion definitions', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await client.query(SQL);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const expected = (): ReturnType<typeof describePrismaSchema> =>
    describePrismaSchema(SCHEMA.replace(/during Unsupported\("tstzrange"\)/, 'during String'));

  it('finds the database as the schema declares it', async () => {
    const actual = await introspectDatabase(db.url);
    const schema = expected();
    expect(actual.indexes).toEqual(schema.indexes);
    expect(actual.indexes['work_item_open_due_idx']).toMatchObject({
      columns: ['org_id', 'due_at'],
      where: 'done_atisnull',
    });
    expect(actual.indexes['document_title_trgm_idx']).toMatchObject({ method: 'gin', opclasses: ['gin_trgm_ops'] });
    expect(actual.checks).toEqual(schema.checks);
    expect(actual.exclusions).toEqual(schema.exclusions);
  });

  it('tells a different predicate, a missing operator class or a different exclusion apart', async () => {
    await client.query(`
      DROP INDEX work_item_open_due_idx; CREATE INDEX work_item_open_due_idx ON work_item (org_id, due_at) WHERE due_at IS NOT NULL;
      DROP INDEX document_title_trgm_idx; CREATE INDEX document_title_trgm_idx ON document USING gin (to_tsvector('simple', title));
      ALTER TABLE room_booking DROP CONSTRAINT room_booking_no_overlap;
      ALTER TABLE room_booking ADD CONSTRAINT room_booking_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);`);
    const actual = await introspectDatabase(db.url);
    const schema = expected();
    expect(actual.indexes['work_item_open_due_idx']).not.toEqual(schema.indexes['work_item_open_due_idx']);
    expect(actual.indexes['document_title_trgm_idx']).not.toEqual(schema.indexes['document_title_trgm_idx']);
    expect(actual.exclusions['room_booking_no_overlap']).not.toEqual(schema.exclusions['room_booking_no_overlap']);
  });
});
