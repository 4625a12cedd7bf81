import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../src/outbox/enqueue-message.js';
import { FAILURE_NOTICE_TEXT } from '../../src/outbox/fail-visibly.js';
import { fixedClock } from '../../src/shared/clock.js';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };

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

/** Retries made short, so that "WeCom busy for minutes" is minutes of the injected clock, not of the test. */
const QUICK_RETRIES = { outboundAttempts: 2, outboundBackoffMs: 50, wecomRetryBaseDelayMs: 5, relayIntervalMs: 100 };

describe('WeCom answering -1 (system busy) for minutes (issue 7)', () => {
  let t: TestService | undefined;
  afterEach(async () => {
    await t?.stop();
  });

  it('the reply goes back to the relay, a later reply is not held behind it, and it is sent once when WeCom recovers', async () => {
    const clock = fixedClock(new Date());
    t = await startTestService({ clock, overrides: QUICK_RETRIES });
    const service = t;
    service.fake.injectFault({ path: '/cgi-bin/message/send', errcode: -1 });
    expect(await service.sendText('yangxue', '帮助')).toBe(200);
    const handedBack = await until('the reply to be handed back to the relay', async () => {
      const row = await service.db.prisma.outboxMessage.findFirst({ where: { toUserId: 'yangxue' } });
      return row?.status === 'pending' && row.notBefore > clock.now() ? row : undefined;
    });
    expect(handedBack.lastError).toContain('errcode -1');

    // WeCom recovers; the person asks something else and is answered at once.
    service.fake.clearFaults();
    expect(await service.sendText('yangxue', '我的待办')).toBe(200);
    const heldText = (handedBack.body as { text: { content: string } }).text.content;
    const [first] = await service.waitForMessages('yangxue', 1);
    expect(textOf(first!)).not.toBe(heldText);

    // The held reply is due again two minutes later, and goes out once.
    clock.advance(3 * 60_000);
    const [, second] = await service.waitForMessages('yangxue', 2);
    expect(textOf(second!)).toBe(heldText);
    await service.quiesce();
    expect(service.fake.messages({ toUser: 'yangxue' })).toHaveLength(2);
    const sent = await service.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: handedBack.id } });
    expect(sent).toMatchObject({ status: 'sent', firstFailedAt: null, sentAt: clock.now() });
  });

  it('busy for longer than the bound: the message fails visibly, the person is told, and an operator replays it', async () => {
    const clock = fixedClock(new Date());
    t = await startTestService({ clock, overrides: QUICK_RETRIES });
    const service = t;
    service.fake.injectFault({ path: '/cgi-bin/message/send', errcode: -1 });
    expect(await service.sendText('majie', '帮助')).toBe(200);
    const row = await until('the reply to be handed back', async () => {
      const found = await service.db.prisma.outboxMessage.findFirst({ where: { toUserId: 'majie' } });
      return found?.status === 'pending' && found.notBefore > clock.now() ? found : undefined;
    });

    clock.advance(31 * 60_000);
    await until(
      'the reply to fail visibly',
      async () =>
        (await service.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status === 'failed',
    );
    const listed = (await (await fetch(`${service.url}/admin/outbox?status=failed`, { headers: ADMIN })).json()) as {
      messages: { id: string; to: string; lastError: string }[];
    };
    expect(listed.messages).toEqual([
      expect.objectContaining({ id: String(row.id), to: 'majie', lastError: expect.stringContaining('errcode -1') }),
    ]);
    const lostText = (row.body as { text: { content: string } }).text.content;
    expect(JSON.stringify(listed)).not.toContain(lostText.slice(0, 8)); // ids and errors, never the text

    // WeCom recovers: the note about the lost message reaches majie.
    service.fake.clearFaults();
    clock.advance(3 * 60_000);
    const [note] = await service.waitForMessages('majie', 1);
    expect(textOf(note!)).toBe(FAILURE_NOTICE_TEXT);

    const replay = await fetch(`${service.url}/admin/outbox/${row.id}/retry`, { method: 'POST', headers: ADMIN });
    expect(replay.status).toBe(202);
    const [, replayed] = await service.waitForMessages('majie', 2);
    expect(textOf(replayed!)).toBe(lostText);
    expect(
      (await fetch(`${service.url}/admin/outbox/${row.id}/retry`, { method: 'POST', headers: ADMIN })).status,
    ).toBe(409);
    await service.quiesce();
    expect(service.fake.messages({ toUser: 'majie' })).toHaveLength(2);
  });
});

describe('a message held for later (issue 7)', () => {
  let t: TestService | undefined;
  afterEach(async () => {
    await t?.stop();
  });

  it('delays no later reply to the same person', async () => {
    t = await startTestService();
    const service = t;
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    await service.service.prisma.$transaction((tx) =>
      enqueueMessage(tx, {
        orgId: 'demo',
        toUserId: 'zhuhong',
        content: { msgtype: 'text', text: { content: '明天 07:00 的提醒' } },
        notBefore: tomorrow,
      }),
    );
    expect(await service.sendText('zhuhong', '我的待办')).toBe(200);
    const [reply] = await service.waitForMessages('zhuhong', 1, { timeoutMs: 5_000 });
    expect(textOf(reply!)).not.toBe('明天 07:00 的提醒');
    expect(await service.db.prisma.outboxMessage.count({ where: { toUserId: 'zhuhong', status: 'pending' } })).toBe(1);
  });
});
