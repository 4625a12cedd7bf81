import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMsgId, signCallback, textMessageXml } from '../../src/gateway/build-callback.js';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { deleteRedisPrefix, freePort } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { spawnService, spawnedServiceEnv } from '../support/spawn-service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, TEST_SECRET } from '../support/test-service.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `npm start`'s command until it exits by itself; resolves with its exit code and output. */
function runUntilExit(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string; elapsedMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, elapsedMs: Date.now() - started });
    });
  });
}

describe('starting the real process (issue 7)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('stops with one line naming REDIS_URL when Redis does not answer', async () => {
    const nobody = await freePort();
    const env = {
      ...spawnedServiceEnv({ databaseUrl: db.url, wecomApiBase: 'http://127.0.0.1:9', queuePrefix: 'xbt-noredis' }),
      REDIS_URL: `redis://127.0.0.1:${nobody}`,
      XIAOBAN_ROLE: 'worker',
    };
    const run = await runUntilExit(env, 15_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^xiaoban: cannot start: REDIS_URL: Redis at 127\\.0\\.0\\.1:${nobody} does not answer`),
      ),
    ]);
  });

  it('stops with one line naming XIAOBAN_QUEUE_PREFIX when a running process of another database uses it', async () => {
    const running = await startTestService();
    try {
      const env = spawnedServiceEnv({
        databaseUrl: db.url,
        wecomApiBase: running.fake.url,
        queuePrefix: running.queuePrefix,
      });
      const run = await runUntilExit(env, 15_000);
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^xiaoban: cannot start: XIAOBAN_QUEUE_PREFIX "xbt-[0-9a-f]+" is in use on this Redis by processes of another database/,
        ),
      ]);
    } finally {
      await running.stop();
    }
  });
});

describe('stopping the real process while WeCom hangs (issue 7)', () => {
  let db: TestDatabase;
  let fake: FakeWecom;
  const queuePrefix = `xbt-hang-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
    await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
  });

  it("exits 0 within Docker's 10 s grace, leaving the message to be resent", async () => {
    const service = await spawnService(spawnedServiceEnv({ databaseUrl: db.url, wecomApiBase: fake.url, queuePrefix }));
    fake.injectFault({ path: '/cgi-bin/message/send', latencyMs: 30_000 });
    const xml = textMessageXml({
      corpId: TEST_KEYS.corpId,
      from: 'chenhao',
      content: '帮助',
      msgId: newMsgId(),
      createTime: Math.floor(Date.now() / 1000),
      agentId: TEST_AGENT_ID,
    });
    const signed = signCallback(TEST_KEYS, xml);
    expect((await fetch(service.url + signed.path, { method: 'POST', body: signed.body })).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while ((await db.prisma.outboxMessage.findFirst({ where: { toUserId: 'chenhao' } }))?.status !== 'sending') {
      if (Date.now() > deadline) throw new Error(`the reply never started sending: ${service.output()}`);
      await sleep(50);
    }

    const stopping = Date.now();
    await service.kill('SIGTERM');
    expect(service.child.exitCode).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect((await db.prisma.outboxMessage.findFirstOrThrow({ where: { toUserId: 'chenhao' } })).status).toBe('sending');
  });
});

describe('reloading the organisation file (issue 7)', () => {
  it('takes its new time zone too', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'xiaoban-tz-'));
    const orgFile = join(folder, 'org.yaml');
    await writeFile(orgFile, await readFile('config/org.yaml', 'utf8'));
    const t = await startTestService({ envOverrides: { ORG_FILE: orgFile } });
    try {
      expect(t.service.orgs.defaultOrg().timezone).toBe('Asia/Shanghai');
      await writeFile(
        orgFile,
        (await readFile(orgFile, 'utf8')).replace('timezone: Asia/Shanghai', 'timezone: Asia/Urumqi'),
      );
      await t.service.reloadDirectory();
      expect(t.service.orgs.defaultOrg().timezone).toBe('Asia/Urumqi');
    } finally {
      await t.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
