import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  allCardsFor,
  approvedRequest,
  cardFor,
  cardsFor,
  findRequest,
  freshCreateTime,
  mark,
  press,
  settle,
  submitSeal,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';

/** Issue item 7: every race ends in exactly one correct transition. */
describe('concurrent taps, retried clicks and a restore racing a use', () => {
  let t: TestService;
  /**
   * Errors the service logged: a handler that failed (a deadlock, a lost compare-and-set) is retried
   * and may still end well, but the person waited for it and, after three, is told it failed.
   */
  let loggedErrors: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const entry = JSON.parse(chunk.toString()) as { msg?: string; err?: string | { message?: string } };
        loggedErrors.push(`${entry.msg ?? ''}: ${typeof entry.err === 'string' ? entry.err : (entry.err?.message ?? '')}`);
        done();
      },
    });
    t = await startTestService({ overrides: { logger: pino({ level: 'error' }, sink) } });
  });
  beforeEach(() => { loggedErrors = []; });
  // every race below must end well at the first attempt: no handler failed and was retried
  afterEach(() => { expect(loggedErrors).toEqual([]); });
  afterAll(async () => { await t.stop(); });

  async function decisionsOf(ref: string): Promise<string[]> {
    const request = await findRequest(t, ref);
    const decisions = await t.db.prisma.sealDecision.findMany({ where: { requestId: request.id } });
    return decisions.map((decision) => `${decision.stepIndex}:${decision.approverId}:${decision.decision}`);
  }

  it('two taps on the same approval card at the same moment: one decision, one next card, one explanation', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'lihua');

    await Promise.all([press(t, 'lihua', card.taskId, 'approve'), press(t, 'lihua', card.taskId, 'approve')]);
    await cardFor(t, 'zhoumin', ref);
    expect(await waitForText(t, 'lihua', ref, { since })).toContain('不能再次操作');
    await settle();
    expect(await decisionsOf(ref)).toEqual(['0:lihua:approved']);
    expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(1);
    expect(updatesOf(t, card.taskId)).toHaveLength(1);
    expect(textsSince(t, 'lihua', since)).toHaveLength(1);
  });

  it('the approver and someone else tapping the same card at once: only the approver\'s decision counts', async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'zhoumin');

    await Promise.all([press(t, 'zhoumin', card.taskId, 'approve'), press(t, 'lihua', card.taskId, 'approve')]);
    expect(await waitForText(t, 'zhoumin', `${ref} 的这一步由李华处理`, { since })).toBeDefined();
    await cardFor(t, 'zhoumin', ref);
    await settle();
    expect(await decisionsOf(ref)).toEqual(['0:lihua:approved']);
    expect(allCardsFor(t, ref)).toHaveLength(2);
  });

  it('a stale-card holder racing the current approver: the current step is decided once, the stale tap explained', async () => {
    const ref = await submitSeal(t, 'liuyang');
    const headCard = await cardFor(t, 'lihua', ref);
    await press(t, 'lihua', headCard.taskId, 'approve');
    const leaderCard = await cardFor(t, 'zhoumin', ref);
    const since = mark(t, 'lihua');

    await Promise.all([press(t, 'lihua', headCard.taskId, 'reject'), press(t, 'zhoumin', leaderCard.taskId, 'approve')]);
    await cardFor(t, 'liuqiang', ref);
    expect(await waitForText(t, 'lihua', ref, { since })).toContain('不能再次操作');
    await settle();
    expect(await decisionsOf(ref)).toEqual(['0:lihua:approved', '1:zhoumin:approved']);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'approved' });
    expect(await t.db.prisma.conversation.count({ where: { userId: 'lihua' } })).toBe(0);
  });

  it('WeCom delivering one click three times at once makes one transition and no explanation', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'lihua');
    const createTime = freshCreateTime();

    const statuses = await Promise.all([1, 2, 3].map(() => t.tap('lihua', card.taskId, 'approve', { createTime })));
    expect(statuses).toEqual([200, 200, 200]);
    await cardFor(t, 'zhoumin', ref);
    await waitForCardUpdate(t, card.taskId);
    await settle(600);
    expect(await decisionsOf(ref)).toEqual(['0:lihua:approved']);
    expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(1);
    expect(textsSince(t, 'lihua', since)).toEqual([]);
    expect(await t.db.prisma.inboundEvent.count({ where: { dedupeKey: { contains: card.taskId } } })).toBe(1);
  });

  it('the keeper tapping 已用印 twice at once records one use', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'zhaoli');
    const since = mark(t, 'liuqiang');

    await Promise.all([press(t, 'liuqiang', keeperCard, 'stamped'), press(t, 'liuqiang', keeperCard, 'stamped')]);
    expect(await waitForText(t, 'liuqiang', ref, { since })).toContain('不能再次操作');
    await settle();
    expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(1);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'used', stampedCopies: 3 });
    expect(updatesOf(t, keeperCard)).toHaveLength(1);
  });

  it('the applicant cancelling while the approver approves: the request ends cancelled with no card left open', async () => {
    for (let round = 0; round < 3; round += 1) {
      const ref = await submitSeal(t, 'zhangyan');
      const card = await cardFor(t, 'lihua', ref);
      const since = mark(t, 'zhangyan');

      await Promise.all([t.sendText('zhangyan', `取消 ${ref} 原因:第${round}轮`), press(t, 'lihua', card.taskId, 'approve')]);
      await waitForText(t, 'zhangyan', `已撤回 ${ref}`, { since });
      await waitForCardUpdate(t, card.taskId);
      await settle();
      const request = await findRequest(t, ref);
      expect(request.state).toBe('cancelled');
      const openCards = await t.db.prisma.card.count({ where: { itemId: request.id, status: 'open' } });
      expect(openCards).toBe(0);
      // cancelled first (no decision, no second card) or approved first (周敏's card came, then was greyed)
      const decisions = await decisionsOf(ref);
      if (decisions.length === 0) {
        expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(0);
      } else {
        expect(decisions).toEqual(['0:lihua:approved']);
        const leaderCard = await cardFor(t, 'zhoumin', ref);
        expect(await waitForCardUpdate(t, leaderCard.taskId)).toBe('申请人已撤回');
      }
      expect(cardsFor(t, 'liuqiang', ref)).toHaveLength(0);
    }
  });

  it('a restore racing the keeper\'s use ends in exactly one outcome: used, or refused and back to approved', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const { ref, keeperCard } = await approvedRequest(t, 'zhaoli');
      const keeperSince = mark(t, 'liuqiang');
      await t.sendText('liuqiang', `印章异常 印章:校章 说明:第${round}轮检查`);
      await waitForText(t, 'liuqiang', '已暂停印章「校章」', { since: keeperSince });
      expect(await findRequest(t, ref)).toMatchObject({ state: 'blocked' });
      const directorSince = mark(t, 'wangfang');
      const applicantSince = mark(t, 'zhaoli');
      const raceSince = mark(t, 'liuqiang');

      await Promise.all([t.sendText('wangfang', '印章恢复 印章:校章'), press(t, 'liuqiang', keeperCard, 'stamped')]);
      await waitForText(t, 'wangfang', '印章「校章」已恢复使用', { since: directorSince });
      const deadline = Date.now() + 10_000;
      const refused = (): boolean => textsSince(t, 'liuqiang', raceSince).some((text) => text.includes(`${ref} 暂不能用印`));
      const used = (): boolean => textsSince(t, 'zhaoli', applicantSince).some((text) => text.startsWith(`${ref} 已用印`));
      while (!refused() && !used() && Date.now() < deadline) await settle(25);
      await settle();

      const request = await findRequest(t, ref);
      const registerRows = await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } });
      expect(refused() !== used()).toBe(true);
      if (used()) {
        expect(request).toMatchObject({ state: 'used', stampedCopies: 3 });
        expect(registerRows).toBe(1);
        expect(updatesOf(t, keeperCard)).toHaveLength(1);
        outcomes.push('used');
      } else {
        expect(request).toMatchObject({ state: 'approved', holderId: 'liuqiang', stampedCopies: null });
        expect(registerRows).toBe(0);
        expect(updatesOf(t, keeperCard)).toEqual([]);
        expect(textsSince(t, 'liuqiang', raceSince).some((text) => text.includes(`${ref} 可以用印了`))).toBe(true);
        outcomes.push('refused');
        // finish it so the next round starts with nothing of ours left open
        const since = mark(t, 'liuqiang');
        await press(t, 'liuqiang', keeperCard, 'stamped');
        await waitForText(t, 'zhaoli', `${ref} 已用印`, { since: applicantSince });
        expect(textsSince(t, 'liuqiang', since)).toEqual([]);
      }
    }
    expect(outcomes).toHaveLength(5);
  });
});
