// One weekly brief on a seeded database, in a process of its own so its memory peak is the brief's,
// run as the compiled build (dist/, as the Docker image runs the service) so the figure is not
// tsx's compiler: bench/digests.ts builds dist/, starts this with the database URL and reads one
// JSON line (BriefChildResult in bench/digests/brief-result.ts) from stdout.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '../../dist');
const { SHIPPED_WORKFLOWS } = await import(join(dist, 'src/app/shipped-workflows.js'));
const { weekContaining } = await import(join(dist, 'src/kit/brief.js'));
const { buildWeeklyBrief } = await import(join(dist, 'src/schedules/jobs/weekly-brief.js'));
const { createPrisma } = await import(join(dist, 'src/db/prisma.js'));
const { loadDirectory } = await import(join(dist, 'src/directory/load-directory.js'));
const { loadOrgFile } = await import(join(dist, 'src/directory/load-org-file.js'));
const { fixedClock } = await import(join(dist, 'src/shared/clock.js'));
const { seedDir } = await import(join(dist, 'scripts/seed/seed-school.js'));

const MiB = 1024 * 1024;
const databaseUrl = process.argv[2];
const summary = JSON.parse(await readFile(join(seedDir(databaseUrl), 'seed.json'), 'utf8'));
const config = await loadOrgFile(summary.orgFile);
const prisma = createPrisma(databaseUrl, { poolSize: 2 });
const gc = globalThis.gc ?? (() => {});
try {
  const directory = await loadDirectory(prisma, config);
  const now = new Date(summary.now);
  const week = weekContaining(now, config.org.timezone);
  const rollback = new Error('rollback');
  // read-only, but in a transaction as the schedule runs it (BaseContext.tx); rolled back all the same
  const build = async () => {
    let brief = '';
    await prisma
      .$transaction(async (tx) => {
        const ctx = { tx, orgId: config.org.id, timezone: config.org.timezone, directory, clock: fixedClock(now) };
        brief = await buildWeeklyBrief(ctx, SHIPPED_WORKFLOWS, week);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    return brief;
  };
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
  let started = performance.now();
  const brief = await build();
  const coldMs = performance.now() - started;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  started = performance.now();
  await build();
  const warmMs = performance.now() - started;
  const result = {
    coldMs,
    warmMs,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    rssBeforeMiB: rssBefore / MiB,
    heapDeltaMiB: (heapAfter - heapBefore) / MiB,
    heapBeforeMiB: heapBefore / MiB,
    heapPeakMiB: heapPeak / MiB,
    briefBytes: Buffer.byteLength(brief),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (process.env.BENCH_PRINT_BRIEF) process.stderr.write(`${brief}\n`);
} finally {
  await prisma.$disconnect();
}
