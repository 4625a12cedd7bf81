import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueText } from '../../src/outbox/enqueue-message.js';
import {
  createRecipientPacing,
  DEFAULT_PER_HOUR,
  DEFAULT_PER_MINUTE,
  type RecipientPacing,
} from '../../src/outbox/recipient-pacing.js';
import { QUEUES } from '../../src/queues/definitions.js';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe('35 messages to one person at once, with the default pacing', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('sends 28 at once and holds the other 7 back, so WeCom drops none for its 30-a-minute limit', async () => {
    await t.service.prisma.$transaction(async (tx) => {
      for (let n = 1; n <= 35; n++) await enqueueText(tx, 'demo', 'hanxue', `第${n}条通知`);
    });

    const sent = await t.waitForMessages('hanxue', DEFAULT_PER_MINUTE, { timeoutMs: 8_000 });
    // Give the held-back seven every chance to go out too early.
    await sleep(1_000);
    const received = t.fake.messages({ toUser: 'hanxue' });
    expect(received).toHaveLength(28);
    expect(received.filter((message) => message.dropped === 'rate_limit')).toHaveLength(0);
    expect(received.every((message) => message.isDelivered)).toBe(true);
    expect(new Set(sent.map(textOf)).size).toBe(28);

    const rows = await t.service.prisma.outboxMessage.groupBy({
      by: ['status'],
      where: { toUserId: 'hanxue' },
      _count: true,
    });
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, row._count]));
    expect(byStatus.sent).toBe(28);
    expect(35 - (byStatus.sent ?? 0)).toBe(7);
    expect(byStatus.failed).toBeUndefined();

    // The seven wait in the queue as delayed jobs (about a minute), not lost and not retried in a loop.
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const outbound = new Queue(QUEUES.outbound.name, { connection, prefix: t.queuePrefix });
    try {
      expect(await outbound.getDelayedCount()).toBe(7);
    } finally {
      await outbound.close();
      connection.disconnect();
    }
  });
});

describe('the per-recipient window, with explicit times against the real Redis', () => {
  const prefix = `xbt-pace-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let pacing: RecipientPacing;
  const t0 = Date.UTC(2026, 2, 2, 1, 0, 0);

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    pacing = createRecipientPacing({ redis, keyPrefix: `${prefix}:pace:` });
  });
  afterAll(async () => {
    await deleteRedisPrefix(TEST_REDIS_URL, prefix);
    redis.disconnect();
  });

  it('reserves 28 in a minute, makes the 29th wait until the oldest leaves the minute, then allows it', async () => {
    for (let n = 0; n < DEFAULT_PER_MINUTE; n++) expect(await pacing.reserve('demo:minute', t0 + n * 1_000)).toBe(0);

    const at = t0 + 30_000;
    const waitMs = await pacing.reserve('demo:minute', at);
    // the oldest (t0) leaves the one-minute window at t0 + 60 s: 30 s from `at`
    expect(waitMs).toBeGreaterThanOrEqual(30_000);
    expect(waitMs).toBeLessThanOrEqual(30_001);
    // A refusal reserves nothing: asking again at the same moment gives the same answer.
    expect(await pacing.reserve('demo:minute', at)).toBe(waitMs);
    expect(await pacing.reserve('demo:minute', at + waitMs - 2)).toBeGreaterThan(0);

    expect(await pacing.reserve('demo:minute', at + waitMs)).toBe(0);
    // ...and that slot is taken again: the next one waits for the second oldest (t0 + 1 s).
    const next = await pacing.reserve('demo:minute', at + waitMs);
    expect(next).toBeGreaterThan(0);
    expect(next).toBeLessThanOrEqual(1_001);
  });

  it('holds to 950 an hour when the sends are spread over the hour', async () => {
    const spacing = 3_700; // about 16 a minute: never the minute limit
    for (let n = 0; n < DEFAULT_PER_HOUR; n++) {
      const waitMs = await pacing.reserve('demo:hour', t0 + n * spacing);
      if (waitMs !== 0) throw new Error(`send #${n + 1} of the hour was refused (wait ${waitMs} ms)`);
    }
    const at = t0 + DEFAULT_PER_HOUR * spacing; // 58 min 35 s after the first
    const waitMs = await pacing.reserve('demo:hour', at);
    // the oldest leaves the hour at t0 + 1 h
    expect(waitMs).toBeGreaterThanOrEqual(t0 + HOUR - at);
    expect(waitMs).toBeLessThanOrEqual(t0 + HOUR - at + 1);
    expect(waitMs).toBeGreaterThan(MINUTE); // longer than any minute wait: it is the hour that is full

    expect(await pacing.reserve('demo:hour', at + waitMs)).toBe(0);
  });

  it('keeps each recipient to their own window', async () => {
    for (let n = 0; n < DEFAULT_PER_MINUTE; n++) expect(await pacing.reserve('demo:full', t0 + n)).toBe(0);
    expect(await pacing.reserve('demo:full', t0 + 100)).toBeGreaterThan(0);

    expect(await pacing.reserve('demo:other', t0 + 100)).toBe(0);
    // the same userid in another organisation is another person
    expect(await pacing.reserve('other-org:full', t0 + 100)).toBe(0);
  });

  it('peek tells the wait without using a slot', async () => {
    const key = 'demo:peek-only';
    for (let n = 0; n < 28; n++) expect(await pacing.reserve(key, t0 + n)).toBe(0);
    const wait = await pacing.peek(key, t0 + 1_000);
    expect(wait).toBeGreaterThan(58_000);
    expect(await pacing.peek(key, t0 + 1_000)).toBe(wait);
    expect(await pacing.peek('demo:someone-else', t0 + 1_000)).toBe(0);
    expect(await pacing.reserve('demo:someone-else', t0 + 1_000)).toBe(0);
  });
});
