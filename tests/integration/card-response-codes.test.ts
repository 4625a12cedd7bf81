import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCard } from '../../src/kit/cards/send-card.js';
import { cardTapXml, signCallback } from '../../src/gateway/build-callback.js';
import { enqueueCardUpdate } from '../../src/outbox/enqueue-message.js';
import { jobIdFor, newQueueToken, QUEUES } from '../../src/queues/definitions.js';
import { cardFor, mark, submitSeal, waitForText, sleep } from '../support/seal-helpers.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, type TestService } from '../support/test-service.js';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Each response code updates one card once (NOTES §6): the codes must stay with the card they belong to (issue 7). */
describe('card response codes', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("a tap by someone the card was not sent to leaves the addressee's code in place", async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    await until(
      "the card's code",
      async () => (await t.db.prisma.card.findUnique({ where: { taskId: card.taskId } }))?.responseCode ?? undefined,
    );

    const foreignCode = t.fake.issueClickResponseCode(card.taskId, 'liuyang');
    const xml = cardTapXml({
      corpId: TEST_KEYS.corpId,
      from: 'liuyang',
      taskId: card.taskId,
      eventKey: 'approve',
      responseCode: foreignCode,
      createTime: Math.floor(Date.now() / 1000),
      agentId: TEST_AGENT_ID,
    });
    const signed = signCallback(TEST_KEYS, xml);
    const since = mark(t, 'liuyang');
    expect((await fetch(t.url + signed.path, { method: 'POST', body: signed.body })).status).toBe(200);
    await waitForText(t, 'liuyang', '李华', { since });

    // The applicant withdraws: 李华's card is greyed with a code that belongs to it.
    await t.sendText('chenhao', `取消 ${ref} 原因:活动取消`);
    const update = await until('the card update', () =>
      t.fake.cardUpdates().find((candidate) => candidate.taskId === card.taskId),
    );
    expect(update.userIds).toEqual(['lihua']);
    expect(update.responseCode).not.toBe(foreignCode);
  });

  it('a card update that reached WeCom before the worker died is recorded sent on the retry, not failed', async () => {
    const taskId = await t.service.prisma.$transaction((tx) =>
      sendCard(t.contextIn(tx), {
        toUserId: 'majie',
        workflow: 'test',
        itemId: 'item-k',
        itemRef: 'K1',
        sentForState: 'open',
        card: { title: '测试卡片', rows: [], buttons: [{ label: '知道了', key: 'ok' }] },
      }),
    );
    await until(
      "the card's code",
      async () => (await t.db.prisma.card.findUnique({ where: { taskId } }))?.responseCode ?? undefined,
    );
    await t.service.prisma.$transaction((tx) =>
      enqueueCardUpdate(tx, 'demo', { taskId, userIds: ['majie'], resultText: '已知悉' }),
    );
    const row = await until('the update to be sent', async () => {
      const found = await t.db.prisma.outboxMessage.findFirst({
        where: { kind: 'update_template_card', toUserId: 'majie' },
      });
      return found?.status === 'sent' ? found : undefined;
    });

    // kill -9 between WeCom's answer and recording it: the row is still `sending`, and the job comes back.
    const token = newQueueToken();
    await t.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: 'sending', sentAt: null, queueToken: token },
    });
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const outbound = new Queue(QUEUES.outbound.name, { connection: redis, prefix: t.queuePrefix });
    try {
      await outbound.add(
        'send',
        { outboxId: String(row.id), token },
        { jobId: jobIdFor.outbound(String(row.id), token) },
      );
    } finally {
      await outbound.close();
      redis.disconnect();
    }
    const settled = await until('the retry to settle', async () => {
      const found = await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      return found.status === 'sent' || found.status === 'failed' ? found : undefined;
    });
    expect(settled.status).toBe('sent');
    expect(t.fake.cardUpdates().filter((update) => update.taskId === taskId)).toHaveLength(1);
  });
});
