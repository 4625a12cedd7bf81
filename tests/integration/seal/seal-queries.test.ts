import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  approvedRequest,
  cardFor,
  mark,
  press,
  submitSeal,
  textsSince,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';

const TIME = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';

describe('查询 and 我的待办 for seal requests', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

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
    expect(lines).toContain('文件：课题结题报告；印章：校章；份数：2份');
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
      expect.stringMatching(/^刘强 用印登记：用印3份，登记第\d+号$/),
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
    const { ref: pendingUse, keeperCard } = await approvedRequest(t, 'chenhao', {
      文件: '成绩证明',
      时间: '2099-12-01 09:00',
    });

    const approverTodo = await ask('lihua', '我的待办', '待办');
    expect(approverTodo).toMatch(/^您有\d+项待办（最早的在前）：\n/);
    expect(approverTodo).toMatch(
      new RegExp(
        `^${pendingApproval} 用印审批｜张岩（教务处）｜校章 3份《学籍证明》｜\\d{2}-\\d{2} \\d{2}:\\d{2} 提交$`,
        'm',
      ),
    );
    expect(approverTodo).not.toContain(pendingUse);

    const keeperTodo = await ask('liuqiang', '我的待办', '待办');
    // a planned use time is 拟用, never a deadline
    expect(keeperTodo).toMatch(
      new RegExp(`^${pendingUse} 待用印｜陈浩（教务处）｜校章 3份《成绩证明》｜拟用 12-01 09:00$`, 'm'),
    );
    expect(keeperTodo).not.toContain('期限');
    expect(keeperTodo).not.toContain(pendingApproval);
    expect(keeperTodo.split('\n').at(-1)).toMatch(/^发送「查询 Y\d+」查看详情。$/);

    await press(t, 'liuqiang', keeperCard, 'stamped');
    await waitForCardUpdate(t, keeperCard);
    expect(await ask('liuqiang', '我的待办', '待办')).not.toContain(pendingUse);
  });

  it('a long 我的待办 comes in pages within 2048 bytes, oldest first, 「更多」 shows the rest, and a pending question stays open', async () => {
    const start = Date.now() - 3600_000;
    const refs = Array.from({ length: 30 }, (_, index) => `Y${501 + index}`);
    for (const [index, ref] of refs.entries()) {
      const at = new Date(start + index * 60_000);
      await t.db.prisma.sealRequest.create({
        data: {
          id: `paging-${index}`,
          orgId: 'demo',
          ref,
          applicantId: 'xieting',
          departmentId: 'research',
          purpose: '课题材料报送',
          document: `关于开展第${index + 1}届校级课题研究成果评选工作的材料汇编`,
          copies: 3,
          sealId: 'school',
          sealName: '校章',
          state: 'in_approval',
          keeperId: 'liuqiang',
          createdAt: at,
          updatedAt: at,
        },
      });
      // what the engine writes when the step opens: 我的待办 reads only this
      await t.db.prisma.workItem.create({
        data: {
          orgId: 'demo',
          workflow: 'seal',
          itemId: `paging-${index}`,
          itemRef: ref,
          kind: 'approval',
          sourceId: `paging-${index}`,
          holderId: 'xuli',
          action: '用印审批',
          requester: '谢婷（教科室）',
          subject: `校章 3份《关于开展第${index + 1}届校级课题研究成果评选…》`,
          submittedAt: at,
          since: at,
        },
      });
    }
    const since = mark(t, 'xuli');
    await t.sendText('xuli', '用印 事由:课题结题');
    await waitForText(t, 'xuli', '要盖章的是什么文件？', { since });

    const shown: string[] = [];
    const pages: string[] = [];
    const reminder = '您的「用印」还没有填完：要盖章的是什么文件？（回复「取消」放弃）';
    for (let command = '我的待办'; ; command = '更多') {
      const before = mark(t, 'xuli');
      await t.sendText('xuli', command);
      expect(await waitForText(t, 'xuli', reminder, { since: before })).toBe(reminder);
      const page = textsSince(t, 'xuli', before)[0]!;
      pages.push(page);
      expect(Buffer.byteLength(page, 'utf8')).toBeLessThanOrEqual(2048);
      shown.push(
        ...page
          .split('\n')
          .filter((line) => /^Y\d+ /.test(line))
          .map((line) => line.split(' ')[0]!),
      );
      if (!page.includes('回复「更多」')) break;
    }
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.split('\n')[0]).toBe('您有30项待办（最早的在前）：');
    expect(pages[0]!.split('\n').at(-1)).toBe(`还有${30 - pages[0]!.split('\n').length + 2}项，回复「更多」查看。`);
    expect(pages[1]!.split('\n')[0]).toMatch(/^您的待办（续，第\d+项起，共30项）：$/);
    expect(pages.at(-1)!.split('\n').at(-1)).toBe('发送「查询 Y501」查看详情。');
    expect(shown).toEqual(refs);

    const after = mark(t, 'xuli');
    await t.sendText('xuli', '更多');
    expect(await waitForText(t, 'xuli', '没有更多了', { since: after })).toBe('没有更多了。');
    // the question was never disturbed: the answer still goes to it
    const answered = mark(t, 'xuli');
    await t.sendText('xuli', '结题报告');
    expect(await waitForText(t, 'xuli', '要盖几份？', { since: answered })).toMatch(/^要盖几份？/);
  });

  it('「更多」 after 10 minutes says to ask for the list again', async () => {
    const since = mark(t, 'xuli');
    await t.sendText('xuli', '我的待办');
    await waitForText(t, 'xuli', '回复「更多」', { since });
    await t.db.prisma.replyPage.updateMany({
      where: { userId: 'xuli' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const later = mark(t, 'xuli');
    await t.sendText('xuli', '更多');
    expect(await waitForText(t, 'xuli', '超过10分钟', { since: later })).toBe(
      '上次的列表已超过10分钟，请重新发送「我的待办」。',
    );
  });
});
