import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePrismaSchema } from '../support/describe-prisma-schema.js';
import { introspectDatabase, type SchemaDescription } from '../support/introspect-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The migrations are hand-applied by our own runner (no native Prisma engine here), so nothing else
 * checks that they build what prisma/schema.prisma describes. This test reads the schema with Prisma's
 * wasm schema engine, derives the PostgreSQL schema `prisma migrate dev` would create from it, and
 * compares that with the migrated test database, one aspect at a time.
 */
describe('prisma/schema.prisma and prisma/migrations', () => {
  let db: TestDatabase;
  let expected: SchemaDescription;
  let actual: SchemaDescription;

  beforeAll(async () => {
    db = await createTestDatabase();
    const schemaText = await readFile(join(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
    expected = describePrismaSchema(schemaText);
    actual = await introspectDatabase(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('create the same tables', () => {
    expect(actual.tables).toEqual(expected.tables);
  });

  it('create the same columns, types, nullability and defaults', () => {
    expect(actual.columns).toEqual(expected.columns);
  });

  it('create the same primary keys', () => {
    expect(actual.primaryKeys).toEqual(expected.primaryKeys);
  });

  it('create the same unique indexes', () => {
    expect(actual.uniqueIndexes).toEqual(expected.uniqueIndexes);
  });

  it('create the same indexes', () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it('create the same foreign keys', () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it('create the same enums', () => {
    expect(actual.enums).toEqual(expected.enums);
  });

  it('create the same CHECK and EXCLUDE constraints', () => {
    expect(actual.checks).toEqual(expected.checks);
    expect(actual.exclusions).toEqual(expected.exclusions);
  });

  it('describe a non-trivial schema (guards against comparing two empty descriptions)', () => {
    expect(expected.tables.length).toBeGreaterThanOrEqual(9);
    expect(Object.keys(expected.indexes).length).toBeGreaterThan(0);
    expect(Object.keys(expected.foreignKeys).length).toBeGreaterThan(0);
  });
});
