import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '../../src/db/migrate.js';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import { adminQuery } from './admin-query.js';
import { TEMPLATE_DB, databaseUrl } from './services.js';

const MIGRATIONS_DIR = join(import.meta.dirname, '../../prisma/migrations');

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `xiaoban_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = databaseUrl(name);
  const prisma = createPrisma(url, { poolSize: 5 });
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A database as an older version left it, to be filled with that version's rows and then migrated. */
export interface OlderDatabase {
  url: string;
  /** applies the remaining migrations (the one named first); says which, and gives the migrated database */
  migrateRest(): Promise<{ applied: string[]; db: TestDatabase }>;
  drop(): Promise<void>;
}

/**
 * A database of its own with every migration before `migration` applied, and not that one: the
 * way to show that a migration which moves data moves what the previous version really wrote.
 */
export async function createDatabaseBefore(migration: string): Promise<OlderDatabase> {
  const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (!names.includes(migration)) throw new Error(`no migration named ${migration}`);
  const name = `xiaoban_t_${randomBytes(5).toString('hex')}`;
  const url = databaseUrl(name);
  const drop = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const olderDir = await mkdtemp(join(tmpdir(), 'xiaoban-before-'));
  try {
    for (const older of names.filter((each) => each < migration))
      await cp(join(MIGRATIONS_DIR, older), join(olderDir, older), { recursive: true });
    await adminQuery(`CREATE DATABASE ${name}`);
    await applyMigrations({ databaseUrl: url, migrationsDir: olderDir, createDatabase: false });
  } catch (error) {
    await drop();
    throw error;
  } finally {
    await rm(olderDir, { recursive: true, force: true });
  }
  return {
    url,
    drop,
    async migrateRest() {
      const { applied } = await applyMigrations({ databaseUrl: url, createDatabase: false });
      const prisma = createPrisma(url, { poolSize: 5 });
      return {
        applied,
        db: {
          url,
          prisma,
          async drop() {
            await prisma.$disconnect();
            await drop();
          },
        },
      };
    },
  };
}
