import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrisma, type PrismaClient, type Tx } from '../../src/db/prisma.js';
import { loadDirectory } from '../../src/directory/load-directory.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import type { Directory } from '../../src/directory/types.js';
import type { BaseContext } from '../../src/kit/context.js';
import { fixedClock } from '../../src/shared/clock.js';
import { seedDir, type SeedSummary } from '../../scripts/seed/seed-school.js';

/** A seeded database opened as the service would: its org file, its directory, a clock at the seed's end. */
export interface SeededDatabase {
  summary: SeedSummary;
  prisma: PrismaClient;
  directory: Directory;
  /** a schedule's context (as tests/support/as-system.ts builds it) at `now`, default the seed's end */
  context(tx: Tx, now?: Date): BaseContext;
  close(): Promise<void>;
}

export async function readSeedSummary(databaseUrl: string): Promise<SeedSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(seedDir(databaseUrl), 'seed.json'), 'utf8')) as SeedSummary;
  } catch {
    return undefined;
  }
}

export async function openSeeded(summary: SeedSummary): Promise<SeededDatabase> {
  const config = await loadOrgFile(summary.orgFile);
  const prisma = createPrisma(summary.databaseUrl, { poolSize: 2 });
  const directory = await loadDirectory(prisma, config);
  return {
    summary,
    prisma,
    directory,
    context: (tx, now = new Date(summary.now)) => ({
      tx,
      orgId: config.org.id,
      timezone: config.org.timezone,
      directory,
      clock: fixedClock(now),
    }),
    close: () => prisma.$disconnect(),
  };
}

/** Runs `work` in a transaction that is always rolled back, so a scan that records its reminders can run again. */
export async function inRolledBackTransaction<T>(prisma: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  const rollback = new Error('rollback');
  let result: T | undefined;
  try {
    await prisma.$transaction(
      async (tx) => {
        result = await work(tx);
        throw rollback;
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result as T;
}
