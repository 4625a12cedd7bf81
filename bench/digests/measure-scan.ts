import { Prisma } from '../../src/db/prisma.js';
import { dueWorkItemsQuery } from '../../src/schedules/jobs/overdue-items-query.js';
import { planOverdueScan } from '../../src/schedules/jobs/overdue-scan.js';
import { inRolledBackTransaction, type SeededDatabase } from './seeded-context.js';
import { spreadOf, type Spread } from './stats.js';

export interface ScanMeasurement {
  label: string;
  now: string;
  /** every row of work_item, open or done */
  workItems: number;
  /** open holder items past their due at `now` */
  overdueRows: number;
  /** what the scan's query returns: overdue plus due by the end of the next working day */
  rowsRead: number;
  plannedMessages: number;
  ms: Spread;
  /** the median divided by the rows read: flat when the cost follows the rows, not the table */
  msPerRowRead: number;
  /** the query alone, from EXPLAIN ANALYZE: its execution time and the shared buffers it touched */
  queryMs: number;
  queryBuffers: number;
}

/**
 * planOverdueScan at `now`, `runs` times, each in a transaction rolled back afterwards (the scan
 * records its reminders, and a second run the same day would otherwise plan nothing). The first,
 * unmeasured run warms the caches and the JIT.
 */
export async function measureScan(
  seeded: SeededDatabase,
  label: string,
  now: Date,
  runs: number,
): Promise<ScanMeasurement> {
  const counts = await seeded.prisma.$queryRaw<{ total: bigint; overdue: bigint }[]>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE done_at IS NULL AND due_at IS NOT NULL AND due_at < ${now} AND role = 'holder') AS overdue
      FROM work_item`;
  const horizon = horizonOf(seeded, now);
  const [read] = await seeded.prisma.$queryRaw<{ count: bigint }[]>(
    Prisma.sql`SELECT count(*) AS count FROM (${dueWorkItemsQuery(seeded.directory.orgId, horizon)}) AS due`,
  );
  const scan = () => inRolledBackTransaction(seeded.prisma, (tx) => planOverdueScan(seeded.context(tx, now)));
  const planned = await scan();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await scan();
    times.push(performance.now() - started);
  }
  const plan = await explainScanQuery(seeded, now);
  const ms = spreadOf(times);
  return {
    label,
    now: now.toISOString(),
    workItems: Number(counts[0]!.total),
    overdueRows: Number(counts[0]!.overdue),
    rowsRead: Number(read!.count),
    plannedMessages: planned.length,
    ms,
    msPerRowRead: ms.median / Math.max(1, Number(read!.count)),
    queryMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    queryBuffers: Number(
      /Buffers: shared hit=(\d+)(?: read=(\d+))?/
        .exec(plan)
        ?.slice(1, 3)
        .reduce((sum, n) => sum + Number(n ?? 0), 0) ?? NaN,
    ),
  };
}

/** The scan's own horizon (overdue-scan.ts): the end of the next working day. */
export function horizonOf(seeded: SeededDatabase, now: Date): Date {
  const calendar = seeded.directory.calendar;
  return calendar.endOfWorkingDay(calendar.dayOf(calendar.addWorkingDays(now, 1)));
}

/** EXPLAIN (ANALYZE, BUFFERS) of the scan's query (overdue-items-query.ts) as PostgreSQL runs it. */
export async function explainScanQuery(seeded: SeededDatabase, now: Date): Promise<string> {
  const query = dueWorkItemsQuery(seeded.directory.orgId, horizonOf(seeded, now));
  const rows = await seeded.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
    Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}
