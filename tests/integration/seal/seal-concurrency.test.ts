import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/db/prisma.js';
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
  raceBehindLock,
  submitSeal,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
  approvalDecisions,
  waitingOn,
} from '../../support/seal-helpers.js';

/**
 * Issue item 7: every race ends in exactly one correct transition. Each race is made to happen (the
 * contenders queue behind a row lock the test holds, recorded and unprocessed, in a chosen order)
 * rather than hoped for, and where the order matters both orders are run.
 */
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
        loggedErrors.push(
          `${entry.msg ?? ''}: ${typeof entry.err === 'string' ? entry.err : (entry.err?.message ?? '')}`,
        );
        done();
      },
    });
    t = await startTestService({ overrides: { logger: pino({ level: 'error' }, sink) } });
  });
  beforeEach(() => {
    loggedErrors = [];
  });
  // every race below must end well at the first attempt: no handler failed and was retried
  afterEach(() => {
    expect(loggedErrors).toEqual([]);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function decisionsOf(ref: string): Promise<string[]> {
    const holders = await approvalDecisions(t, ref);
    return holders
      .filter(([, , state]) => ['approved', 'rejected', 'returned'].includes(state))
      .map(([rule, , state, by]) => `${rule}:${by}:${state}`);
  }

  /** Row locks a test holds so its contenders queue behind them. */
  const lockCards =
    (...taskIds: string[]) =>
    async (tx: Tx) => {
      for (const taskId of taskIds) await tx.$queryRaw`SELECT task_id FROM card WHERE task_id = ${taskId} FOR UPDATE`;
    };
  const lockRequest = (ref: string) => async (tx: Tx) => {
    await tx.$queryRaw`SELECT id FROM seal_request WHERE ref = ${ref} FOR UPDATE`;
  };

  it('two taps on the same approval card at the same moment: one decision, one next card, one explanation', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'lihua');

    const events = await raceBehindLock(t, lockCards(card.taskId), [
      { send: () => press(t, 'lihua', card.taskId, 'approve'), waitingAfter: 1 },
      { send: () => press(t, 'lihua', card.taskId, 'approve'), waitingAfter: 2 },
    ]);
    expect(events).toHaveLength(2);
    await cardFor(t, 'zhoumin', ref);
    expect(await waitForText(t, 'lihua', ref, { since })).toMatch(
      new RegExp(`^${ref} 的这张卡片已处理（已同意 · 李华 .+），不能再次操作。`),
    );
    await t.quiesce();
    expect(await decisionsOf(ref)).toEqual(['dept_head:lihua:approved']);
    expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(1);
    expect(updatesOf(t, card.taskId)).toHaveLength(1);
    expect(textsSince(t, 'lihua', since)).toHaveLength(1);
  });

  it("the approver and someone else tapping the same card at once: only the approver's decision counts", async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'zhoumin');

    await raceBehindLock(t, lockCards(card.taskId), [
      { send: () => press(t, 'zhoumin', card.taskId, 'approve'), waitingAfter: 1 },
      { send: () => press(t, 'lihua', card.taskId, 'approve'), waitingAfter: 2 },
    ]);
    expect(await waitForText(t, 'zhoumin', `${ref} 的这一步由李华处理`, { since })).toBe(
      `${ref} 的这一步由李华处理，您不能代为操作。`,
    );
    await cardFor(t, 'zhoumin', ref);
    await t.quiesce();
    expect(await decisionsOf(ref)).toEqual(['dept_head:lihua:approved']);
    expect(allCardsFor(t, ref)).toHaveLength(2);
  });

  it('a stale-card holder racing the current approver: the current step is decided once, the stale tap explained', async () => {
    const ref = await submitSeal(t, 'liuyang');
    const headCard = await cardFor(t, 'lihua', ref);
    await press(t, 'lihua', headCard.taskId, 'approve');
    const leaderCard = await cardFor(t, 'zhoumin', ref);
    const since = mark(t, 'lihua');

    const lockBoth = async (tx: Tx) => {
      await lockCards(headCard.taskId)(tx);
      await lockRequest(ref)(tx);
    };
    await raceBehindLock(t, lockBoth, [
      { send: () => press(t, 'lihua', headCard.taskId, 'reject'), waitingAfter: 1 },
      { send: () => press(t, 'zhoumin', leaderCard.taskId, 'approve'), waitingAfter: 2 },
    ]);
    await cardFor(t, 'liuqiang', ref);
    expect(await waitForText(t, 'lihua', ref, { since })).toContain('不能再次操作');
    await t.quiesce();
    expect(await decisionsOf(ref)).toEqual(['dept_head:lihua:approved', 'dept_leader:zhoumin:approved']);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'approved' });
    expect(await t.db.prisma.conversation.count({ where: { userId: 'lihua' } })).toBe(0);
  });

  it('WeCom delivering one click three times while the first is still unprocessed makes one transition and no explanation', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);
    const since = mark(t, 'lihua');
    const createTime = freshCreateTime();

    // all three deliveries are answered while the one recorded event waits: deduped before processing
    const events = await raceBehindLock(t, lockCards(card.taskId), [
      {
        send: () => Promise.all([1, 2, 3].map(() => t.tap('lihua', card.taskId, 'approve', { createTime }))),
        waitingAfter: 1,
      },
    ]);
    expect(events).toHaveLength(1);
    await cardFor(t, 'zhoumin', ref);
    await waitForCardUpdate(t, card.taskId);
    await t.quiesce();
    expect(await decisionsOf(ref)).toEqual(['dept_head:lihua:approved']);
    expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(1);
    expect(textsSince(t, 'lihua', since)).toEqual([]);
    expect(await t.db.prisma.inboundEvent.count({ where: { dedupeKey: { contains: card.taskId } } })).toBe(1);
  });

  it('the keeper tapping 已用印 twice at once records one use', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'zhaoli');
    const since = mark(t, 'liuqiang');

    await raceBehindLock(t, lockCards(keeperCard), [
      { send: () => press(t, 'liuqiang', keeperCard, 'stamped'), waitingAfter: 1 },
      { send: () => press(t, 'liuqiang', keeperCard, 'stamped'), waitingAfter: 2 },
    ]);
    expect(await waitForText(t, 'liuqiang', ref, { since })).toContain('不能再次操作');
    await t.quiesce();
    expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(1);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'used', stampedCopies: 3 });
    expect(updatesOf(t, keeperCard)).toHaveLength(1);
  });

  it('the applicant cancelling while the approver approves, in either order: cancelled, with no card left open', async () => {
    for (const first of ['cancel', 'approve'] as const) {
      const ref = await submitSeal(t, 'zhangyan');
      const card = await cardFor(t, 'lihua', ref);
      const since = mark(t, 'zhangyan');
      const cancel = {
        send: () => t.sendText('zhangyan', `取消 ${ref} 原因:先${first === 'cancel' ? '撤回' : '审批'}`),
        waitingAfter: 0,
      };
      const approve = { send: () => press(t, 'lihua', card.taskId, 'approve'), waitingAfter: 0 };
      const order = first === 'cancel' ? [cancel, approve] : [approve, cancel];
      await raceBehindLock(
        t,
        lockRequest(ref),
        order.map((contender, index) => ({ ...contender, waitingAfter: index + 1 })),
      );

      await waitForText(t, 'zhangyan', `已撤回 ${ref}`, { since });
      await waitForCardUpdate(t, card.taskId);
      await t.quiesce();
      const request = await findRequest(t, ref);
      expect(request.state).toBe('cancelled');
      expect(await t.db.prisma.card.count({ where: { itemId: request.id, status: 'open' } })).toBe(0);
      if (first === 'cancel') {
        // cancelled first: the approval card was greyed, and the tap on it changed nothing
        expect(await decisionsOf(ref)).toEqual([]);
        expect(updatesOf(t, card.taskId)).toEqual(['申请人已撤回']);
        expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(0);
      } else {
        // approved first: 周敏's card came, and was then greyed by the withdrawal
        expect(await decisionsOf(ref)).toEqual(['dept_head:lihua:approved']);
        const leaderCard = await cardFor(t, 'zhoumin', ref);
        expect(await waitForCardUpdate(t, leaderCard.taskId)).toBe('申请人已撤回');
      }
      expect(cardsFor(t, 'liuqiang', ref)).toHaveLength(0);
    }
  });

  it("a restore racing the keeper's use, in either order: refused and back to approved, or used", async () => {
    for (const first of ['use', 'restore'] as const) {
      const { ref, keeperCard } = await approvedRequest(t, 'zhaoli');
      const keeperSince = mark(t, 'liuqiang');
      await t.sendText('liuqiang', `印章异常 印章:校章 说明:${first}先`);
      await waitForText(t, 'liuqiang', '已暂停印章「校章」', { since: keeperSince });
      expect(await findRequest(t, ref)).toMatchObject({ state: 'blocked' });
      const directorSince = mark(t, 'wangfang');
      const applicantSince = mark(t, 'zhaoli');
      const raceSince = mark(t, 'liuqiang');

      const use = { send: () => press(t, 'liuqiang', keeperCard, 'stamped') };
      const restore = { send: () => t.sendText('wangfang', '印章恢复 印章:校章') };
      const order = first === 'use' ? [use, restore] : [restore, use];
      await raceBehindLock(
        t,
        lockRequest(ref),
        order.map((contender, index) => ({ ...contender, waitingAfter: index + 1 })),
      );
      await waitForText(t, 'wangfang', '印章「校章」已恢复使用', { since: directorSince });

      if (first === 'use') {
        // the use saw the seal still suspended (the restore had not committed): refused, card kept
        expect(await waitForText(t, 'liuqiang', `${ref} 暂不能用印`, { since: raceSince })).toContain('已暂停使用');
        await waitForText(t, 'liuqiang', `${ref} 可以用印了`, { since: raceSince });
        await t.quiesce();
        expect(await findRequest(t, ref)).toMatchObject({ state: 'approved', stampedCopies: null });
        expect(await waitingOn(t, ref)).toEqual(['liuqiang']);
        expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(0);
        expect(updatesOf(t, keeperCard)).toEqual([]);
        // the same card records the use now
        await press(t, 'liuqiang', keeperCard, 'stamped');
        await waitForText(t, 'zhaoli', `${ref} 已用印`, { since: applicantSince });
        // the applicant's text and the keeper's card update go out separately: wait for both
        await t.quiesce();
      } else {
        // restored first: the use found the request approved and the seal active
        expect(await waitForText(t, 'zhaoli', `${ref} 已用印`, { since: applicantSince })).toMatch(
          new RegExp(`^${ref} 已用印：校章 3份`),
        );
        await t.quiesce();
        expect(textsSince(t, 'liuqiang', raceSince).some((text) => text.includes('暂不能用印'))).toBe(false);
      }
      expect(await findRequest(t, ref)).toMatchObject({ state: 'used', stampedCopies: 3 });
      expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(1);
      expect(updatesOf(t, keeperCard)).toHaveLength(1);
    }
  });
});
