// npm run bench:digests [-- --people 2000 --items 100000 --runs 5 --reseed --now ISO | --quick]: the weekly brief and the
// overdue scan on a seeded school (scripts/seed-load.ts). Seeds xiaoban_seed (and a small
// xiaoban_seed_small with as many overdue rows) when they are missing or of another size.
// Figures and method: docs/PERFORMANCE.md, "Digests at scale".
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { itemCount, seedSchool, type SeedSummary } from '../scripts/seed/seed-school.js';
import type { BriefChildResult } from './digests/brief-result.js';
import { explainScanQuery, measureScan, type ScanMeasurement } from './digests/measure-scan.js';
import { openSeeded, readSeedSummary } from './digests/seeded-context.js';
import { describeSpread, spreadOf } from './digests/stats.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    items: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    reseed: { type: 'boolean', default: false },
    // the seeded year's end; default the latest Friday (the brief's day, "5 16 * * 5"), so the
    // brief's week holds four days of work and not the few hours of a Monday morning
    now: { type: 'string' },
    // npm run bench passes its flags to every scenario: --quick is a smaller school, --cpu-prof is not ours
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const people = values.quick ? 500 : Number(values.people);
const items = values.quick ? 10_000 : Number(values.items);
const runs = values.quick ? 3 : Number(values.runs);
const server = process.env.BENCH_PG_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
const projectRoot = join(import.meta.dirname, '..');
const DAY = 86_400_000;
const seedNow = values.now ? new Date(values.now) : latestFriday(new Date());
/** targets of issue 11 */
const BRIEF_TARGET_MS = 3000;
const BRIEF_TARGET_MIB = 256;

/** The seed at `url` of this size, seeding it (fresh) when it is missing or of another size. */
async function ensureSeeded(
  url: string,
  size: { people: number; items: number; overdue?: number },
): Promise<SeedSummary> {
  const known = await readSeedSummary(url);
  const fits =
    known &&
    known.people === size.people &&
    itemCount(known) === size.items &&
    (size.overdue === undefined || known.overdueItems === size.overdue);
  if (fits && !values.reseed) return known;
  console.log(`seeding ${url} (${size.people} people, ${size.items} items)…`);
  return seedSchool({ databaseUrl: url, fresh: true, now: seedNow, ...size });
}

/** 16:05 on the latest Friday at or before `at` in the seed's time zone (Asia/Shanghai, UTC+8, no DST). */
function latestFriday(at: Date): Date {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  local.setUTCHours(16, 5, 0, 0);
  while (local.getUTCDay() !== 5 || local.getTime() - 8 * 3_600_000 > at.getTime())
    local.setTime(local.getTime() - DAY);
  return new Date(local.getTime() - 8 * 3_600_000);
}

async function briefInChild(url: string): Promise<BriefChildResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', 'bench/digests/brief-child.mjs', url],
    { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as BriefChildResult;
}

// the default size is the database seed:load fills by default; other sizes get their own, so a quick run keeps it
const isDefaultSize = people === 2000 && items === 100_000;
const mainName = isDefaultSize ? 'xiaoban_seed' : `xiaoban_seed_p${people}_i${items}`;
const mainUrl = `${server}/${mainName}`;

// the brief is measured as the compiled build runs it (tsx's compiler alone holds ~100 MiB); built
// every time, as bench/startup.ts does when it is missing, so the figure is never of stale code
console.log('building dist/ (npm run build)…');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
const main = await ensureSeeded(mainUrl, { people, items });
const small = await ensureSeeded(`${server}/${mainName}_small`, {
  people,
  items: Math.round(items / 10),
  overdue: main.overdueItems,
});

console.log(`\n## Weekly brief on ${main.people} people, ${itemCount(main)} items (${runs} processes)`);
const briefs: BriefChildResult[] = [];
for (let run = 0; run < runs; run += 1) briefs.push(await briefInChild(mainUrl));
const brief = {
  coldMs: spreadOf(briefs.map((each) => each.coldMs)),
  warmMs: spreadOf(briefs.map((each) => each.warmMs)),
  peakRssMiB: spreadOf(briefs.map((each) => each.peakRssMiB)),
  rssBeforeMiB: spreadOf(briefs.map((each) => each.rssBeforeMiB)),
  heapDeltaMiB: spreadOf(briefs.map((each) => each.heapDeltaMiB)),
  heapBeforeMiB: spreadOf(briefs.map((each) => each.heapBeforeMiB)),
  heapPeakMiB: spreadOf(briefs.map((each) => each.heapPeakMiB)),
  briefBytes: briefs[0]!.briefBytes,
};
console.log(`build, first in a process: ${describeSpread(brief.coldMs, 'ms')}`);
console.log(`build, second:             ${describeSpread(brief.warmMs, 'ms')}`);
console.log(
  `peak RSS of the process:   ${describeSpread(brief.peakRssMiB, 'MiB')} (before the build ${describeSpread(brief.rssBeforeMiB, 'MiB')})`,
);
console.log(
  `heap peak during build:    ${describeSpread(brief.heapPeakMiB, 'MiB', 1)} (before ${describeSpread(brief.heapBeforeMiB, 'MiB', 1)})`,
);
console.log(`heap retained (delta):     ${describeSpread(brief.heapDeltaMiB, 'MiB', 2)}`);
console.log(`brief: ${brief.briefBytes} bytes`);
const briefMet = brief.coldMs.max < BRIEF_TARGET_MS && brief.peakRssMiB.max < BRIEF_TARGET_MIB;
console.log(`target < ${BRIEF_TARGET_MS} ms and < ${BRIEF_TARGET_MIB} MiB: ${briefMet ? 'met' : 'MISSED'}`);

console.log(`\n## Overdue scan (${runs} runs each, rolled back)`);
const mainDb = await openSeeded(main);
const smallDb = await openSeeded(small);
const mainNow = new Date(main.now);
// later by two weeks: the same table, the deadlines of the coming fortnight now past as well
let laterNow = new Date(mainNow.getTime() + 14 * DAY);
while (!mainDb.directory.calendar.countsForDeadlines(mainDb.directory.calendar.dayOf(laterNow)))
  laterNow = new Date(laterNow.getTime() + DAY);
const scans: ScanMeasurement[] = [];
try {
  scans.push(await measureScan(smallDb, 'small table, same overdue', new Date(small.now), runs));
  scans.push(await measureScan(mainDb, 'full table', mainNow, runs));
  scans.push(await measureScan(mainDb, 'full table, two weeks later', laterNow, runs));
  for (const scan of scans)
    console.log(
      `${scan.label.padEnd(28)} work_item ${scan.workItems} rows, overdue ${scan.overdueRows}, read ${scan.rowsRead}, ` +
        `planned ${scan.plannedMessages} messages: ${describeSpread(scan.ms, 'ms', 1)}; ` +
        `${scan.msPerRowRead.toFixed(2)} ms per row read; the query alone ${scan.queryMs} ms, ${scan.queryBuffers} buffers`,
    );
  const plan = await explainScanQuery(mainDb, mainNow);
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the scan's query at ${main.now}:\n${plan}`);
  const outDir = join(projectRoot, 'tmp/bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(
    join(outDir, 'digests.json'),
    `${JSON.stringify({ at: new Date().toISOString(), main, small, brief, briefs, scans, plan }, null, 2)}\n`,
  );
  console.log(`\nfigures: tmp/bench/digests.json`);
  process.exitCode = briefMet ? 0 : 1;
} finally {
  await mainDb.close();
  await smallDb.close();
}
