import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMsgId, signCallback, textMessageXml } from '../../src/gateway/build-callback.js';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { spawnService, spawnedServiceEnv, type SpawnedService } from '../support/spawn-service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET, textOf } from '../support/test-service.js';

/** The org file is re-read on SIGHUP, by the real process; a broken file is refused and the old one kept. */
describe('reloading the organisation file on SIGHUP', () => {
  let db: TestDatabase;
  let fake: FakeWecom;
  let service: SpawnedService;
  let folder: string;
  let orgFile: string;
  const queuePrefix = `xbt-hup-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
    folder = await mkdtemp(join(tmpdir(), 'xiaoban-org-'));
    orgFile = join(folder, 'org.yaml');
    await writeFile(orgFile, await readFile('config/org.yaml', 'utf8'));
    service = await spawnService(
      spawnedServiceEnv({ databaseUrl: db.url, wecomApiBase: fake.url, queuePrefix, orgFile, logLevel: 'info' }),
    );
  });
  afterAll(async () => {
    await service?.kill('SIGTERM');
    await fake?.close();
    await db?.drop();
    await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
    await rm(folder, { recursive: true, force: true });
  });

  async function say(from: string, content: string): Promise<string> {
    const before = fake.messages({ toUser: from }).length;
    const xml = textMessageXml({
      corpId: TEST_KEYS.corpId,
      from,
      content,
      msgId: newMsgId(),
      createTime: Math.floor(Date.now() / 1000),
      agentId: TEST_AGENT_ID,
    });
    const signed = signCallback(TEST_KEYS, xml);
    expect((await fetch(service.url + signed.path, { method: 'POST', body: signed.body })).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (fake.messages({ toUser: from }).length === before) {
      if (Date.now() > deadline) throw new Error(`no reply to ${from}:\n${service.output()}`);
      await sleep(50);
    }
    return textOf(fake.messages({ toUser: from })[before]!);
  }

  async function waitForLog(pattern: RegExp): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!pattern.test(service.output())) {
      if (Date.now() > deadline) throw new Error(`the service never logged ${pattern}:\n${service.output()}`);
      await sleep(50);
    }
  }

  it('a person added to the file is known after SIGHUP, without a restart', async () => {
    expect(await say('xinlaoshi', '我的待办')).toContain('还不在示范中学校办助手的通讯录中');
    const text = await readFile(orgFile, 'utf8');
    await writeFile(
      orgFile,
      text.replace(
        /^people:\n/m,
        'people:\n  - { userid: xinlaoshi, name: 辛老师, departments: [academic], roles: [staff] }\n',
      ),
    );
    service.child.kill('SIGHUP');
    await waitForLog(/directory reloaded/);
    expect(await say('xinlaoshi', '我的待办')).toBe('您目前没有待办事项。');
  });

  it('a broken file is refused with the file, path and problem logged, and the previous directory stays', async () => {
    const text = await readFile(orgFile, 'utf8');
    await writeFile(orgFile, text.replace('keeper: liuqiang', 'keeper: nobody'));
    service.child.kill('SIGHUP');
    await waitForLog(/directory reload failed/);
    expect(service.output()).toMatch(/keeper.*unknown userid \\?"nobody\\?"/);
    expect(await say('xinlaoshi', '我的待办')).toBe('您目前没有待办事项。');
    expect(service.child.exitCode).toBeNull();
  });
});
