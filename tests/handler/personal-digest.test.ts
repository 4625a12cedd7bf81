import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdAll, releaseHeldMessages } from '../../src/kit/system-messages.js';
import { openWorkItem } from '../../src/kit/work-items.js';
import { planPersonalDigest } from '../../src/schedules/jobs/personal-digest.js';
import { asSystem } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

/**
 * The morning digest (spec 4): everyone with open work items gets their 我的待办 — the same lines
 * the command shows — in one message, in more only when 2048 bytes force it; then held and released
 * like every system message. Times are Beijing.
 */
describe('the personal digest', () => {
  let h: HandlerHarness;
  const at = (local: string): string => new Date(`${local}+08:00`).toISOString();
  const plan = async () => (await asSystem(h, (ctx) => planPersonalDigest(ctx))).result;

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00') });
    await h.say('zhoumin', '交办 内容:制定期末考试安排 负责:李华 截止:12月2日 协办:陈浩');
    await h.say('lihua', '用印 印章:校章 份数:2 事由:课题结题报告 时间:12月3日 9点');
    h.clock.set(at('2026-12-01T08:25:00'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives each holder and helper their 我的待办 lines in one message, and nobody else anything', async () => {
    const planned = await plan();
    const people = [...new Set(planned.map((message) => message.toUserId))].sort();
    expect(planned).toHaveLength(people.length);
    expect(people).toContain('lihua');
    expect(people).toContain('chenhao');
    expect(people).not.toContain('zhoumin');
    for (const message of planned) expect(message.topic).toBe('personal_digest');

    for (const userId of ['lihua', 'chenhao']) {
      const digest = planned.find((message) => message.toUserId === userId)!.text;
      // the same header and lines as the command (its last line is the 查询 hint)
      const [reply] = await h.say(userId, '我的待办');
      expect(reply!.text.split('\n').slice(0, -1).join('\n')).toBe(digest);
    }
    expect(planned.find((message) => message.toUserId === 'chenhao')!.text).toMatch(
      /^您有1项待办（最早的在前）：\nR1 /,
    );
  });

  it('pages a long list within 2048 bytes, whole lines each, the rest headed 续', async () => {
    await asSystem(h, async (ctx) => {
      for (let n = 1; n <= 30; n += 1)
        await openWorkItem(ctx, {
          workflow: 'tasks',
          itemId: `digest-${n}`,
          itemRef: `R${100 + n}`,
          kind: 'task',
          sourceId: `digest-${n}`,
          holderId: 'hejun',
          action: '督办任务',
          requester: '周敏（校领导）',
          subject: `第${n}项：${'整理校史馆资料并形成报告'.repeat(2)}`,
          submittedAt: ctx.clock.now(),
          dueAt: new Date(at('2026-12-10T18:00:00')),
        });
    });
    const pages = (await plan()).filter((message) => message.toUserId === 'hejun').map((message) => message.text);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(Buffer.byteLength(page, 'utf8')).toBeLessThanOrEqual(2048);
    expect(pages[0]).toMatch(/^您有30项待办（最早的在前）：\n/);
    expect(pages[1]).toMatch(/^您的待办（续，第\d+项起，共30项）：\n/);
    const lines = pages.flatMap((page) => page.split('\n').slice(1));
    expect(lines).toHaveLength(30);
    expect(lines.map((line) => line.split(' ')[0])).toEqual(Array.from({ length: 30 }, (_, n) => `R${101 + n}`));
  });

  it('goes out held: one message per person at 08:25 of a working day', async () => {
    await asSystem(h, async (ctx) => holdAll(ctx, await planPersonalDigest(ctx)));
    const { result, sent } = await asSystem(h, (ctx) => releaseHeldMessages(ctx));
    const toLihua = sent.filter((message) => message.to === 'lihua');
    expect(toLihua).toHaveLength(1);
    expect(toLihua[0]!.text).toMatch(/^您有\d项待办/);
    expect(result).toBe(sent.length);
  });

  it('plans nothing at night or on a day that does not count, so no stale digest waits for the morning', async () => {
    h.clock.set(at('2026-12-01T23:00:00'));
    expect(await plan()).toEqual([]);
    h.clock.set(at('2026-12-05T08:25:00')); // a Saturday
    expect(await plan()).toEqual([]);
    h.clock.set(at('2026-12-01T08:25:00'));
  });
});
