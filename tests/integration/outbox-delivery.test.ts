import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendCard } from '../../src/kit/cards/send-card.js';
import { enqueueCardUpdate, enqueueText } from '../../src/outbox/enqueue-message.js';
import { requeueStrandedOutbox } from '../../src/outbox/relay-outbox.js';
import { jobIdFor, newQueueToken, QUEUES } from '../../src/queues/definitions.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

const ORG_ID = 'demo';

/** Polls until `probe` returns something, or fails naming what it waited for. */
async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Writes one text message the way a state change does: an outbox row inside a transaction. Returns its id. */
async function writeOutboxText(t: TestService, toUserId: string, text: string): Promise<bigint> {
  return t.service.prisma.$transaction(async (tx) => {
    await enqueueText(tx, ORG_ID, toUserId, text);
    const row = await tx.outboxMessage.findFirstOrThrow({
      where: { toUserId },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    return row.id;
  });
}

function rowOf(t: TestService, id: bigint) {
  return t.service.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
}

function sendCallsAnswered(t: TestService, answer: { httpStatus?: number; errcode?: number }): number {
  return t.fake
    .calls()
    .log.filter(
      (call) =>
        call.path === '/cgi-bin/message/send' &&
        (answer.httpStatus === undefined || call.httpStatus === answer.httpStatus) &&
        (answer.errcode === undefined || call.errcode === answer.errcode),
    ).length;
}

describe('an outbox message whose state change committed while Redis and WeCom were down', () => {
  let redis: PrivateRedis | undefined;
  let t: TestService | undefined;
  afterEach(async () => {
    await t?.stop();
    await redis?.close();
  });

  it('stays pending through the Redis outage and is sent exactly once after Redis and WeCom recover', async () => {
    redis = await startPrivateRedis();
    t = await startTestService({ envOverrides: { REDIS_URL: redis.url } });
    const service = t;

    await redis.kill();
    const id = await writeOutboxText(service, 'liuqiang', '您的用印申请 Y7 已批准，请到综合办公室用印。');

    // The relay cannot reach Redis: the message waits in PostgreSQL, nothing is sent, nothing is lost.
    await sleep(1_500);
    expect((await rowOf(service, id)).status).toBe('pending');
    expect(service.fake.messages({ toUser: 'liuqiang' })).toHaveLength(0);

    // Redis comes back (empty: it kept nothing), while WeCom's gateway answers 502 three times.
    service.fake.injectFault({ path: '/cgi-bin/message/send', httpStatus: 502, times: 3 });
    await redis.restart();

    const [message] = await service
      .waitForMessages('liuqiang', 1, { timeoutMs: 15_000 })
      .catch(async (error: Error) => {
        // Say where the message got stuck: still pending = the relay never enqueued it again.
        const row = await rowOf(service, id);
        throw new Error(
          `${error.message}; outbox row is ${row.status} after ${row.attempts} attempt(s), last error ${row.lastError ?? 'none'}`,
        );
      });
    expect(textOf(message!)).toBe('您的用印申请 Y7 已批准，请到综合办公室用印。');
    expect(message!.isDelivered).toBe(true);
    await waitUntil('the row to be recorded as sent', async () =>
      (await rowOf(service, id)).status === 'sent' ? true : undefined,
    );
    expect(sendCallsAnswered(service, { httpStatus: 502 })).toBe(3);

    // Later passes of the relay and any leftover retry send nothing more.
    await sleep(1_000);
    expect(service.fake.messages({ toUser: 'liuqiang' })).toHaveLength(1);
    const row = await rowOf(service, id);
    expect(row.status).toBe('sent');
    expect(row.sentAt).not.toBeNull();
    expect(row.lastError).toBeNull();
  });
});

describe('outbox delivery against the fake WeCom', () => {
  let t: TestService;
  let queueRedis: Redis;
  beforeAll(async () => {
    t = await startTestService();
    queueRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    queueRedis?.disconnect();
    await t?.stop();
  });

  it('a message found half-sent after a worker died is resent with the duplicate check, so WeCom drops the repeat', async () => {
    const text = '明天上午9:00在第一会议室召开行政会，请准时参加。';
    const id = await writeOutboxText(t, 'yangxue', text);
    await t.waitForMessages('yangxue', 1);
    await waitUntil('the first send to be recorded', async () =>
      (await rowOf(t, id)).status === 'sent' ? true : undefined,
    );

    // A worker that called WeCom and died before recording the result leaves the row in `sending`;
    // BullMQ then hands the job to another worker.
    const token = newQueueToken();
    await t.service.prisma.outboxMessage.update({
      where: { id },
      data: { status: 'sending', sentAt: null, wecomMsgId: null, queueToken: token },
    });
    const outbound = new Queue(QUEUES.outbound.name, { connection: queueRedis, prefix: t.queuePrefix });
    try {
      await outbound.add('send', { outboxId: String(id), token }, { jobId: jobIdFor.outbound(String(id), token) });
    } finally {
      await outbound.close();
    }

    const [first, repeat] = await t.waitForMessages('yangxue', 2);
    expect(first!.isDelivered).toBe(true);
    expect(first!.body.enable_duplicate_check).toBe(0);
    expect(repeat!.body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 4 * 3600 });
    expect(textOf(repeat!)).toBe(text);
    expect(repeat!.isDelivered).toBe(false);
    expect(repeat!.dropped).toBe('duplicate');
    await waitUntil('the resend to be recorded', async () =>
      (await rowOf(t, id)).status === 'sent' ? true : undefined,
    );
    expect((await rowOf(t, id)).attempts).toBe(2);
    expect(t.fake.messages({ toUser: 'yangxue' }).filter((message) => message.isDelivered)).toHaveLength(1);
  });

  it('an access token WeCom expired early is fetched again once for 30 concurrent replies', async () => {
    expect(await t.sendText('zhuhong', '帮助')).toBe(200);
    await t.waitForMessages('zhuhong', 1);
    const fetchesBefore = t.fake.calls().tokenFetches;
    expect(fetchesBefore).toBeGreaterThanOrEqual(1);

    t.fake.expireTokens();
    const people = [
      'zhaoli',
      'zhoumin',
      'sunwei',
      'qianjun',
      'wujing',
      'wangfang',
      'liuqiang',
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
      'xuli',
      'xieting',
      'gaojing',
      'tangjie',
      'linna',
      'pengfei',
      'luowei',
      'jiangbo',
      'songyu',
      'yufan',
      'hanxue',
      'wanglei',
    ];
    const before = new Map(people.map((person) => [person, t.fake.messages({ toUser: person }).length]));
    const statuses = await Promise.all(people.map((person) => t.sendText(person, '我的待办')));
    expect(statuses).toEqual(people.map(() => 200));

    for (const person of people) {
      const [reply] = await t.waitForMessages(person, 1, { since: before.get(person)!, timeoutMs: 15_000 });
      expect(textOf(reply!)).toBe('您目前没有待办事项。');
      expect(reply!.isDelivered).toBe(true);
    }
    expect(sendCallsAnswered(t, { errcode: 42001 })).toBeGreaterThanOrEqual(1);
    expect(t.fake.calls().tokenFetches - fetchesBefore).toBe(1);
  });

  it('a message WeCom refuses for good (81013) ends failed with the reason, is not retried, and is counted', async () => {
    // WeCom's directory for this app lacks liping: every send to her is answered 81013.
    t.fake.setContacts({
      departments: [{ id: 1, name: '示范中学', parentid: 0 }],
      users: [{ userid: 'zhaoli', name: '赵立', department: [1] }],
    });
    try {
      const id = await writeOutboxText(t, 'liping', '请于周五前提交教学计划。');
      const failed = await waitUntil('the row to be marked failed', async () => {
        const row = await rowOf(t, id);
        return row.status === 'failed' ? row : undefined;
      });
      expect(failed.lastError).toContain('81013');
      expect(failed.sentAt).toBeNull();

      // Give a retry loop the time it would need to show itself: there is none.
      await sleep(1_000);
      expect(sendCallsAnswered(t, { errcode: 81013 })).toBe(1);
      expect((await rowOf(t, id)).status).toBe('failed');
      expect(t.fake.messages({ toUser: 'liping' })).toHaveLength(0);

      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/^xiaoban_outbox_messages_total\{kind="text",outcome="failed"\} 1$/m);
    } finally {
      t.fake.setContacts({ departments: [], users: [] });
    }
  });

  it('a message body of the wrong shape fails visibly instead of reaching WeCom half-formed', async () => {
    const before = sendCallsAnswered(t, {});
    const row = await t.service.prisma.outboxMessage.create({
      data: {
        orgId: ORG_ID,
        toUserId: 'hejun',
        kind: 'text',
        body: { msgtype: 'text', text: { words: '没有 content' } },
        notBefore: new Date(0),
      },
    });
    const failed = await waitUntil('the row to fail', async () => {
      const current = await rowOf(t, row.id);
      return current.status === 'failed' ? current : undefined;
    });
    expect(failed.lastError).toMatch(/^outbox message body has the wrong shape: text\.content/);
    expect(sendCallsAnswered(t, {})).toBe(before);
  });

  it('a row whose queue job vanished (Redis lost its data) is queued again by the stranded-row sweep, and sent once', async () => {
    t.fake.setContacts({ departments: [], users: [] }); // an earlier test narrowed WeCom's directory
    const before = t.fake.messages({ toUser: 'majie' }).length;
    const id = await t.service.prisma.$transaction(async (tx) => {
      await enqueueText(tx, ORG_ID, 'majie', '文印室周五下午停电检修。');
      const row = await tx.outboxMessage.findFirstOrThrow({ where: { toUserId: 'majie' }, orderBy: { id: 'desc' } });
      // As if the relay had queued it long ago and Redis then forgot the job.
      await tx.outboxMessage.update({
        where: { id: row.id },
        data: { status: 'queued', createdAt: new Date(Date.now() - 10 * 60_000) },
      });
      return row.id;
    });
    await sleep(500);
    expect(t.fake.messages({ toUser: 'majie' })).toHaveLength(before);

    const outbound = new Queue(QUEUES.outbound.name, { connection: queueRedis, prefix: t.queuePrefix });
    try {
      expect(await requeueStrandedOutbox({ prisma: t.service.prisma, queue: outbound })).toBe(1);
      await t.waitForMessages('majie', 1, { since: before });
      await waitUntil('the row to be sent', async () => ((await rowOf(t, id)).status === 'sent' ? true : undefined));
      // Sweeping again finds nothing to do, and nothing is sent twice.
      expect(await requeueStrandedOutbox({ prisma: t.service.prisma, queue: outbound })).toBe(0);
    } finally {
      await outbound.close();
    }
    await sleep(300);
    expect(t.fake.messages({ toUser: 'majie' })).toHaveLength(before + 1);
  });

  it('a card update queued before the card itself went out waits for the card, then updates it', async () => {
    t.fake.setContacts({ departments: [], users: [] });
    t.fake.injectFault({ path: '/cgi-bin/message/send', latencyMs: 800, times: 1 });
    const taskId = await t.service.prisma.$transaction(async (tx) => {
      const sent = await sendCard(t.contextIn(tx), {
        toUserId: 'zhuhong',
        workflow: 'test',
        itemId: 'item-1',
        itemRef: 'T1',
        sentForState: 'open',
        card: { title: '测试卡片', rows: [], buttons: [{ label: '知道了', key: 'ok' }] },
      });
      await enqueueCardUpdate(tx, ORG_ID, {
        taskId: sent,
        userIds: ['zhuhong'],
        resultText: '已处理',
      });
      return sent;
    });
    await waitUntil('the card update', () => t.fake.cardUpdates().find((update) => update.taskId === taskId), 15_000);
    await waitUntil('the update to be recorded as sent', async () => {
      const update = await t.service.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: 'update_template_card', toUserId: 'zhuhong' },
      });
      return update.status === 'sent' ? true : undefined;
    });
    expect(t.fake.cardUpdates().filter((update) => update.taskId === taskId)).toHaveLength(1);
  });

  it('a card update whose calls all lost their answer keeps its response code, and the retry updates the card', async () => {
    t.fake.setContacts({ departments: [], users: [] });
    const taskId = await t.service.prisma.$transaction((tx) =>
      sendCard(t.contextIn(tx), {
        toUserId: 'majie',
        workflow: 'test',
        itemId: 'item-2',
        itemRef: 'T2',
        sentForState: 'open',
        card: { title: '测试卡片二', rows: [], buttons: [{ label: '知道了', key: 'ok' }] },
      }),
    );
    await waitUntil('the card to be sent with its code', async () =>
      (await t.service.prisma.card.findUnique({ where: { taskId } }))?.responseCode ? true : undefined,
    );
    // Every in-call attempt of the first job loses its connection; the code must survive for the retry.
    t.fake.injectFault({ path: '/cgi-bin/message/update_template_card', dropConnection: true, times: 3 });
    await t.service.prisma.$transaction((tx) =>
      enqueueCardUpdate(tx, ORG_ID, { taskId, userIds: ['majie'], resultText: '已知悉' }),
    );
    const update = await waitUntil(
      'the card update',
      () => t.fake.cardUpdates().find((candidate) => candidate.taskId === taskId),
      15_000,
    );
    expect(update.button).toEqual({ replace_name: '已知悉' });
    await waitUntil('the update row to be sent', async () => {
      const row = await t.service.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: 'update_template_card', toUserId: 'majie' },
      });
      return row.status === 'sent' ? row : undefined;
    });
  });

  it('messages to one person arrive in the order they were written, though eight workers send at once', async () => {
    t.fake.setContacts({ departments: [], users: [] });
    const before = t.fake.messages({ toUser: 'caiyun' }).length;
    const texts = Array.from({ length: 8 }, (_, index) => `第 ${index + 1} 条通知`);
    await t.service.prisma.$transaction(async (tx) => {
      for (const text of texts) await enqueueText(tx, ORG_ID, 'caiyun', text);
    });
    const received = await t.waitForMessages('caiyun', texts.length, { since: before });
    expect(received.map(textOf)).toEqual(texts);
  });
});
