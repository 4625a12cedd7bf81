import { afterEach, describe, expect, it } from 'vitest';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { spawnService, type SpawnedService } from '../support/spawn-service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, TEST_SECRET, type TestService } from '../support/test-service.js';
import { TEST_REDIS_URL } from '../support/services.js';

const SIMULATOR_PATHS = ['/simulator/', '/simulator/api/people', '/simulator/api/chat/chenhao'];

describe('the simulator exists only with the fake WeCom', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => console.error('cleanup failed', error));
    cleanups.length = 0;
  });

  async function statusesOf(baseUrl: string): Promise<number[]> {
    return Promise.all(SIMULATOR_PATHS.map(async (path) => (await fetch(baseUrl + path)).status));
  }

  it('a service started without it answers 404 for the page and its API, and refuses to be sent through it', async () => {
    const t: TestService = await startTestService({ envOverrides: { NODE_ENV: 'production' } });
    cleanups.push(() => t.stop());
    expect(await statusesOf(t.url)).toEqual([404, 404, 404]);
    const send = await fetch(`${t.url}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userId":"chenhao","content":"帮助"}',
    });
    expect(send.status).toBe(404);
    expect(t.fake.messages()).toEqual([]);
  });

  describe('npm start (src/main.ts)', () => {
    async function environment(overrides: Record<string, string>): Promise<Record<string, string>> {
      const db: TestDatabase = await createTestDatabase();
      const prefix = `xbsim-${process.pid}-${Date.now()}`;
      cleanups.push(
        () => db.drop(),
        () => deleteRedisPrefix(TEST_REDIS_URL, prefix),
      );
      return {
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        XIAOBAN_QUEUE_PREFIX: prefix,
        WECOM_CORP_ID: TEST_KEYS.corpId,
        WECOM_AGENT_ID: String(TEST_AGENT_ID),
        WECOM_SECRET: TEST_SECRET,
        WECOM_TOKEN: TEST_KEYS.token,
        WECOM_ENCODING_AES_KEY: TEST_KEYS.encodingAesKey,
        WECOM_API_BASE: 'http://127.0.0.1:9',
        LOG_LEVEL: 'warn',
        FAKE_WECOM_PORT: '0',
        ...overrides,
      };
    }

    it('in production mode it is never mounted: 404', async () => {
      const service: SpawnedService = await spawnService(
        await environment({ NODE_ENV: 'production', XIAOBAN_FAKE_WECOM: '0' }),
      );
      cleanups.push(() => service.kill('SIGTERM'));
      expect(await statusesOf(service.url)).toEqual([404, 404, 404]);
    });

    it('with XIAOBAN_FAKE_WECOM=1 it serves the page and the directory', async () => {
      const service: SpawnedService = await spawnService(
        await environment({ NODE_ENV: 'development', XIAOBAN_FAKE_WECOM: '1' }),
      );
      cleanups.push(() => service.kill('SIGTERM'));
      const page = await fetch(`${service.url}/simulator/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('企业微信模拟器');
      const people = (await (await fetch(`${service.url}/simulator/api/people`)).json()) as {
        people: { userId: string; name: string }[];
      };
      expect(people.people).toContainEqual(expect.objectContaining({ userId: 'chenhao', name: '陈浩' }));
    });
  });
});
