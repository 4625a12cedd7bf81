import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.js';
import { TEST_PG_ADMIN_URL, databaseUrl } from '../support/services.js';

const PROJECT_ROOT = join(import.meta.dirname, '../..');
const MIGRATIONS_DIR = join(PROJECT_ROOT, 'prisma/migrations');

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

describe('applyMigrations (npm run db:migrate)', () => {
  const createdDatabases: string[] = [];
  const tempDirs: string[] = [];
  let migrationNames: string[];

  /** A database name nobody has used; dropped after the file. */
  function freshDatabaseName(): string {
    const name = `xiaoban_m_${randomBytes(5).toString('hex')}`;
    createdDatabases.push(name);
    return name;
  }

  beforeAll(async () => {
    const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
    migrationNames = entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  });
  afterEach(async () => {
    await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  afterAll(async () => {
    for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('creates a missing database and applies every migration, then applies nothing on a second run', async () => {
    const url = databaseUrl(freshDatabaseName());

    const first = await applyMigrations({ databaseUrl: url });
    expect(first).toEqual({ applied: migrationNames, alreadyApplied: [] });
    expect(await query(url, `SELECT to_regclass('public.organization') IS NOT NULL AS exists`)).toEqual([
      { exists: true },
    ]);

    const second = await applyMigrations({ databaseUrl: url });
    expect(second).toEqual({ applied: [], alreadyApplied: migrationNames });
    expect(await historyRows(url)).toHaveLength(migrationNames.length);
  });

  it('keeps its history in _prisma_migrations the way Prisma does', async () => {
    const url = databaseUrl(freshDatabaseName());
    await applyMigrations({ databaseUrl: url });

    const rows = await historyRows(url);
    const expectedRows = await Promise.all(
      migrationNames.map(async (name) => ({
        migration_name: name,
        checksum: createHash('sha256')
          .update(await readFile(join(MIGRATIONS_DIR, name, 'migration.sql')))
          .digest('hex'),
        applied_steps_count: 1,
        rolled_back_at: null,
      })),
    );
    expect(
      rows.map(({ migration_name, checksum, applied_steps_count, rolled_back_at }) => ({
        migration_name,
        checksum,
        applied_steps_count,
        rolled_back_at,
      })),
    ).toEqual(expectedRows);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('names a broken migration, keeps what came before, and applies the fixed migration on the next run', async () => {
    const url = databaseUrl(freshDatabaseName());
    const migrationsDir = await copyOfRealMigrations();
    const broken = '29991231000000_broken_probe';
    await mkdir(join(migrationsDir, broken));
    // The first statement succeeds, so the test also shows that a failed migration leaves none of its work behind.
    await writeFile(
      join(migrationsDir, broken, 'migration.sql'),
      'CREATE TABLE "probe" ("id" INTEGER NOT NULL);\nSELECT no_such_function();\n',
    );

    await expect(applyMigrations({ databaseUrl: url, migrationsDir })).rejects.toThrow(
      new RegExp(`migration ${broken} failed: .*no_such_function`),
    );
    expect(await query(url, `SELECT to_regclass('public.probe') IS NULL AS absent`)).toEqual([{ absent: true }]);
    const failedRow = (await historyRows(url)).find((row) => row.migration_name === broken);
    expect(failedRow).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(failedRow?.rolled_back_at).toBeInstanceOf(Date);
    expect(failedRow?.logs).toMatch(/no_such_function/);

    await writeFile(join(migrationsDir, broken, 'migration.sql'), 'CREATE TABLE "probe" ("id" INTEGER NOT NULL);\n');
    const fixed = await applyMigrations({ databaseUrl: url, migrationsDir });
    expect(fixed).toEqual({ applied: [broken], alreadyApplied: migrationNames });
    expect(await query(url, `SELECT to_regclass('public.probe') IS NOT NULL AS exists`)).toEqual([{ exists: true }]);
  });

  it('lets two concurrent runs apply each migration once (advisory lock)', async () => {
    const name = freshDatabaseName();
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = databaseUrl(name);

    const results = await Promise.all([applyMigrations({ databaseUrl: url }), applyMigrations({ databaseUrl: url })]);

    expect(results.map((result) => result.applied.length).sort()).toEqual([0, migrationNames.length]);
    const rows = await historyRows(url);
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it('lets two concurrent runs create the same missing database', async () => {
    const url = databaseUrl(freshDatabaseName());

    const results = await Promise.all([applyMigrations({ databaseUrl: url }), applyMigrations({ databaseUrl: url })]);

    expect(results.map((result) => result.applied.length).sort()).toEqual([0, migrationNames.length]);
  });

  it('runs as `npm run db:migrate` with DATABASE_URL', async () => {
    const url = databaseUrl(freshDatabaseName());

    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'db:migrate'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url },
      timeout: 25_000,
    });

    expect(stdout).toContain(`migrations: ${migrationNames.length} applied`);
    expect(await historyRows(url)).toHaveLength(migrationNames.length);
  });

  async function copyOfRealMigrations(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'xiaoban-migrations-'));
    tempDirs.push(dir);
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  }
});

async function historyRows(url: string): Promise<HistoryRow[]> {
  return query<HistoryRow>(
    url,
    'SELECT id, migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name, started_at',
  );
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function adminQuery(sql: string): Promise<void> {
  await query(TEST_PG_ADMIN_URL, sql);
}
