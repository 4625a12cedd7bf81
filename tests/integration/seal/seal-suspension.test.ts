import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  approvedRequest,
  cardFor,
  cardsFor,
  findRequest,
  mark,
  press,
  snapshot,
  submitSeal,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
  waitingOn,
} from '../../support/seal-helpers.js';

const LEADERS_AND_DIRECTOR = ['zhaoli', 'zhoumin', 'sunwei', 'qianjun', 'wujing', 'wangfang'];

describe('印章异常 suspends a seal, 印章恢复 lifts it', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function suspend(seal: string, reason: string): Promise<string> {
    const since = mark(t, 'liuqiang');
    await t.sendText('liuqiang', `印章异常 印章:${seal} 说明:${reason}`);
    return waitForText(t, 'liuqiang', `已暂停印章「${seal}」`, { since });
  }

  async function restore(seal: string): Promise<string> {
    const since = mark(t, 'wangfang');
    await t.sendText('wangfang', `印章恢复 印章:${seal}`);
    return waitForText(t, 'wangfang', `印章「${seal}」已恢复使用`, { since });
  }

  it('a request for a suspended seal is refused; the other seal still takes requests', async () => {
    await suspend('法人章', '印面磨损待重新刻制');
    try {
      const since = mark(t, 'chenhao');
      const requestsBefore = await t.db.prisma.sealRequest.count();
      await t.sendText('chenhao', '用印 事由:签订合同 文件:实习基地协议 份数:2 印章:法人章');
      expect(await waitForText(t, 'chenhao', '法人章', { since })).toBe(
        '印章「法人章」已暂停使用（印面磨损待重新刻制），暂不能申请。恢复后会另行通知。',
      );
      await t.quiesce();
      expect(await t.db.prisma.sealRequest.count()).toBe(requestsBefore);
      expect(
        t.fake.messages({ toUser: 'lihua' }).filter((message) => message.msgtype === 'template_card'),
      ).toHaveLength(0);

      const ref = await submitSeal(t, 'chenhao', { 印章: '校章' });
      await cardFor(t, 'lihua', ref);
    } finally {
      await restore('法人章');
    }
  });

  it("suspension blocks an approved request: the keeper's tap is refused; leaders and the office director are alerted", async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'chenhao');
    const alertSince = Object.fromEntries(LEADERS_AND_DIRECTOR.map((user) => [user, mark(t, user)]));
    const applicantSince = mark(t, 'chenhao');
    try {
      const reply = await suspend('校章', '印章遗失，已报警');
      expect(reply).toContain(`件申请受影响`);
      expect(reply).toContain(ref);
      expect(await findRequest(t, ref)).toMatchObject({ state: 'blocked' });
      for (const user of LEADERS_AND_DIRECTOR) {
        const alert = await waitForText(t, user, '【印章异常】', { since: alertSince[user] });
        expect(alert).toContain('「校章」已暂停使用');
        expect(alert).toContain('报告人：刘强');
        expect(alert).toContain('情况：印章遗失，已报警');
        expect(alert).toContain(ref);
      }
      expect(await waitForText(t, 'chenhao', ref, { since: applicantSince })).toBe(
        `您的用印申请 ${ref} 所用印章「校章」已暂停使用（印章遗失，已报警），审批和用印都已暂停。印章恢复后会通知您。`,
      );

      const before = await snapshot(t, ref);
      const keeperSince = mark(t, 'liuqiang');
      await press(t, 'liuqiang', keeperCard, 'stamped');
      expect(await waitForText(t, 'liuqiang', ref, { since: keeperSince })).toBe(
        `印章「校章」已暂停使用（印章遗失，已报警），${ref} 暂不能用印。恢复后可再确认。`,
      );
      await t.quiesce();
      expect(await snapshot(t, ref)).toEqual(before);
      expect(updatesOf(t, keeperCard)).toEqual([]);
      expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(0);
    } finally {
      await restore('校章');
    }
  });

  it('restore unblocks it: the keeper is told, and the same card then records the use', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'chenhao');
    const beforeSuspension = mark(t, 'chenhao');
    await suspend('校章', '印章损坏');
    expect(await findRequest(t, ref)).toMatchObject({ state: 'blocked' });
    // the applicant's suspension notice comes first; what follows is about the restore
    await waitForText(t, 'chenhao', `${ref} 所用印章「校章」已暂停使用`, { since: beforeSuspension });
    const keeperSince = mark(t, 'liuqiang');
    const applicantSince = mark(t, 'chenhao');

    await restore('校章');
    expect(await findRequest(t, ref)).toMatchObject({ state: 'approved' });
    expect(await waitingOn(t, ref)).toEqual(['liuqiang']);
    expect(await waitForText(t, 'liuqiang', ref, { since: keeperSince })).toBe(
      `印章「校章」已恢复，${ref} 可以用印了（可直接点之前的用印卡片）。`,
    );
    expect(await waitForText(t, 'chenhao', ref, { since: applicantSince })).toBe(
      `印章「校章」已恢复使用，您的 ${ref} 继续办理。`,
    );

    await press(t, 'liuqiang', keeperCard, 'stamped');
    expect(await waitForCardUpdate(t, keeperCard)).toMatch(/^已用印 3份 · 刘强 /);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'used', stampedCopies: 3 });
    expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(1);
  });

  it('a request in approval during suspension: the approval tap is refused, and works after restore', async () => {
    const ref = await submitSeal(t, 'liuyang');
    const card = await cardFor(t, 'lihua', ref);
    await suspend('校章', '印章送修');
    let isRestored = false;
    try {
      expect(await findRequest(t, ref)).toMatchObject({ state: 'in_approval' });
      expect(await waitingOn(t, ref)).toEqual(['lihua']);
      const before = await snapshot(t, ref);
      const since = mark(t, 'lihua');
      await press(t, 'lihua', card.taskId, 'approve');
      expect(await waitForText(t, 'lihua', '暂不能审批', { since })).toBe(
        '印章「校章」已暂停使用（印章送修），暂不能审批。印章恢复后可再点这张卡片。',
      );
      await t.quiesce();
      expect(await snapshot(t, ref)).toEqual(before);
      expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(0);
      expect(updatesOf(t, card.taskId)).toEqual([]);

      await restore('校章');
      isRestored = true;
      await press(t, 'lihua', card.taskId, 'approve');
      expect(await waitForCardUpdate(t, card.taskId)).toMatch(/^已同意 · 李华 /);
      await cardFor(t, 'zhoumin', ref);
      expect(await findRequest(t, ref)).toMatchObject({ state: 'in_approval' });
      expect(await waitingOn(t, ref)).toEqual(['zhoumin']);
      expect(textsSince(t, 'lihua', since)).toHaveLength(1);
    } finally {
      if (!isRestored) await restore('校章');
    }
  });
});
