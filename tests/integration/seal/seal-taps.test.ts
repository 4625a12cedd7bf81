import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  allCardsFor,
  cardFor,
  freshCreateTime,
  mark,
  press,
  snapshot,
  submitSeal,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';

/**
 * Spec 2.6: a tap by someone else, a second tap, a tap on a stale card change nothing and get one
 * line of explanation; WeCom retrying a click is the same click (deduped at the gateway).
 */
describe('taps that must change nothing', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a tap by someone who does not hold the step is refused with who does', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    const before = await snapshot(t, ref);
    const since = mark(t, 'zhoumin');

    await press(t, 'zhoumin', card.taskId, 'approve');
    expect(await waitForText(t, 'zhoumin', ref, { since })).toBe(`${ref} 的这一步由李华处理，您不能代为操作。`);
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(allCardsFor(t, ref)).toHaveLength(1);
    expect(updatesOf(t, card.taskId)).toEqual([]);
    expect(textsSince(t, 'zhoumin', since)).toHaveLength(1);
  });

  it('a second tap on an answered card changes nothing and says it was already handled', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    await press(t, 'lihua', card.taskId, 'approve');
    await waitForCardUpdate(t, card.taskId);
    await cardFor(t, 'zhoumin', ref);
    const before = await snapshot(t, ref);
    const since = mark(t, 'lihua');

    await press(t, 'lihua', card.taskId, 'approve');
    expect(await waitForText(t, 'lihua', ref, { since })).toMatch(
      new RegExp(
        `^${ref} 的这张卡片已处理（已同意 · 李华 \\d{2}-\\d{2} \\d{2}:\\d{2}），不能再次操作。发送「查询 ${ref}」查看当前状态。$`,
      ),
    );
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(allCardsFor(t, ref)).toHaveLength(2);
    expect(updatesOf(t, card.taskId)).toHaveLength(1);
  });

  it('驳回 on the step-1 card after the request moved on to step 2 changes nothing', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    await press(t, 'lihua', card.taskId, 'approve');
    await cardFor(t, 'zhoumin', ref);
    await waitForCardUpdate(t, card.taskId);
    const before = await snapshot(t, ref);
    const since = mark(t, 'lihua');

    await press(t, 'lihua', card.taskId, 'reject');
    expect(await waitForText(t, 'lihua', ref, { since })).toContain('不能再次操作');
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    // no reason was asked for: 李华 has no open question that would swallow her next message
    expect(await t.db.prisma.conversation.count({ where: { userId: 'lihua' } })).toBe(0);
    expect(textsSince(t, 'lihua', since)).toHaveLength(1);
  });

  it('a tap on a card of a cancelled request changes nothing and says the card is no longer valid', async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const card = await cardFor(t, 'lihua', ref);
    const applicantSince = mark(t, 'zhangyan');
    await t.sendText('zhangyan', `取消 ${ref} 原因:不需要了`);
    await waitForText(t, 'zhangyan', `已撤回 ${ref}`, { since: applicantSince });
    await waitForCardUpdate(t, card.taskId);
    const before = await snapshot(t, ref);
    const since = mark(t, 'lihua');

    await press(t, 'lihua', card.taskId, 'approve');
    expect(await waitForText(t, 'lihua', `${ref} 的这张卡片已失效`, { since })).toBe(
      `${ref} 的这张卡片已失效（申请人已撤回），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
    );
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(allCardsFor(t, ref)).toHaveLength(1);
  });

  it('a rejection reason that arrives after the applicant cancelled changes nothing and says why', async () => {
    const ref = await submitSeal(t, 'liuyang');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'lihua');
    await press(t, 'lihua', card.taskId, 'reject');
    await waitForText(t, 'lihua', '的原因', { since });
    const applicantSince = mark(t, 'liuyang');
    await t.sendText('liuyang', `取消 ${ref} 原因:改用电子签章`);
    await waitForText(t, 'liuyang', `已撤回 ${ref}`, { since: applicantSince });
    const before = await snapshot(t, ref);

    await t.sendText('lihua', '材料不全');
    expect(await waitForText(t, 'lihua', '驳回没有生效', { since })).toBe(
      `驳回没有生效：${ref} 已撤回，这张卡片已失效。`,
    );
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(textsSince(t, 'liuyang', applicantSince).some((text) => text.includes('驳回'))).toBe(false);
  });

  it('WeCom retrying a click (same FromUserName, CreateTime, TaskId, EventKey) is one click: one transition, one answer', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'lihua');
    const createTime = freshCreateTime();

    expect(await t.tap('lihua', card.taskId, 'approve', { createTime })).toBe(200);
    await cardFor(t, 'zhoumin', ref);
    await waitForCardUpdate(t, card.taskId);
    const after = await snapshot(t, ref);

    // the retry arrives after the first was handled, with a fresh response code as WeCom sends it
    expect(await t.tap('lihua', card.taskId, 'approve', { createTime })).toBe(200);
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(after);
    expect(allCardsFor(t, ref)).toHaveLength(2);
    expect(updatesOf(t, card.taskId)).toHaveLength(1);
    // the retry is not a second tap: no "already handled" line for a click 李华 made once
    expect(textsSince(t, 'lihua', since)).toEqual([]);
    const events = await t.db.prisma.inboundEvent.findMany({
      where: { fromUserId: 'lihua', dedupeKey: { contains: card.taskId } },
    });
    expect(events).toHaveLength(1);
  });
});
