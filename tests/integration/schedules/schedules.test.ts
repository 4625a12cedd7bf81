import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startXiaoban } from '../../../src/app/start-xiaoban.js';
import { QUEUES } from '../../../src/queues/definitions.js';
import { schedulesOf } from '../../../src/schedules/schedule-names.js';
import { syncJobSchedulers } from '../../../src/schedules/schedule-queue.js';
import { fixedClock, offsetClock } from '../../../src/shared/clock.js';
import { startSimulatorService } from '../../browser/start-simulator-service.js';
import { TEST_REDIS_URL } from '../../support/services.js';
import { deliverScheduleJobs } from '../../support/schedule-helpers.js';
import { startTestService, testServiceOptions, type TestService } from '../../support/test-service.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

interface RunRow {
  schedule: string;
  periodKey: string;
  scheduledAt: Date;
  isLate: boolean;
}

describe('schedules', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(options: Parameters<typeof startTestService>[0]): Promise<TestService> {
    const t = await startTestService(options);
    cleanups.push(() => t.stop());
    return t;
  }
  const runs = (t: TestService, schedule: string): Promise<RunRow[]> =>
    t.db.prisma.$queryRaw<RunRow[]>`
      SELECT schedule, period_key AS "periodKey", scheduled_at AS "scheduledAt", is_late AS "isLate"
        FROM schedule_run WHERE schedule = ${schedule} ORDER BY scheduled_at`;
  const counter = async (t: TestService, name: string, labels: Record<string, string>): Promise<number> => {
    const metric = await t.service.metrics.registry.getSingleMetric(name)!.get();
    return metric.values
      .filter((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))
      .reduce((sum, value) => sum + value.value, 0);
  };

  it('runs a period once however often its job is delivered, and lists it in /admin/schedules', async () => {
    const t = await start({ clock: fixedClock(at('2026-12-04T16:05:30')) });
    // a fresh installation sends nothing late at its first start
    expect(await runs(t, 'weekly_brief')).toEqual([]);

    await deliverScheduleJobs(t, 'weekly_brief', 2);
    expect(await runs(t, 'weekly_brief')).toEqual([
      { schedule: 'weekly_brief', periodKey: '2026-W49', scheduledAt: at('2026-12-04T16:05:00'), isLate: false },
    ]);
    expect(await counter(t, 'xiaoban_schedule_runs_total', { schedule: 'weekly_brief', is_late: 'false' })).toBe(1);
    expect(await counter(t, 'xiaoban_schedule_duplicates_skipped_total', { schedule: 'weekly_brief' })).toBe(1);
    expect(await (await fetch(`${t.url}/metrics`)).text()).toContain(
      'xiaoban_schedule_duplicates_skipped_total{schedule="weekly_brief"} 1',
    );

    expect((await fetch(`${t.url}/admin/schedules`)).status).toBe(401);
    const response = await fetch(`${t.url}/admin/schedules`, {
      headers: { authorization: `Bearer ${t.env.ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const listed = (await response.json()) as { schedules: { schedule: string; [key: string]: unknown }[] };
    expect(listed.schedules.map((entry) => entry.schedule)).toEqual([
      'weekly_brief',
      'daily_seal_summary',
      'overdue_scan',
      'personal_digest',
      'approval_reminders',
      'timer_tick',
    ]);
    expect(listed.schedules[0]).toMatchObject({
      cron: '5 16 * * 5',
      dayRule: 'weekly',
      nextRun: { periodKey: '2026-W50', scheduledAt: at('2026-12-11T16:05:00').toISOString() },
      lastRun: { periodKey: '2026-W49', isLate: false, lateBySeconds: 30 },
      isDueNotRun: false,
    });
    expect(listed.schedules[1]).toMatchObject({ cron: '35 17 * * 1-5', firingCron: '35 17 * * *', isDueNotRun: true });
  });

  it('runs on a firing only the period it fired for: a weekly or working-days rule fires daily and finds nothing older', async () => {
    // a fresh installation on Tuesday: the brief's daily firing does not claim last week's brief
    const clock = fixedClock(at('2026-12-08T16:05:30'));
    const t = await start({ clock });
    await deliverScheduleJobs(t, 'weekly_brief', 1);
    expect(await runs(t, 'weekly_brief')).toEqual([]);
    // Saturday 08:25: the digest's firing finds Friday's a day old, and nothing due today
    clock.set(at('2026-12-12T08:25:30'));
    await deliverScheduleJobs(t, 'personal_digest', 1);
    expect(await runs(t, 'personal_digest')).toEqual([]);
    expect(await counter(t, 'xiaoban_schedule_duplicates_skipped_total', { schedule: 'weekly_brief' })).toBe(0);
  });

  it('sends the brief late at start when everything was down over Friday 16:05', async () => {
    const t = await start({ clock: fixedClock(at('2026-12-02T10:00:00')) });
    // it ran schedules before going down on Wednesday
    await t.db.prisma.$executeRaw`
      INSERT INTO schedule_run (org_id, schedule, period_key, scheduled_at, started_at, finished_at)
      VALUES (${t.service.orgs.defaultOrg().orgId}, 'timer_tick', '2026-12-02T10:00', ${at('2026-12-02T10:00:00')},
              ${at('2026-12-02T10:00:00')}, ${at('2026-12-02T10:00:01')})`;
    await t.service.stop();

    const metrics = testServiceOptions().metrics!;
    const restarted = await startXiaoban({
      env: t.env,
      clock: fixedClock(at('2026-12-04T18:00:00')),
      queuePrefix: t.queuePrefix,
      ...testServiceOptions(),
      metrics,
    });
    cleanups.push(() => restarted.stop());
    await restarted.startupCatchUp;
    expect(await runs(t, 'weekly_brief')).toEqual([
      { schedule: 'weekly_brief', periodKey: '2026-W49', scheduledAt: at('2026-12-04T16:05:00'), isLate: true },
    ]);
    expect((await runs(t, 'daily_seal_summary')).map((run) => [run.periodKey, run.isLate])).toEqual([
      ['2026-12-04', true],
    ]);
    const lateBriefs = (await metrics.scheduleRuns.get()).values.find(
      (value) => value.labels.schedule === 'weekly_brief' && value.labels.is_late === 'true',
    );
    expect(lateBriefs?.value).toBe(1);

    // a second start finds the brief sent and sends nothing again
    await restarted.stop();
    const again = await startXiaoban({
      env: t.env,
      clock: fixedClock(at('2026-12-04T18:30:00')),
      queuePrefix: t.queuePrefix,
      ...testServiceOptions(),
    });
    cleanups.push(() => again.stop());
    await again.startupCatchUp;
    expect(await runs(t, 'weekly_brief')).toHaveLength(1);
  });

  it('runs the brief of a week whose Friday is a holiday on the Thursday', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'xiaoban-schedules-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const orgFile = join(folder, 'org.yaml');
    const original = await readFile('config/org.yaml', 'utf8');
    expect(original).toContain('extra_holidays: []');
    await writeFile(orgFile, original.replace('extra_holidays: []', 'extra_holidays: [2026-12-04]'));

    const clock = fixedClock(at('2026-12-03T16:05:20'));
    const t = await start({ clock, envOverrides: { ORG_FILE: orgFile } });
    await deliverScheduleJobs(t, 'weekly_brief', 1);
    expect(await runs(t, 'weekly_brief')).toEqual([
      { schedule: 'weekly_brief', periodKey: '2026-W49', scheduledAt: at('2026-12-03T16:05:00'), isLate: false },
    ]);
    // Friday, the holiday, the firing finds the week's brief sent
    clock.set(at('2026-12-04T16:05:20'));
    await deliverScheduleJobs(t, 'weekly_brief', 1);
    expect(await runs(t, 'weekly_brief')).toHaveLength(1);
  });

  it('POST /simulator/api/clock moves the clock forward and what fell due runs once', async () => {
    const clock = offsetClock(fixedClock(at('2026-12-04T15:00:00')));
    const t = await startSimulatorService({ clock });
    cleanups.push(() => t.stop());
    const move = async (body: unknown) => {
      const response = await fetch(`${t.url}/simulator/api/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const shown = (await (await fetch(`${t.url}/simulator/api/clock`)).json()) as { jumps: { label: string }[] };
    expect(shown.jumps.map((jump) => jump.label)).toEqual([
      '+1 小时',
      '到 12-07 周一 08:25（待办汇总）',
      '到 12-04 周五 16:05（周报）',
      '+1 个工作日',
    ]);

    const moved = await move({ to: '2026-12-04T16:06:00+08:00' });
    expect(moved.status).toBe(200);
    expect(moved.body.now).toBe(at('2026-12-04T16:06:00').toISOString());
    expect(moved.body.ran).toContainEqual({ schedule: 'weekly_brief', periodKey: '2026-W49' });
    expect(await runs(t, 'weekly_brief')).toEqual([
      { schedule: 'weekly_brief', periodKey: '2026-W49', scheduledAt: at('2026-12-04T16:05:00'), isLate: true },
    ]);

    const later = await move({ advance_seconds: 3600 });
    expect(later.body.ran).not.toContainEqual(expect.objectContaining({ schedule: 'weekly_brief' }));
    expect(await runs(t, 'weekly_brief')).toHaveLength(1);

    const back = await move({ to: '2026-12-04T10:00:00+08:00' });
    expect(back.status).toBe(400);
    expect(clock.now()).toEqual(at('2026-12-04T17:06:00'));
    expect((await move({ advance_seconds: -5 })).status).toBe(400);
    expect((await move({ to: '9999-12-31T00:00:00Z' })).status).toBe(400);
  });

  it('keeps one job scheduler per schedule: a changed cron replaces its schedule, a dropped one goes', async () => {
    const t = await start({ clock: fixedClock(at('2026-12-02T10:00:00')) });
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.schedules.name, { connection, prefix: t.queuePrefix });
    cleanups.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    const org = t.service.orgs.defaultOrg();
    expect((await queue.getJobScheduler('demo:weekly_brief'))?.pattern).toBe('5 16 * * *');
    expect((await queue.getJobScheduler('demo:personal_digest'))?.tz).toBe('Asia/Shanghai');

    await queue.upsertJobScheduler('demo:retired_job', { pattern: '0 3 * * *' });
    const crons = { ...schedulesOf(org.directory.config), weekly_brief: '35 15 * * 4' };
    await syncJobSchedulers(queue, { orgId: org.orgId, timezone: org.timezone, crons });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key).sort()).toEqual(
      [
        'demo:approval_reminders',
        'demo:daily_seal_summary',
        'demo:overdue_scan',
        'demo:personal_digest',
        'demo:timer_tick',
        'demo:weekly_brief',
      ].sort(),
    );
    expect((await queue.getJobScheduler('demo:weekly_brief'))?.pattern).toBe('35 15 * * *');
  });
});
