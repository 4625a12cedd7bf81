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
} from '../../support/seal-helpers.js';

describe('rejection, cancellation, 无法用印 and 已用印 with fewer copies', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('驳回 asks the approver for the reason in chat; nothing changes until it arrives; then the applicant gets it', async () => {
    const ref = await submitSeal(t, 'liuyang', { 文件: '考务安排' });
    const card = await cardFor(t, 'lihua', ref);
    const lihuaSince = mark(t, 'lihua');
    const applicantSince = mark(t, 'liuyang');
    const before = await snapshot(t, ref);

    await press(t, 'lihua', card.taskId, 'reject');
    const question = await waitForText(t, 'lihua', '的原因', { since: lihuaSince });
    expect(question).toBe(
      `驳回 ${ref}（校章 3份《考务安排》）的原因是什么？\n原因会转告申请人。请直接回复；回复「取消」放弃驳回。`,
    );
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(updatesOf(t, card.taskId)).toEqual([]);
    expect(textsSince(t, 'liuyang', applicantSince)).toEqual([]);

    await t.sendText('lihua', '附件缺少盖章页，请补齐后再申请');
    await waitForText(t, 'lihua', `已驳回 ${ref}，并已把原因告诉申请人。`, { since: lihuaSince });
    const told = await waitForText(t, 'liuyang', '驳回', { since: applicantSince });
    expect(told).toBe(
      `您的用印申请 ${ref}（校章 3份《考务安排》）被李华驳回。\n原因：附件缺少盖章页，请补齐后再申请\n如需继续，请修改后重新发送「用印」。`,
    );
    expect(await waitForCardUpdate(t, card.taskId)).toMatch(/^已驳回 · 李华 \d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await findRequest(t, ref)).toMatchObject({
      state: 'rejected',
      closingReason: '附件缺少盖章页，请补齐后再申请',
    });
    expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(0);
  });

  it("the applicant cancels with 取消 Y<n> 原因:…; the approver's open card is greyed and they are told", async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const card = await cardFor(t, 'lihua', ref);
    const lihuaSince = mark(t, 'lihua');
    const applicantSince = mark(t, 'zhangyan');

    await t.sendText('zhangyan', `取消 ${ref} 原因:活动延期，暂不需要盖章`);
    expect(await waitForText(t, 'zhangyan', '撤回', { since: applicantSince })).toMatch(
      new RegExp(`^已撤回 ${ref}（校章 3份《测试文件\\d+号》）。$`),
    );
    expect(await waitForText(t, 'lihua', ref, { since: lihuaSince })).toMatch(
      new RegExp(`^${ref}（.+）已由申请人张岩撤回，无需再处理。原因：活动延期，暂不需要盖章$`),
    );
    expect(await waitForCardUpdate(t, card.taskId)).toBe('申请人已撤回');
    expect(await findRequest(t, ref)).toMatchObject({
      state: 'cancelled',
      closingReason: '活动延期，暂不需要盖章',
    });
  });

  it('someone other than the applicant cannot cancel it', async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const card = await cardFor(t, 'lihua', ref);
    const before = await snapshot(t, ref);
    const since = mark(t, 'chenhao');

    await t.sendText('chenhao', `取消 ${ref} 原因:不用了`);
    expect(await waitForText(t, 'chenhao', ref, { since })).toBe(`${ref} 只能由申请人撤回。`);
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(updatesOf(t, card.taskId)).toEqual([]);
  });

  it('someone other than the applicant is refused at once, not first asked for a reason', async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const since = mark(t, 'chenhao');

    await t.sendText('chenhao', `取消 ${ref}`);
    expect(await waitForText(t, 'chenhao', ref, { since })).toBe(`${ref} 只能由申请人撤回。`);
    expect(await t.db.prisma.conversation.count({ where: { userId: 'chenhao' } })).toBe(0);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'in_approval' });
  });

  it('the applicant is asked for the reason; giving up says the request still stands', async () => {
    const ref = await submitSeal(t, 'zhangyan');
    const since = mark(t, 'zhangyan');

    await t.sendText('zhangyan', `撤回 ${ref}`);
    expect(await waitForText(t, 'zhangyan', '撤回的原因', { since })).toBe(
      '撤回的原因是什么？\n可写任意文字（最多500字）\n（回复「取消」放弃）',
    );
    await t.sendText('zhangyan', '取消');
    expect(await waitForText(t, 'zhangyan', '已放弃', { since })).toBe(`已放弃撤回，${ref} 仍在审批中。`);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'in_approval' });
    expect(await t.db.prisma.conversation.count({ where: { userId: 'zhangyan' } })).toBe(0);
  });

  it('无法用印: the keeper is asked why, then the request closes and the applicant is told', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'chenhao', { 文件: '招生简章' });
    const keeperSince = mark(t, 'liuqiang');
    const applicantSince = mark(t, 'chenhao');
    const before = await snapshot(t, ref);

    await press(t, 'liuqiang', keeperCard, 'cannot_stamp');
    expect(await waitForText(t, 'liuqiang', '为什么无法用印', { since: keeperSince })).toBe(
      `${ref}（校章 3份《招生简章》）为什么无法用印？\n原因会转告申请人。请直接回复；回复「取消」放弃。`,
    );
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);

    // 我的待办 meanwhile is answered, and the question is still open afterwards
    await t.sendText('liuqiang', '我的待办');
    expect(await waitForText(t, 'liuqiang', '还在等您回复', { since: keeperSince })).toBe(
      `${ref} 无法用印的原因还在等您回复。请直接回复原因，或回复「取消」放弃。`,
    );
    expect(
      textsSince(t, 'liuqiang', keeperSince).some((text) =>
        text.split('\n').some((line) => line.startsWith(`${ref} 待用印｜陈浩（教务处）｜校章 3份《招生简章》｜`)),
      ),
    ).toBe(true);

    await t.sendText('liuqiang', '送来的是复印件，需原件才能盖章');
    await waitForText(t, 'liuqiang', `已记录 ${ref} 无法用印，并已告诉申请人。`, { since: keeperSince });
    const told = await waitForText(t, 'chenhao', '无法用印', { since: applicantSince });
    expect(told).toBe(
      `${ref}（校章 3份《招生简章》）无法用印（刘强）。\n原因：送来的是复印件，需原件才能盖章\n如仍需盖章，请处理后重新发送「用印」。`,
    );
    expect(await waitForCardUpdate(t, keeperCard)).toMatch(/^无法用印 · 刘强 /);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'closed', stampedCopies: null });
    expect(await t.db.prisma.sealRegisterEntry.count({ where: { requestRef: ref } })).toBe(0);
  });

  it('已用印 Y<n> 份数:2 records fewer copies than approved as such', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'chenhao', { 份数: 3 });
    const keeperSince = mark(t, 'liuqiang');
    const applicantSince = mark(t, 'chenhao');

    await t.sendText('liuqiang', `已用印 ${ref} 份数:2`);
    expect(await waitForText(t, 'liuqiang', '已登记', { since: keeperSince })).toBe(`已登记 ${ref} 用印2份。`);
    expect(await waitForText(t, 'chenhao', `${ref} 已用印`, { since: applicantSince })).toContain(
      '校章 2份（批准3份，实际2份）',
    );
    expect(await waitForCardUpdate(t, keeperCard)).toMatch(/^已用印 2份 · 刘强 /);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'used', copies: 3, stampedCopies: 2 });
    const rows = await t.db.prisma.sealRegisterEntry.findMany({ where: { requestRef: ref } });
    expect(rows.map((row) => row.copies)).toEqual([2]);
  });

  it('已用印 with more copies than approved is refused: a new request is needed', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'chenhao', { 份数: 3 });
    const before = await snapshot(t, ref);
    const keeperSince = mark(t, 'liuqiang');

    await t.sendText('liuqiang', `已用印 ${ref} 份数:5`);
    expect(await waitForText(t, 'liuqiang', ref, { since: keeperSince })).toBe(
      `${ref} 只批准了3份，不能登记5份。多出的份数需要申请人另行提交「用印」申请。`,
    );
    await t.quiesce();
    expect(await snapshot(t, ref)).toEqual(before);
    expect(updatesOf(t, keeperCard)).toEqual([]);
  });
});
