import { afterEach, describe, expect, it } from 'vitest';
import { holdAll, holdSystemMessage, releaseHeldMessages } from '../../src/kit/system-messages.js';
import { enqueueText } from '../../src/outbox/enqueue-message.js';
import { actAs } from '../support/act-as.js';
import { asSystem, systemContext } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

/**
 * Spec 4's rules for messages the system times on its own, on a database of its own per test with
 * the clock set: quiet hours, non-counting days, merging per person, the cap of 3 a working day,
 * direct replies never delayed, and two processes releasing at once. Times are Beijing.
 */
describe('held system messages', () => {
  let h: HandlerHarness;
  const at = (local: string): string => new Date(`${local}+08:00`).toISOString();
  const start = async (local: string, orgFile?: string) => {
    h = await createHandlerHarness({ now: at(local), ...(orgFile ? { orgFile } : {}) });
  };
  const hold = (toUserId: string, text: string) =>
    asSystem(h, (ctx) => holdSystemMessage(ctx, { toUserId, text, topic: 'test' }));
  const release = () => asSystem(h, (ctx) => releaseHeldMessages(ctx));
  const notBeforeOf = async (text: string) =>
    (await h.db.prisma.heldMessage.findFirstOrThrow({ where: { text } })).notBefore.toISOString();

  afterEach(async () => {
    await h?.close();
  });

  it('a message held at 23:00 goes at 07:00 the next working day, not before', async () => {
    await start('2026-12-01T23:00:00'); // a Tuesday
    await hold('lihua', '请处理 Y1 用印审批');
    expect(await notBeforeOf('请处理 Y1 用印审批')).toBe(at('2026-12-02T07:00:00'));
    expect(await release()).toEqual({ result: 0, sent: [] });
    h.clock.set(at('2026-12-02T06:59:00'));
    expect((await release()).sent).toEqual([]);
    h.clock.set(at('2026-12-02T07:00:00'));
    const { result, sent } = await release();
    expect(result).toBe(1);
    expect(sent).toEqual([{ to: 'lihua', kind: 'text', text: '请处理 Y1 用印审批' }]);
    expect((await release()).sent).toEqual([]);
  });

  it('nothing goes on a national holiday: a message held on 09-30 waits for 10-08', async () => {
    await start('2026-09-30T23:00:00');
    await hold('lihua', '国庆前的提醒');
    expect(await notBeforeOf('国庆前的提醒')).toBe(at('2026-10-08T07:00:00'));
    for (const day of ['2026-10-01', '2026-10-03', '2026-10-07']) {
      h.clock.set(at(`${day}T10:00:00`));
      expect((await release()).sent).toEqual([]);
    }
    h.clock.set(at('2026-10-08T07:05:00'));
    expect((await release()).sent.map((message) => message.text)).toEqual(['国庆前的提醒']);
  });

  it('nothing goes during a closure, even a message that was due before it began', async () => {
    await start('2026-07-10T10:00:00', 'tests/fixtures/org/closures.yaml'); // the last Friday before 暑假
    // due now, but left unreleased (say the release ran before it was held)
    await hold('lihua', '暑假前到期');
    h.clock.set(at('2026-07-10T23:00:00'));
    await hold('lihua', '暑假前夜的提醒');
    expect(await notBeforeOf('暑假前夜的提醒')).toBe(at('2026-09-01T07:00:00'));
    for (const moment of ['2026-07-13T10:00:00', '2026-08-31T21:00:00']) {
      h.clock.set(at(moment)); // Mondays–Fridays inside the closure
      expect((await release()).sent).toEqual([]);
    }
    h.clock.set(at('2026-09-01T07:00:00'));
    expect((await release()).sent.map((message) => message.text)).toEqual([
      '校办助手提醒（2条）：\n\n暑假前到期\n\n暑假前夜的提醒',
    ]);
  });

  it('nothing goes at the weekend; a 调休 Saturday is a working day', async () => {
    await start('2026-12-04T22:30:00'); // a Friday night
    await hold('lihua', '周五夜里的提醒');
    expect(await notBeforeOf('周五夜里的提醒')).toBe(at('2026-12-07T07:00:00'));
    h.clock.set(at('2026-12-05T10:00:00'));
    expect((await release()).sent).toEqual([]);
    h.clock.set(at('2026-12-06T10:00:00'));
    expect((await release()).sent).toEqual([]);

    // 2026-10-10 (Saturday) and 2026-09-20 (Sunday) are worked in exchange for 国庆
    h.clock.set(at('2026-10-09T23:00:00'));
    await hold('chenhao', '调休周六的提醒');
    expect(await notBeforeOf('调休周六的提醒')).toBe(at('2026-10-10T07:00:00'));
    h.clock.set(at('2026-10-10T08:00:00'));
    expect((await release()).sent).toEqual([{ to: 'chenhao', kind: 'text', text: '调休周六的提醒' }]);
    h.clock.set(at('2026-09-20T09:00:00'));
    await hold('chenhao', '调休周日的提醒');
    expect((await release()).sent.map((message) => message.text)).toEqual(['调休周日的提醒']);
  });

  it('several due to one person go as one message; each person gets their own', async () => {
    await start('2026-12-01T06:00:00');
    await asSystem(h, (ctx) =>
      holdAll(ctx, [
        { toUserId: 'lihua', text: 'Y1 用印审批已等待2个工作日', topic: 'approval_reminder' },
        { toUserId: 'hejun', text: 'R3 已逾期1个工作日', topic: 'overdue' },
        { toUserId: 'lihua', text: 'R1 明天到期', topic: 'overdue' },
        { toUserId: 'lihua', text: '您有2项待办', topic: 'personal_digest' },
      ]),
    );
    h.clock.set(at('2026-12-01T07:00:00'));
    const { result, sent } = await release();
    expect(result).toBe(2);
    expect(sent).toEqual([
      { to: 'hejun', kind: 'text', text: 'R3 已逾期1个工作日' },
      {
        to: 'lihua',
        kind: 'text',
        text: '校办助手提醒（3条）：\n\nY1 用印审批已等待2个工作日\n\nR1 明天到期\n\n您有2项待办',
      },
    ]);
  });

  it('texts that do not fit in 2048 bytes together go as more messages, none cut', async () => {
    await start('2026-12-01T09:00:00');
    const texts = ['甲', '乙', '丙'].map((mark) => mark.repeat(300)); // 900 bytes each
    for (const text of texts) await hold('lihua', text);
    const { result, sent } = await release();
    expect(result).toBe(2);
    expect(sent.map((message) => message.text)).toEqual([
      `校办助手提醒（2条）：\n\n${texts[0]}\n\n${texts[1]}`,
      texts[2],
    ]);
    for (const message of sent) expect(Buffer.byteLength(message.text, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('a 4th system message in a working day waits for 07:00 of the next working day', async () => {
    await start('2026-12-04T09:00:00'); // a Friday
    for (const [hour, text] of [
      ['09', '第一条'],
      ['11', '第二条'],
      ['14', '第三条'],
    ]) {
      h.clock.set(at(`2026-12-04T${hour}:00:00`));
      await hold('lihua', text!);
      expect((await release()).sent.map((message) => message.text)).toEqual([text]);
    }
    h.clock.set(at('2026-12-04T16:00:00'));
    await hold('lihua', '第四条');
    await hold('hejun', '别人的第一条');
    expect((await release()).sent).toEqual([{ to: 'hejun', kind: 'text', text: '别人的第一条' }]);
    expect(await notBeforeOf('第四条')).toBe(at('2026-12-07T07:00:00'));
    h.clock.set(at('2026-12-04T21:00:00'));
    expect((await release()).sent).toEqual([]);
    h.clock.set(at('2026-12-07T07:00:00'));
    expect((await release()).sent).toEqual([{ to: 'lihua', kind: 'text', text: '第四条' }]);
  });

  it('a direct reply goes to the outbox at once, whatever is held for the person', async () => {
    await start('2026-12-01T23:00:00');
    await hold('lihua', '夜里排定的提醒');
    const { sent } = await actAs(h, 'lihua', (ctx) => ctx.reply('已收到'));
    expect(sent).toEqual([{ to: 'lihua', kind: 'text', text: '已收到' }]);
    await asSystem(h, (ctx) => enqueueText(ctx.tx, ctx.orgId, 'lihua', '通知：明早开会'));
    const queued = await h.db.prisma.outboxMessage.findMany({ where: { toUserId: 'lihua' }, orderBy: { id: 'asc' } });
    expect(queued.map((row) => [row.notBefore.getTime(), row.status])).toEqual([
      [0, 'pending'],
      [0, 'pending'],
    ]);
    expect(await h.db.prisma.heldMessage.count({ where: { releasedAt: null } })).toBe(1);
  });

  it('two processes releasing at once send each message once', async () => {
    await start('2026-12-01T09:00:00');
    await hold('lihua', '只发一次');
    await hold('hejun', '也只发一次');
    const releasing = () => h.db.prisma.$transaction((tx) => releaseHeldMessages(systemContext(h, tx)));
    const counts = await Promise.all([releasing(), releasing(), releasing()]);
    expect(counts.sort()).toEqual([0, 0, 2]);
    const queued = await h.db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(queued.map((row) => row.toUserId).sort()).toEqual(['hejun', 'lihua']);
  });
});
