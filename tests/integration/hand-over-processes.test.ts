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

/**
 * Issue 9's done-when: three real service processes get SIGHUP at once after the org file gave
 * 教务处 a new head; the open step moves exactly once — one new card, one closed card, one audit
 * record, one hand-over run — however the three processes interleave.
 */
describe('a reload in three processes at once', () => {
  let db: TestDatabase;
  let fake: FakeWecom;
  let services: SpawnedService[] = [];
  let folder: string;
  let orgFile: string;
  const queuePrefix = `xbt-hand-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
    folder = await mkdtemp(join(tmpdir(), 'xiaoban-handover3-'));
    orgFile = join(folder, 'org.yaml');
    await writeFile(orgFile, await readFile('config/org.yaml', 'utf8'));
    const env = spawnedServiceEnv({
      databaseUrl: db.url,
      wecomApiBase: fake.url,
      queuePrefix,
      orgFile,
      logLevel: 'info',
    });
    // one deployment: the same database, Redis prefix and org file
    const started = await Promise.allSettled([spawnService(env), spawnService(env), spawnService(env)]);
    services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });
  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await fake?.close();
    await db?.drop();
    await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
    await rm(folder, { recursive: true, force: true });
  });

  async function send(service: SpawnedService, from: string, content: string): Promise<void> {
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
  }
  async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(
          `${what} never happened:\n${services.map((service) => service.output().slice(-2000)).join('\n')}`,
        );
      await sleep(25);
    }
  }
  const cardsTo = (user: string, ref: string) =>
    fake
      .messages({ toUser: user })
      .filter((message) => message.msgtype === 'template_card' && message.taskId?.startsWith(`${ref}-`));
  /** Every callback processed and every message due sent, by whichever process took it. */
  const quiesce = () =>
    until('quiet', async () => {
      const [busy] = await db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT (SELECT count(*) FROM inbound_event WHERE status IN ('accepted', 'queued'))
             + (SELECT count(*) FROM outbox_message WHERE status IN ('pending', 'queued', 'sending') AND not_before <= now()) AS n`;
      return busy?.n === 0n ? true : undefined;
    });
  const count = (pattern: RegExp) =>
    services.reduce((sum, service) => sum + (service.output().match(new RegExp(pattern, 'g'))?.length ?? 0), 0);

  it("re-routes the open step once when all three reload a new head, and the new head's 我的待办 shows it", async () => {
    const before = fake.messages({ toUser: 'chenhao' }).length;
    await send(services[0]!, 'chenhao', '用印 事由:报送区教育局 文件:课题结题报告 份数:2 印章:校章');
    const reply = await until('the reply to 用印', () =>
      fake
        .messages({ toUser: 'chenhao' })
        .slice(before)
        .map(textOf)
        .find((text) => text.startsWith('已提交用印申请')),
    );
    const ref = /已提交用印申请 (Y\d+)/.exec(reply)![1]!;
    const lihuaCard = await until('the card to 李华', () => cardsTo('lihua', ref)[0]);
    await quiesce();
    const runsAtStart = await db.prisma.handoverRun.findMany({ orderBy: { id: 'asc' } });
    expect(runsAtStart.map((run) => run.moved)).toEqual([0]); // three starts, one pass

    const text = await readFile(orgFile, 'utf8');
    await writeFile(
      orgFile,
      text.replace('{ id: academic, name: 教务处, head: lihua,', '{ id: academic, name: 教务处, head: zhangyan,'),
    );
    const handedOver = /hand-over after directory change|hand-over skipped/;
    const passesBefore = count(handedOver);
    for (const service of services) service.child.kill('SIGHUP');
    await until('every process reloaded and handed over (or skipped)', () =>
      count(handedOver) === passesBefore + 3 ? true : undefined,
    );
    await quiesce();

    expect(cardsTo('zhangyan', ref)).toHaveLength(1);
    expect(fake.cardUpdates().filter((update) => update.taskId === lihuaCard.taskId)).toEqual([
      expect.objectContaining({ button: expect.objectContaining({ replace_name: '已转交张岩（人员变动）' }) }),
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { itemRef: ref, action: 'hand_over' } });
    expect(audit.map((entry) => entry.comment)).toEqual(['部门负责人：李华 → 张岩（人员变动）']);
    const runs = await db.prisma.handoverRun.findMany({ orderBy: { id: 'asc' } });
    expect(runs.map((run) => run.moved)).toEqual([0, 1]);
    expect(runs[1]!.directoryVersion).not.toBe(runs[0]!.directoryVersion);
    expect(
      await db.prisma.workItem.findMany({ where: { itemRef: ref, doneAt: null }, select: { holderId: true } }),
    ).toEqual([{ holderId: 'zhangyan' }]);

    const asked = fake.messages({ toUser: 'zhangyan' }).length;
    await send(services[2]!, 'zhangyan', '我的待办');
    const todo = await until('张岩 的待办', () => fake.messages({ toUser: 'zhangyan' }).slice(asked).map(textOf)[0]);
    expect(todo).toContain(`${ref} 用印审批｜陈浩（教务处）｜`);
  });
});
