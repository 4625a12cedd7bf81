import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import { buildDirectory } from '../../src/directory/build-directory.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import type { Directory } from '../../src/directory/types.js';
import type { BaseContext } from '../../src/kit/context.js';
import { allocateReference } from '../../src/kit/numbering/allocate-reference.js';
import { formatTodoLine } from '../../src/kit/todo-lines.js';
import { openWorkItemsOf } from '../../src/kit/work-items.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { weekContaining } from '../../src/kit/brief.js';
import { buildWeeklyBrief } from '../../src/schedules/jobs/weekly-brief.js';
import { planOverdueScan } from '../../src/schedules/jobs/overdue-scan.js';
import { fixedClock } from '../../src/shared/clock.js';
import { verifyRegister } from '../../src/workflows/seal/seal-register.js';
import { itemCount, type SeedSummary } from '../../scripts/seed/seed-school.js';
import { adminQuery } from '../support/admin-query.js';
import { databaseUrl } from '../support/services.js';

/*
 * npm run seed:load at a tiny size (the bench seeds 100 000 items the same way): the rows add up,
 * the register's chain holds, the counters continue where the seed stopped, and the service's own
 * reads (我的待办, the overdue scan) work on what it wrote.
 */

const projectRoot = join(import.meta.dirname, '../..');
const run = promisify(execFile);

function seedLoad(url: string, ...args: string[]) {
  return run(
    process.execPath,
    ['--import', 'tsx', 'scripts/seed-load.ts', '--people', '60', '--items', '500', ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
    },
  );
}

