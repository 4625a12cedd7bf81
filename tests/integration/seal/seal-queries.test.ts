import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import { approvedRequest, cardFor, mark, press, submitSeal, waitForCardUpdate, waitForText } from '../../support/seal-helpers.js';

const TIME = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';

describe('查询 and 我的待办 for seal requests', () => {
  let t: TestService;
  beforeAll(async () => { t = await startTestService(); });
  afterAll(async () => { await t.stop(); });

  async function ask(user: string, text: string, expected: string): Promise<string> {
    const since = mark(t, user);
    await t.sendText(user, text);
    return waitForText(t, user, expected, { since });
  }

  it('查询 Y<n> shows the state, the holder and the full history with names and times', async () => {
    const ref = await submitSeal(t, 'chenhao', { 文件: '课题结题报告', 份数: 2, 时间: '2099-05-06 14:00' });
    const card = await cardFor(t, 'lihua', ref);
    await press(t, 'lihua', card.taskId, 'approve');
    await waitForCardUpdate(t, card.taskId);

    const view = await ask('chenhao', `查询 ${ref}`, `【${ref} 用印申请】`);
    const lines = view.split('\n');
    expect(lines[0]).toBe(`【${ref} 用印申请】审批中`);
    expect(lines).toContain('申请人：陈浩（教务处）');
    expect(lines).toContain('文件：课题结题报告；印章：校章；份数：2');
    expect(lines).toContain('拟用时间：05-06 14:00');
    expect(lines).toContain('审批顺序：李华（部门负责人） → 周敏（分管校领导） → 刘强（用印）');
    expect(lines).toContain('当前处理人：周敏');
    const history = lines.slice(lines.indexOf('经过：') + 1);
    expect(history).toHaveLength(3);
    expect(history[0]).toMatch(new RegExp(`^· ${TIME} 陈浩 提交申请$`));
    expect(history[1]).toMatch(new RegExp(`^· ${TIME} 陈浩 送审：第1步：李华$`));
    expect(history[2]).toMatch(new RegExp(`^· ${TIME} 李华 同意：第1步（部门负责人）同意，转第2步：周敏$`));
  });

  it('查询 of a finished request lists every step through to the register', async () => {
    const { ref, keeperCard } = await approvedRequest(t, 'chenhao');
    await press(t, 'liuqiang', keeperCard, 'stamped');
    await waitForCardUpdate(t, keeperCard);

    const view = await ask('lihua', `查询 ${ref}`, `【${ref} 用印申请】`);
    expect(view.split('\n')[0]).toBe(`【${ref} 用印申请】已用印`);
    const history = view.split('\n').slice(view.split('\n').indexOf('经过：') + 1);
    expect(history.map((line) => line.replace(new RegExp(`^· ${TIME} `), ''))).toEqual([
      '陈浩 提交申请',
      '陈浩 送审：第1步：李华',
      '李华 同意：第1步（部门负责人）同意，转第2步：周敏',
      '周敏 同意：第2步（分管校领导）同意，审批完成',
      expect.stringMatching(/^刘强 用印登记：用印 3 份，登记第 \d+ 号$/),
    ]);
  });

  it('查询 by someone who is not on the request and does not supervise it finds nothing', async () => {
    const ref = await submitSeal(t, 'chenhao');
    const reply = await ask('wanglei', `查询 ${ref}`, ref);
    expect(reply).toBe(`没有找到 ${ref}，或您无权查看。请核对编号。`);
  });

  it('我的待办 lists the approval waiting on the approver and the use waiting on the keeper, and drops them once done', async () => {
    const pendingApproval = await submitSeal(t, 'zhangyan', { 文件: '学籍证明' });
    await cardFor(t, 'lihua', pendingApproval);
    const { ref: pendingUse, keeperCard } = await approvedRequest(t, 'chenhao', { 文件: '成绩证明' });

    const approverTodo = await ask('lihua', '我的待办', '待办');
    expect(approverTodo).toMatch(new RegExp(`^· ${pendingApproval} 用印审批：（校章 3份：学籍证明）（\\d{2}-\\d{2} \\d{2}:\\d{2} 起）$`, 'm'));
    expect(approverTodo).not.toContain(pendingUse);

    const keeperTodo = await ask('liuqiang', '我的待办', '待办');
    expect(keeperTodo).toMatch(new RegExp(`^· ${pendingUse} 待用印：（校章 3份：成绩证明）（\\d{2}-\\d{2} \\d{2}:\\d{2} 起）$`, 'm'));
    expect(keeperTodo).not.toContain(pendingApproval);

    await press(t, 'liuqiang', keeperCard, 'stamped');
    await waitForCardUpdate(t, keeperCard);
    expect(await ask('liuqiang', '我的待办', '待办')).not.toContain(pendingUse);
  });
});
