import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealOffers } from '../../../src/workflows/seal/seal-offers.js';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  cardFor,
  cardsFor,
  mark,
  press,
  waitForCardUpdate,
  waitForText,
  waitingOn,
} from '../../support/seal-helpers.js';

/**
 * Create from code (issue 9): another workflow opens a seal request in its own transaction — 发文,
 * once signed off, asks for its 法人章 — with the 签发 already given, and the two are linked both
 * ways. Called here as 发文 will call it, through the offer the app hands it.
 */
describe('a seal request opened for a signed-off document', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('counts the principal’s 签发, links F and Y, and the rest of the chain approves as usual', async () => {
    const since = mark(t, 'chenhao');
    const signedAt = new Date(Date.now() - 3600_000);
    const { ref, waitingOn: first } = await t.service.prisma.$transaction((tx) =>
      sealOffers.openSealRequestFor(t.contextIn(tx), {
        forRef: 'F3',
        applicantId: 'chenhao',
        purpose: '印发《关于期末考试安排的通知》',
        document: '关于期末考试安排的通知',
        copies: 20,
        seal: '法人章',
        given: [{ userId: 'zhaoli', at: signedAt, note: '已在 F3 签发' }],
      }),
    );
    expect(first).toEqual(['lihua']);
    expect(await waitForText(t, 'chenhao', `已为 F3 提交用印申请 ${ref}`, { since })).toBe(
      `已为 F3 提交用印申请 ${ref}（法人章 20份《关于期末考试安排的通知》）。\n` +
        `审批顺序：李华（部门负责人） → 周敏（分管校领导） → 赵立（校长，已同意） → 刘强（用印）\n现在等待李华审批。`,
    );

    for (const approver of ['lihua', 'zhoumin']) {
      const card = await cardFor(t, approver, ref);
      await press(t, approver, card.taskId, 'approve');
      await waitForCardUpdate(t, card.taskId);
    }
    await cardFor(t, 'liuqiang', ref);
    // the principal signed F3 off: no card of Y's for them
    expect(cardsFor(t, 'zhaoli', ref)).toHaveLength(0);
    expect(await waitingOn(t, ref)).toEqual(['liuqiang']);

    const asked = mark(t, 'chenhao');
    await t.sendText('chenhao', `查询 ${ref}`);
    const view = (await waitForText(t, 'chenhao', `【${ref} 用印申请】`, { since: asked })).split('\n');
    expect(view[1]).toBe('关联：F3（所用印的发文）');
    expect(view).toContain(
      '审批顺序：李华（部门负责人） → 周敏（分管校领导） → 赵立（校长，已在 F3 签发） → 刘强（用印）',
    );
    expect(await t.db.prisma.itemLink.findMany({ select: { fromRef: true, toRef: true, kind: true } })).toEqual([
      { fromRef: ref, toRef: 'F3', kind: 'seal_for' },
    ]);
  });

  it('refuses as 用印 would, and leaves nothing behind: a suspended seal opens no request', async () => {
    await t.sendText('liuqiang', '印章异常 印章:法人章 说明:印面磨损，送去重刻');
    await waitForText(t, 'liuqiang', '已暂停印章「法人章」', { since: 0 });
    const before = await t.db.prisma.sealRequest.count();
    await expect(
      t.service.prisma.$transaction((tx) =>
        sealOffers.openSealRequestFor(t.contextIn(tx), {
          forRef: 'F4',
          applicantId: 'chenhao',
          purpose: '印发',
          document: '通知',
          copies: 1,
          seal: '法人章',
          given: [],
        }),
      ),
    ).rejects.toThrow('印章「法人章」已暂停使用（印面磨损，送去重刻），暂不能申请。');
    expect(await t.db.prisma.sealRequest.count()).toBe(before);
    expect(await t.db.prisma.itemLink.count({ where: { toRef: 'F4' } })).toBe(0);
  });
});
