import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom } from '../../../src/fake-wecom/server.js';
import { QUEUES } from '../../../src/queues/definitions.js';
import { nextDuePeriod } from '../../../src/schedules/schedule-periods.js';
import { scheduleTiming } from '../../../src/schedules/schedule-timing.js';
import { createWorkingCalendar } from '../../../src/shared/working-calendar/index.js';
import { deleteRedisPrefix, freePort } from '../../support/redis-server.js';
import { TEST_REDIS_URL } from '../../support/services.js';
import { spawnService, spawnedServiceEnv, type SpawnedService } from '../../support/spawn-service.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET } from '../../support/test-service.js';

/**
 * Issue 11's done-when: three real service processes of one deployment, one Friday 16:05 → one run
 * of the weekly brief. Each runs the demo clock (XIAOBAN_FAKE_WECOM=1), all three are moved past
 * the next Friday 16:05 at once, and the brief's job is delivered to the shared queue again and
 * again: every process tries the period, one claims it.
 */
describe('three processes and one Friday 16:05', () => {
  let db: TestDatabase;
  let fake: FakeWecom;
  let services: SpawnedService[] = [];
  const queuePrefix = `xbt-sched-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
    const env = spawnedServiceEnv({ databaseUrl: db.url, wecomApiBase: fake.url, queuePrefix, logLevel: 'info' });
    const started = await Promise.allSettled(
      [0, 1, 2].map(async () =>
        // three tsx processes compiling at once on a shared machine can take a while to answer
        spawnService(
          { ...env, XIAOBAN_FAKE_WECOM: '1', FAKE_WECOM_PORT: String(await freePort()) },
          { startTimeoutMs: 60_000 },
        ),
      ),
    );
    services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }, 90_000);
  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await fake?.close();
    await db?.drop();
    await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
  });

  const sumOf = (metricsText: string, line: string): number =>
    metricsText
      .split('\n')
      .filter((row) => row.startsWith(line))
      .reduce((sum, row) => sum + Number(row.slice(line.length).trim()), 0);

  it('runs the weekly brief exactly once', async () => {
    const calendar = createWorkingCalendar({
      calendar: { extraHolidays: [], extraWorkdays: [], closures: [], holidays: {} },
      timezone: 'Asia/Shanghai',
    });
    const friday = nextDuePeriod(scheduleTiming('5 16 * * 5'), calendar, new Date())!;
    const to = new Date(friday.scheduledAt.getTime() + 60_000).toISOString();

    // all three clocks past 16:05 at once: each catches up what fell due
    const moves = await Promise.all(
      services.map((service) =>
        fetch(`${service.url}/simulator/api/clock`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to }),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as { ran: unknown[] } })),
      ),
    );
    expect(moves.map((move) => move.status)).toEqual([200, 200, 200]);
    const claimedBy = moves.filter((move) =>
      move.body.ran.some((run) => (run as { schedule: string }).schedule === 'weekly_brief'),
    );
    expect(claimedBy).toHaveLength(1);

    // and the job delivered six more times, to whichever process takes it
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.schedules.name, { connection, prefix: queuePrefix });
    try {
      const jobs = await queue.addBulk(
        Array.from({ length: 6 }, () => ({ name: 'weekly_brief', data: { orgId: 'demo', schedule: 'weekly_brief' } })),
      );
      const deadline = Date.now() + 15_000;
      for (;;) {
        const states = await Promise.all(jobs.map((job) => queue.getJobState(job.id!)));
        if (states.every((state) => state === 'completed')) break;
        if (Date.now() > deadline) throw new Error(`jobs did not complete: ${states.join(', ')}`);
        await sleep(50);
      }
    } finally {
      await queue.close();
      connection.disconnect();
    }

    const rows = await db.prisma.$queryRaw<{ periodKey: string; isLate: boolean }[]>`
      SELECT period_key AS "periodKey", is_late AS "isLate" FROM schedule_run WHERE schedule = 'weekly_brief'`;
    expect(rows).toEqual([{ periodKey: friday.periodKey, isLate: true }]);

    const texts = await Promise.all(services.map(async (service) => (await fetch(`${service.url}/metrics`)).text()));
    const all = texts.join('\n');
    expect(sumOf(all, 'xiaoban_schedule_runs_total{schedule="weekly_brief",is_late="true"}')).toBe(1);
    // the six deliveries (and the clocks' catch-up that lost the race, if any) found it taken
    expect(sumOf(all, 'xiaoban_schedule_duplicates_skipped_total{schedule="weekly_brief"}')).toBeGreaterThanOrEqual(6);

    // what a leader gets: one brief each, whichever process built it (each process talks to a fake
    // WeCom of its own in demo mode, so the outbox is where all three meet)
    const briefs = await db.prisma.$queryRaw<{ to: string; count: bigint }[]>`
      SELECT to_userid AS "to", count(*) AS count FROM outbox_message
       WHERE body::text LIKE '%每周工作简报%' AND to_userid IN ('zhaoli', 'zhoumin', 'wangfang')
       GROUP BY to_userid ORDER BY to_userid`;
    expect(briefs.map((row) => [row.to, Number(row.count)])).toEqual([
      ['wangfang', 1],
      ['zhaoli', 1],
      ['zhoumin', 1],
    ]);
  });
});