describe('seed:load', () => {
  const name = `xiaoban_t_seed_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(name);
  let prisma: PrismaClient;
  let summary: SeedSummary;
  let directory: Directory;
  let stderr: string;

  beforeAll(async () => {
    ({ stderr } = await seedLoad(url, '--fresh'));
    summary = (await import(join(projectRoot, 'tmp/seed', name, 'seed.json'), { with: { type: 'json' } }))
      .default as SeedSummary;
    directory = buildDirectory(await loadOrgFile(summary.orgFile));
    prisma = createPrisma(url, { poolSize: 2 });
  }, 60_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(join(projectRoot, 'tmp/seed', name), { recursive: true, force: true });
  });

  const inTransaction = <T>(work: (ctx: BaseContext) => Promise<T>): Promise<T> =>
    prisma.$transaction((tx) =>
      work({ tx, orgId: directory.orgId, timezone: 'Asia/Shanghai', directory, clock: fixedClock(summary.now) }),
    );

  it('writes the school and a year of items, with a progress bar on stderr', async () => {
    expect(stderr).toContain('100% ');
    expect(summary.people).toBe(60);
    expect(await prisma.person.count()).toBe(60);
    expect(await prisma.sealRequest.count()).toBe(summary.sealRequests);
    expect(await prisma.task.count()).toBe(summary.tasks);
    expect(itemCount(summary)).toBe(500);
    expect(summary.sealRequests).toBeGreaterThan(150);
    expect(summary.tasks).toBeGreaterThan(150);
    // documents and meetings too, in the shares of a school's year (收文 10 %, meetings 5 %, 发文 3 %)
    expect(await prisma.incomingDocument.count()).toBe(summary.incomingDocuments);
    expect(await prisma.outgoingDocument.count()).toBe(summary.outgoingDocuments);
    expect(await prisma.meeting.count()).toBe(summary.meetings);
    expect(summary.incomingDocuments).toBeGreaterThan(25);
    expect(summary.outgoingDocuments).toBeGreaterThan(3);
    expect(summary.meetings).toBeGreaterThan(10);
    expect(await prisma.documentReading.count()).toBeGreaterThan(summary.incomingDocuments * 2);
    expect(await prisma.documentDistribution.count()).toBeGreaterThan(summary.outgoingDocuments * 2);
    expect(await prisma.meetingAttendee.count()).toBeGreaterThan(summary.meetings * 3);
    const overdue = await prisma.workItem.count({
      where: { doneAt: null, role: 'holder', dueAt: { lt: new Date(summary.now) } },
    });
    expect(overdue).toBe(summary.overdueItems);
    expect(overdue).toBeGreaterThan(0);
    expect(await verifyRegister(prisma, directory.orgId)).toMatchObject({ isIntact: true });
  });

  it('leaves the counters at the last reference, so the next item continues from there', async () => {
    const counters = await prisma.counter.findMany({ orderBy: { scope: 'asc' } });
    const byScope = new Map(counters.map((row) => [row.scope, row.value]));
    expect([...byScope].filter(([scope]) => scope.length === 1).sort()).toEqual([
      ['F', summary.outgoingDocuments],
      ['H', summary.meetings],
      ['R', summary.tasks],
      ['S', summary.incomingDocuments],
      ['Y', summary.sealRequests],
    ]);
    // 收文编号 and 文号 continue per year: the counter of each year is its highest number
    const incomingYears = await prisma.$queryRaw<{ scope: string; max: number }[]>`
      SELECT '收文:' || substring(incoming_number from '〔([0-9]+)〕') AS scope,
             max(substring(incoming_number from '〕([0-9]+)号')::int) AS max
        FROM incoming_document GROUP BY 1`;
    expect(incomingYears.length).toBeGreaterThan(0);
    for (const year of incomingYears) expect(byScope.get(year.scope)).toBe(year.max);
    const issued = await prisma.$queryRaw<{ scope: string; max: number }[]>`
      SELECT number_scope AS scope, max(number_seq) AS max FROM outgoing_document WHERE number_scope IS NOT NULL GROUP BY 1`;
    for (const series of issued) expect(byScope.get(series.scope)).toBe(series.max);
    const maxTaskRef = await prisma.$queryRaw<{ max: number }[]>`SELECT max(substr(ref, 2)::int) AS max FROM task`;
    expect(maxTaskRef[0]!.max).toBe(summary.tasks);
    expect(await inTransaction((ctx) => allocateReference(ctx, 'R'))).toBe(`R${summary.tasks + 1}`);
  });

  it("shows a seeded person's 我的待办 and lets the overdue scan plan reminders", async () => {
    const [busiest] = await prisma.workItem.groupBy({
      by: ['holderId'],
      where: { doneAt: null },
      _count: { _all: true },
      orderBy: { _count: { holderId: 'desc' } },
      take: 1,
    });
    const items = await inTransaction((ctx) => openWorkItemsOf(ctx, busiest!.holderId));
    expect(items).toHaveLength(busiest!._count._all);
    const line = formatTodoLine(items[0]!, 'Asia/Shanghai', new Date(summary.now));
    expect(line).toMatch(/^[RYSFH]\d+ /);
    const planned = await prisma
      .$transaction(async (tx) => {
        const messages = await planOverdueScan({
          tx,
          orgId: directory.orgId,
          timezone: 'Asia/Shanghai',
          directory,
          clock: fixedClock(summary.now),
        });
        throw Object.assign(new Error('rollback'), { messages });
      })
      .catch((error: { messages?: unknown[] }) => error.messages ?? Promise.reject(error));
    expect(planned.length).toBeGreaterThan(0);
  });

  it('builds the weekly brief on it, the 收文, 发文 and meeting sections with the rest', async () => {
    const brief = await inTransaction((ctx) =>
      buildWeeklyBrief(ctx, SHIPPED_WORKFLOWS, weekContaining(new Date(summary.now), 'Asia/Shanghai')),
    );
    expect(brief).toContain('公文·收文');
    expect(brief).toContain('公文·发文');
    expect(brief).toContain('纪要按时率');
  });

  it('refuses to seed into a database that already holds data unless --fresh', async () => {
    const refused = await seedLoad(url).then(
      () => 'succeeded',
      (error: { stderr: string }) => error.stderr,
    );
    expect(refused).toContain('already holds data; add --fresh');
  });
});
