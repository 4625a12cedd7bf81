import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/queues/definitions.js';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

const SENDERS = ['chenhao', 'lihua', 'zhangyan'];

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Every sender says 帮助 and gets exactly one reply. */
async function everyoneIsAnswered(t: TestService): Promise<void> {
  const before = new Map(SENDERS.map((user) => [user, t.fake.messages({ toUser: user }).length]));
  for (const user of SENDERS) expect(await t.sendText(user, '帮助')).toBe(200);
  for (const user of SENDERS) await t.waitForMessages(user, 1, { since: before.get(user)! });
  await t.quiesce();
  for (const user of SENDERS) expect(t.fake.messages({ toUser: user }).length - before.get(user)!).toBe(1);
}

describe('one Redis and one queue prefix, shared by databases over time (issue 7)', () => {
  const prefix = `xbt-shared-${randomBytes(4).toString('hex')}`;
  const started: TestService[] = [];
  afterEach(async () => {
    for (const t of started.splice(0)) await t.stop({ keepRedisKeys: true });
    await deleteRedisPrefix(TEST_REDIS_URL, prefix);
  });

  it('a service on a second database processes every callback although the first left its jobs under the same row ids', async () => {
    const first = await startTestService({ queuePrefix: prefix });
    await everyoneIsAnswered(first);
    // As after `npm run demo` once the demo database was re-created: the old jobs stay in Redis.
    await first.stop({ keepRedisKeys: true });

    const second = await startTestService({ queuePrefix: prefix });
    started.push(second);
    await everyoneIsAnswered(second);

    // While it runs, a third database is refused the prefix instead of sharing its jobs.
    await expect(startTestService({ queuePrefix: prefix })).rejects.toThrow(
      /^XIAOBAN_QUEUE_PREFIX "xbt-shared-[0-9a-f]+" is in use on this Redis by processes of another database \(127\.0\.0\.1:5432\/xiaoban_t_[0-9a-f]+, instance [0-9a-f-]{36}\)/,
    );
  });
});

describe('the database cut while an event is processed (issue 7)', () => {
  let t: TestService | undefined;
  let proxy: TcpProxy | undefined;
  let holder: pg.Client | undefined;
  afterEach(async () => {
    await holder?.end().catch(() => undefined);
    proxy?.restore();
    await t?.stop();
    await proxy?.close();
  });

  it('the event whose attempts all failed while the database was away is processed once when it is back', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    const viaProxy = (url: string): string => url.replace('127.0.0.1:5432', `127.0.0.1:${proxy!.port}`);
    t = await startTestService({
      databaseUrlFor: viaProxy,
      overrides: { strandedIntervalMs: 300, strandedAfterMs: 0 },
    });
    const service = t;

    // Hold chenhao's per-sender lock so that the worker is inside the event's transaction when the cut comes.
    holder = new pg.Client({ connectionString: service.db.url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(hashtext('demo:chenhao'))");
    const before = service.fake.messages({ toUser: 'chenhao' }).length;
    expect(await service.sendText('chenhao', '我的待办')).toBe(200);
    await until('the worker to wait on the lock', async () => {
      const waiting = await holder!.query(
        "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'",
      );
      return (waiting.rowCount ?? 0) > 0;
    });

    proxy.cut();
    await holder.query("SELECT pg_advisory_unlock(hashtext('demo:chenhao'))");
    // Every attempt fails, and so does recording the failure: the row stays queued with a failed job.
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const inbound = new Queue(QUEUES.inbound.name, { connection: redis, prefix: service.queuePrefix });
    try {
      await until(
        'the job to fail its attempts',
        async () => ((await inbound.getJobCounts('failed')).failed ?? 0) >= 1,
      );
    } finally {
      await inbound.close();
      redis.disconnect();
    }
    const stuck = await service.db.prisma.inboundEvent.findFirstOrThrow({ where: { fromUserId: 'chenhao' } });
    expect(stuck.status).toBe('queued');
    expect(service.fake.messages({ toUser: 'chenhao' })).toHaveLength(before);

    proxy.restore();
    const [reply] = await service.waitForMessages('chenhao', 1, { since: before, timeoutMs: 20_000 });
    expect(textOf(reply!)).toBe('您目前没有待办事项。');
    await service.quiesce();
    expect(service.fake.messages({ toUser: 'chenhao' })).toHaveLength(before + 1);
    expect((await service.db.prisma.inboundEvent.findFirstOrThrow({ where: { id: stuck.id } })).status).toBe(
      'processed',
    );
  });
});
