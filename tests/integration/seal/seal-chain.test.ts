import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  cardFacts,
  cardFor,
  cardsFor,
  findRequest,
  mark,
  press,
  submitSeal,
  waitForCardUpdate,
  waitForText,
  approvalDecisions,
  waitingOn,
} from '../../support/seal-helpers.js';

const STAMP_TIME = /\d{2}-\d{2} \d{2}:\d{2}$/;

describe('a seal request travels its approval chain on cards', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('goes 李华 (head) -> 周敏 (分管领导) -> 刘强 (keeper); the applicant is told and the register row is written', async () => {
    const applicantSince = mark(t, 'chenhao');
    const ref = await submitSeal(t, 'chenhao', { 文件: '2026年度工作总结', 份数: 3 });
    const submitted = await waitForText(t, 'chenhao', `已提交用印申请 ${ref}`, { since: applicantSince });
    expect(submitted).toContain('审批顺序：李华（部门负责人） → 周敏（分管校领导） → 刘强（用印）');

    const headCard = await cardFor(t, 'lihua', ref);
    const head = cardFacts(headCard);
    expect(head.title).toBe(`用印审批 ${ref}`);
    expect(head.desc).toBe('第1/2步 · 部门负责人');
    expect(head.rows).toMatchObject({
      申请人: '陈浩（教务处）',
      文件: '2026年度工作总结',
      份数: '3份',
      印章: '校章',
      已审批: '（第一位审批）',
    });
    expect(head.buttons).toEqual(['approve', 'reject']);
    expect(cardsFor(t, 'zhoumin', ref)).toHaveLength(0);

    await press(t, 'lihua', headCard.taskId, 'approve');
    expect(await waitForCardUpdate(t, headCard.taskId)).toMatch(new RegExp(`^已同意 · 李华 ${STAMP_TIME.source}`));
    await waitForText(t, 'chenhao', `${ref}：李华已同意，现在等待周敏（分管校领导）审批。`, { since: applicantSince });

    const leaderCard = await cardFor(t, 'zhoumin', ref);
    const leader = cardFacts(leaderCard);
    expect(leader.desc).toBe('第2/2步 · 分管校领导');
    expect(leader.rows['已审批']).toMatch(/^李华 \d{2}-\d{2} \d{2}:\d{2}$/);
    expect(cardsFor(t, 'liuqiang', ref)).toHaveLength(0);

    await press(t, 'zhoumin', leaderCard.taskId, 'approve');
    expect(await waitForCardUpdate(t, leaderCard.taskId)).toMatch(/^已同意 · 周敏 /);
    await waitForText(
      t,
      'chenhao',
      `您的用印申请 ${ref}（校章 3份《2026年度工作总结》）已全部审批通过（最后由周敏同意）。请携带文件到综合办公室找刘强用印。`,
      { since: applicantSince },
    );

    const keeperCard = await cardFor(t, 'liuqiang', ref);
    const keeper = cardFacts(keeperCard);
    expect(keeper.title).toBe(`待用印 ${ref}`);
    expect(keeper.buttons).toEqual(['stamped', 'cannot_stamp']);
    expect(keeper.rows['已审批']).toMatch(/^李华 .+；周敏 .+$/);

    await press(t, 'liuqiang', keeperCard.taskId, 'stamped');
    expect(await waitForCardUpdate(t, keeperCard.taskId)).toMatch(/^已用印 3份 · 刘强 /);
    const told = await waitForText(t, 'chenhao', `${ref} 已用印`, { since: applicantSince });
    expect(told).toMatch(
      new RegExp(`^${ref} 已用印：校章 3份，刘强 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 登记（用印登记第\\d+号）。$`),
    );

    const request = await findRequest(t, ref);
    expect(request).toMatchObject({ state: 'used', stampedCopies: 3 });
    expect(await waitingOn(t, ref)).toEqual([]);
    const [row, ...others] = await t.db.prisma.sealRegisterEntry.findMany({ where: { requestRef: ref } });
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({
      sealName: '校章',
      document: '2026年度工作总结',
      copies: 3,
      applicantId: 'chenhao',
      approverIds: 'lihua|zhoumin',
      keeperId: 'liuqiang',
    });
    expect(told).toContain(`用印登记第${row!.seq}号`);
  });

  it('the 法人章 chain adds the principal: 李华 -> 周敏 -> 赵立, three approval cards before the keeper', async () => {
    const ref = await submitSeal(t, 'zhangyan', { 印章: '法人章', 份数: 1 });
    const steps: [string, string][] = [
      ['lihua', '第1/3步 · 部门负责人'],
      ['zhoumin', '第2/3步 · 分管校领导'],
      ['zhaoli', '第3/3步 · 校长'],
    ];
    for (const [approver, stepLine] of steps) {
      expect(cardsFor(t, 'liuqiang', ref)).toHaveLength(0);
      const card = await cardFor(t, approver, ref);
      expect(cardFacts(card).desc).toBe(stepLine);
      await press(t, approver, card.taskId, 'approve');
      await waitForCardUpdate(t, card.taskId);
    }
    const keeperCard = await cardFor(t, 'liuqiang', ref);
    // three approvals with times overflow WeCom's 30-character row: the names must all still show
    expect(cardFacts(keeperCard).rows['已审批']).toBe('李华、周敏、赵立');
    const request = await findRequest(t, ref);
    expect(request).toMatchObject({ state: 'approved' });
    expect(await waitingOn(t, ref)).toEqual(['liuqiang']);
    expect(await approvalDecisions(t, ref)).toEqual([
      ['dept_head', 'lihua', 'approved', 'lihua'],
      ['dept_leader', 'zhoumin', 'approved', 'zhoumin'],
      ['principal', 'zhaoli', 'approved', 'zhaoli'],
    ]);
  });

  it('an applicant who heads their own department (李华) skips that step: the first card goes to 周敏', async () => {
    const lihuaSince = mark(t, 'lihua');
    const ref = await submitSeal(t, 'lihua');
    const reply = await waitForText(t, 'lihua', `已提交用印申请 ${ref}`, { since: lihuaSince });
    expect(reply).toContain('审批顺序：周敏（分管校领导） → 刘强（用印）');

    const card = await cardFor(t, 'zhoumin', ref);
    expect(cardFacts(card).desc).toBe('第1/1步 · 分管校领导');
    expect(cardsFor(t, 'lihua', ref)).toHaveLength(0);

    await press(t, 'zhoumin', card.taskId, 'approve');
    await cardFor(t, 'liuqiang', ref);
    expect(cardsFor(t, 'lihua', ref)).toHaveLength(0);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'approved' });
    expect(await waitingOn(t, ref)).toEqual(['liuqiang']);
  });
});
