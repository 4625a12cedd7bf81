import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMsgId, signCallback, textMessageXml } from '../../src/gateway/build-callback.js';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { spawnService, spawnedServiceEnv, type SpawnedService } from '../support/spawn-service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET } from '../support/test-service.js';

/** The real process at its most talkative (LOG_LEVEL=trace): secrets never reach its output, and SIGTERM stops it cleanly. */
describe('the running service, as an operator sees its logs', () => {
  let db: TestDatabase;
  let fake: FakeWecom;
  let service: SpawnedService;
  const queuePrefix = `xbt-logs-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
    service = await spawnService(
      spawnedServiceEnv({ databaseUrl: db.url, wecomApiBase: fake.url, queuePrefix, logLevel: 'trace' }),
    );
  });
  afterAll(async () => {
    await service?.kill();
    await fake?.close();
    await db?.drop();
    await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
  });

  async function post(path: string, body: string): Promise<number> {
    return (await fetch(service.url + path, { method: 'POST', body })).status;
  }

  it('logs no secret, token, key or message text while it fetches a token, replies, refuses a forgery and retries WeCom', async () => {
    const content = '我的待办';
    const xml = textMessageXml({
      corpId: TEST_KEYS.corpId,
      from: 'chenhao',
      content,
      msgId: newMsgId(),
      createTime: Math.floor(Date.now() / 1000),
      agentId: TEST_AGENT_ID,
    });
    fake.injectFault({ path: '/cgi-bin/message/send', httpStatus: 502, times: 1 });
    const signed = signCallback(TEST_KEYS, xml);
    expect(await post(signed.path, signed.body)).toBe(200);
    const forged = signed.path.replace(
      /msg_signature=([0-9a-f])/,
      (_match, first: string) => `msg_signature=${first === '0' ? '1' : '0'}`,
    );
    expect(await post(forged, signed.body)).toBe(401);
    const deadline = Date.now() + 10_000;
    while (fake.messages({ toUser: 'chenhao' }).length === 0) {
      if (Date.now() > deadline) throw new Error(`no reply:\n${service.output()}`);
      await sleep(50);
    }
    await sleep(300);

    const redis = new Redis(TEST_REDIS_URL);
    const accessToken = await redis.get(`${queuePrefix}:wecom:token:${TEST_KEYS.corpId}:${TEST_AGENT_ID}`);
    redis.disconnect();
    expect(accessToken).toBeTruthy();

    const logs = service.output();
    expect(logs).toMatch(/callback refused/); // it did log, at trace level
    for (const secret of [TEST_SECRET, TEST_KEYS.token, TEST_KEYS.encodingAesKey, accessToken!, content]) {
      expect(logs, `the logs contain ${secret}`).not.toContain(secret);
    }
  });

  it('stops on SIGTERM in order and exits 0', async () => {
    const started = Date.now();
    await service.kill('SIGTERM');
    expect(service.child.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(service.output()).toMatch(/shutting down/);
  });
});
