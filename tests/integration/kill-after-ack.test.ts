import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startXiaoban, type RunningXiaoban } from '../../src/app/start-xiaoban.js';
import type { Env } from '../../src/config/env.js';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { newMsgId, signCallback, textMessageXml } from '../../src/gateway/build-callback.js';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { spawnService, spawnedServiceEnv, type SpawnedService } from '../support/spawn-service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET, testServiceOptions, textOf } from '../support/test-service.js';

/** Twenty people from config/org.yaml, one callback each, so a second reply to anyone is a duplicate. */
const SENDERS = [
  'zhaoli',
  'zhoumin',
  'sunwei',
  'qianjun',
  'wujing',
  'wangfang',
  'liuqiang',
  'yangxue',
  'zhuhong',
  'majie',
  'zhengyan',
  'lvxiao',
  'lihua',
  'chenhao',
  'zhangyan',
  'liuyang',
  'fengtao',
  'caiyun',
  'hejun',
  'dengchao',
];

type Outcome = { from: string; status: number } | { from: string; error: string };

/** POSTs one signed callback on a connection of its own; calls `onStatus` the moment the status line is in. */
function postCallback(baseUrl: string, from: string, onStatus: (status: number) => void): Promise<Outcome> {
  const now = Math.floor(Date.now() / 1000);
  const xml = textMessageXml({
    corpId: TEST_KEYS.corpId,
    from,
    content: '我的待办',
    msgId: newMsgId(),
    createTime: now,
    agentId: TEST_AGENT_ID,
  });
  const signed = signCallback(TEST_KEYS, xml, { timestamp: now });
  return new Promise((resolve) => {
    const req = request(
      `${baseUrl}${signed.path}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'text/xml' } },
      (res) => {
        onStatus(res.statusCode ?? 0);
        res.resume();
        // The status line is what WeCom acts on; a body cut off by the kill does not change it.
        res.on('close', () => resolve({ from, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (error) => resolve({ from, error: error.message }));
    req.end(signed.body);
  });
}

async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('an event acknowledged to WeCom survives kill -9 right after the 200', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    // Last started, first stopped; every step runs even if one fails.
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => console.error('cleanup failed', error));
    cleanups.length = 0;
  });

  it('every callback that got a 200 from the killed web process is answered exactly once by a worker started afterwards', async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    const fake: FakeWecom = await startFakeWecom({
      port: 0,
      corpId: TEST_KEYS.corpId,
      secret: TEST_SECRET,
      agentId: TEST_AGENT_ID,
    });
    cleanups.push(() => fake.close());
    const queuePrefix = `xbt-kill-${randomBytes(4).toString('hex')}`;
    cleanups.push(() => deleteRedisPrefix(TEST_REDIS_URL, queuePrefix));

    const env = spawnedServiceEnv({ databaseUrl: db.url, wecomApiBase: fake.url, queuePrefix });
    const web: SpawnedService = await spawnService({ ...env, XIAOBAN_ROLE: 'web' });
    cleanups.push(() => web.kill());
    // Warm its PostgreSQL pool and Redis connection, so the callbacks race each other and not the start-up.
    expect((await fetch(`${web.url}/readyz`)).status).toBe(200);

    // Fire every callback at once; the first 200 kills the web process on the spot.
    let killedAtFirst200 = false;
    const outcomes = await Promise.all(
      SENDERS.map((from) =>
        postCallback(web.url, from, (status) => {
          if (status === 200 && !killedAtFirst200) {
            killedAtFirst200 = true;
            web.child.kill('SIGKILL');
          }
        }),
      ),
    );
    await web.kill();
    expect(
      killedAtFirst200,
      `no callback got a 200 before the kill: ${JSON.stringify(outcomes)}\n${web.output()}`,
    ).toBe(true);
    expect(web.child.signalCode).toBe('SIGKILL');
    const acknowledged = outcomes
      .filter((outcome) => 'status' in outcome && outcome.status === 200)
      .map((outcome) => outcome.from);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Nothing has answered anyone yet: the web process never talks to WeCom.
    expect(fake.messages()).toHaveLength(0);

    // Now the worker side comes up against the same database and Redis prefix.
    const worker: RunningXiaoban = await startXiaoban({
      env: Object.freeze({
        ...env,
        WECOM_AGENT_ID: TEST_AGENT_ID,
        PORT: 0,
        XIAOBAN_ROLE: 'worker',
        WECOM_REPLAY_WINDOW_SECONDS: 300,
        TZ_DEFAULT: 'Asia/Shanghai',
        LOG_LEVEL: 'silent',
        XIAOBAN_FAKE_WECOM: '0',
      } as Env),
      ...testServiceOptions(),
      queuePrefix,
    });
    cleanups.push(() => worker.stop());

    await waitUntil(
      'a reply to every acknowledged callback',
      () => (acknowledged.every((from) => fake.messages({ toUser: from }).length > 0) ? true : undefined),
      15_000,
    );
    // Let anything that was going to be sent twice arrive: no inbound or outbox work left in flight.
    await waitUntil(
      'every inbound event processed and every outbox row sent',
      async () => {
        const open = await db.prisma.inboundEvent.count({ where: { status: { not: 'processed' } } });
        const unsent = await db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } });
        return open === 0 && unsent === 0 ? true : undefined;
      },
      10_000,
    );
    await sleep(300);

    for (const from of acknowledged) {
      const replies = fake.messages({ toUser: from });
      expect(replies.map(textOf), `replies to ${from}`).toEqual(['您目前没有待办事项。']);
      expect(replies[0]!.isDelivered).toBe(true);
    }
    // Callbacks cut off before their 200 may or may not have been recorded; if one was, it is answered once too.
    for (const from of SENDERS)
      expect(fake.messages({ toUser: from }).length, `replies to ${from}`).toBeLessThanOrEqual(1);
    const events = await db.prisma.inboundEvent.findMany({ select: { fromUserId: true, status: true } });
    expect(events.map((event) => event.fromUserId)).toEqual(expect.arrayContaining(acknowledged));
    expect(new Set(events.map((event) => event.status))).toEqual(new Set(['processed']));
  });
});
