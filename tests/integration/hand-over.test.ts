import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveBy,
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
} from '../support/seal-helpers.js';
import { startTestService, type TestService } from '../support/test-service.js';

const OFFICE = ['wangfang', 'liuqiang', 'yangxue', 'zhuhong', 'majie'];

/**
 * Issue 9: when the org file changes (SIGHUP calls reloadDirectory), open steps and the keeper's
 * work follow the people who hold them now; 转交 moves one step by hand. One service, one org file
 * of its own that each test edits further (no test undoes another's change, so nothing moves back).
 */
describe('hand-over when people change, and 转交', () => {
  let t: TestService;
  let folder: string;
  let orgFile: string;
  let orgText: string;
  let newcomers = 0;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'xiaoban-handover-'));
    orgFile = join(folder, 'org.yaml');
    orgText = (await readFile('config/org.yaml', 'utf8'))
      .replace(
        /^people:\n/m,
        'people:\n' +
          '  - { userid: qiming, name: 齐明, departments: [general], roles: [staff], position: 合同专员 }\n' +
          '  - { userid: xiaohu, name: 肖虎, departments: [security], roles: [staff], position: 安全员 }\n',
      )
      .replace(
        /^seals:\n/m,
        'seals:\n' +
          '  - { id: contract, name: 合同章, keeper: liuqiang, approval: ["user:qiming"] }\n' +
          '  - { id: party, name: 党委章, keeper: liuqiang, approval: ["role:leader"] }\n',
      );
    await writeFile(orgFile, orgText);
    t = await startTestService({ envOverrides: { ORG_FILE: orgFile } });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  /** Edits the org file, reloads it as SIGHUP does, and waits until every message went out. */
  async function reload(edit?: (text: string) => string): Promise<void> {
    if (edit) {
      const edited = edit(orgText);
      if (edited === orgText) throw new Error('the edit changed nothing in the org file');
      orgText = edited;
    }
    await writeFile(orgFile, orgText);
    await t.service.reloadDirectory();
    await t.quiesce();
  }
  const withoutPerson =
    (userId: string) =>
    (text: string): string =>
      text.replace(new RegExp(`^  - \\{ userid: ${userId},.*\\n`, 'm'), '');
  /** A change of the directory that moves nobody: a new teacher joins. */
  const withNewcomer = (text: string): string => {
    newcomers += 1;
    return text.replace(
      /^people:\n/m,
      `people:\n  - { userid: xinren${newcomers}, name: 新人${newcomers}, departments: [grade10], roles: [staff] }\n`,
    );
  };

  async function ask(user: string, text: string, expected: string): Promise<string> {
    const since = mark(t, user);
    await t.sendText(user, text);
    return waitForText(t, user, expected, { since });
  }
  const handOverRuns = (): Promise<number> => t.db.prisma.handoverRun.count();
  const auditOf = async (ref: string, action: string): Promise<string[]> =>
    (await t.db.prisma.auditLog.findMany({ where: { itemRef: ref, action }, orderBy: { id: 'asc' } })).map(
      (entry) => `${entry.actorId} ${entry.comment ?? ''}`,
    );
  const cardRow = (taskId: string) => t.db.prisma.card.findUniqueOrThrow({ where: { taskId } });
  const history = (view: string): string[] =>
    view
      .split('\n')
      .slice(view.split('\n').indexOf('经过：') + 1)
      .map((line) => line.replace(/^· \d{4}-\d{2}-\d{2} \d{2}:\d{2} /, ''));

  it("a department's new head gets the open step at reload: card, 我的待办, 查询 with names, and can approve", async () => {
    const ref = await submitSeal(t, 'chenhao');
    const lihuaCard = await cardFor(t, 'lihua', ref);
    const runs = await handOverRuns();

    await reload((text) =>
      text.replace('{ id: academic, name: 教务处, head: lihua,', '{ id: academic, name: 教务处, head: zhangyan,'),
    );

    const zhangyanCard = await cardFor(t, 'zhangyan', ref);
    expect(cardsFor(t, 'zhangyan', ref)).toHaveLength(1);
    expect(updatesOf(t, lihuaCard.taskId)).toEqual(['已转交张岩（人员变动）']);
    expect(await cardRow(lihuaCard.taskId)).toMatchObject({ status: 'stale', resultText: '已转交张岩（人员变动）' });
    expect(await waitingOn(t, ref)).toEqual(['zhangyan']);
    expect(await auditOf(ref, 'hand_over')).toEqual(['system 部门负责人：李华 → 张岩（人员变动）']);
    expect(await handOverRuns()).toBe(runs + 1);

    expect(await ask('zhangyan', '我的待办', '待办')).toContain(`${ref} 用印审批｜陈浩（教务处）｜`);
    expect(await ask('lihua', '我的待办', '待办')).toBe('您目前没有待办事项。');
    const view = await ask('chenhao', `查询 ${ref}`, `【${ref} 用印申请】`);
    expect(view.split('\n')).toContain('审批顺序：张岩（部门负责人） → 周敏（分管校领导） → 刘强（用印）');
    expect(view.split('\n')).toContain('当前处理人：张岩');
    expect(history(view)).toContain('校办助手 人员变动，改由他人处理：部门负责人：李华 → 张岩（人员变动）');

    // 李华's old card no longer works; 张岩's new one moves the request on
    const lihuaTap = mark(t, 'lihua');
    await press(t, 'lihua', lihuaCard.taskId, 'approve');
    expect(await waitForText(t, 'lihua', ref, { since: lihuaTap })).toContain('这张卡片已失效');
    await press(t, 'zhangyan', zhangyanCard.taskId, 'approve');
    expect(await waitForCardUpdate(t, zhangyanCard.taskId)).toMatch(/^已同意 · 张岩 /);
    await cardFor(t, 'zhoumin', ref);
    expect(await waitingOn(t, ref)).toEqual(['zhoumin']);
  });

  it('someone removed from the org file hands their step over, and is still named (not by userid) in 查询', async () => {
    const ref = await submitSeal(t, 'jiangbo');
    const luoweiCard = await cardFor(t, 'luowei', ref);

    await reload((text) =>
      withoutPerson('luowei')(text).replace(
        '{ id: security, name: 安全保卫处, head: luowei,',
        '{ id: security, name: 安全保卫处, head: xiaohu,',
      ),
    );

    await cardFor(t, 'xiaohu', ref);
    expect(updatesOf(t, luoweiCard.taskId)).toEqual(['已转交肖虎（人员变动）']);
    expect(await waitingOn(t, ref)).toEqual(['xiaohu']);
    const view = await ask('jiangbo', `查询 ${ref}`, `【${ref} 用印申请】`);
    expect(history(view)).toContain('校办助手 人员变动，改由他人处理：部门负责人：罗伟 → 肖虎（人员变动）');
    expect(view).not.toContain('luowei');
  });

  it('a named approver who left goes to the office as 待重新指派, once; the office then hands it on with 转交', async () => {
    const ref = await submitSeal(t, 'wanglei', { 印章: '合同章' });
    const qimingCard = await cardFor(t, 'qiming', ref);
    const before = Object.fromEntries(OFFICE.map((user) => [user, mark(t, user)]));

    await reload((text) => withoutPerson('qiming')(text).replace('approval: ["user:qiming"]', 'approval: [dept_head]'));

    const notice = `${ref} 的「指定审批人」原由齐明处理，齐明已不在通讯录中，需要重新指派。请发送「转交 ${ref} 给:@新的处理人」。`;
    const notices = (user: string): string[] =>
      textsSince(t, user, before[user]!).filter((text) => text.includes('需要重新指派'));
    for (const user of OFFICE) expect(notices(user)).toEqual([notice]);
    expect(updatesOf(t, qimingCard.taskId)).toEqual(['待重新指派（人员变动）']);
    expect(await waitingOn(t, ref)).toEqual(OFFICE);
    expect(await ask('yangxue', '我的待办', '待办')).toContain(`${ref} 待重新指派｜王磊（高一年级组）｜`);
    const view = await ask('wangfang', `查询 ${ref}`, `【${ref} 用印申请】`);
    expect(history(view)).toContain(
      '校办助手 人员变动，改由他人处理：指定审批人：齐明已不在通讯录中，待综合办公室重新指派',
    );
    expect(view).not.toContain('qiming');
    expect(view.split('\n')).toContain('当前处理人：齐明（待综合办公室重新指派）');

    // the same file again is no change; a change that moves nobody runs a pass that finds nothing new
    const runs = await handOverRuns();
    await reload();
    expect(await handOverRuns()).toBe(runs);
    await reload(withNewcomer);
    expect(await handOverRuns()).toBe(runs + 1);
    expect(await t.db.prisma.handoverRun.findFirst({ orderBy: { id: 'desc' } })).toMatchObject({ moved: 0 });
    for (const user of OFFICE) expect(notices(user)).toEqual([notice]);
    expect(await auditOf(ref, 'hand_over')).toHaveLength(1);

    expect(await ask('wangfang', `转交 ${ref} 给:@hejun`, ref)).toBe(
      `已把 ${ref} 的「指定审批人」从齐明转交给何军，卡片已发给何军。`,
    );
    const hejunCard = await cardFor(t, 'hejun', ref);
    expect(await waitingOn(t, ref)).toEqual(['hejun']);
    expect(await ask('yangxue', '我的待办', '待办')).toBe('您目前没有待办事项。');
    expect(await auditOf(ref, 'transfer')).toEqual(['wangfang 指定审批人：齐明 → 何军（王芳转交）']);
    await press(t, 'hejun', hejunCard.taskId, 'approve');
    await waitForCardUpdate(t, hejunCard.taskId);
    await cardFor(t, 'liuqiang', ref);
    expect((await findRequest(t, ref)).state).toBe('approved');
  });

  it('a step whose new holder is the requester goes to the office, saying truly why', async () => {
    const ref = await submitSeal(t, 'liping');
    const hanxueCard = await cardFor(t, 'hanxue', ref);
    const before = mark(t, 'wangfang');

    await reload((text) =>
      text.replace('{ id: grade10, name: 高一年级组, head: hanxue,', '{ id: grade10, name: 高一年级组, head: liping,'),
    );

    expect(textsSince(t, 'wangfang', before)).toEqual([
      `${ref} 的「部门负责人」原由韩雪处理，韩雪已不再负责这一步，需要重新指派。请发送「转交 ${ref} 给:@新的处理人」。`,
    ]);
    expect(updatesOf(t, hanxueCard.taskId)).toEqual(['待重新指派（人员变动）']);
    expect(await auditOf(ref, 'hand_over')).toEqual(['system 部门负责人：韩雪已不再负责这一步，待综合办公室重新指派']);
  });

  it('转交 by the holder moves the step and its card; others, and a transfer to the requester, are refused', async () => {
    const ref = await submitSeal(t, 'xieting');
    const xuliCard = await cardFor(t, 'xuli', ref);
    const untouched = await snapshot(t, ref);

    expect(await ask('liuyang', `转交 ${ref} 给:@hejun`, ref)).toBe(
      `${ref} 现在不在您手上，只有处理人或综合办公室可以转交。`,
    );
    expect(await ask('xuli', `转交 ${ref} 给:@xieting`, ref)).toBe(
      `谢婷是${ref}的申请人，不能审批自己的申请。请转交给其他人。`,
    );
    expect(await snapshot(t, ref)).toEqual(untouched);

    expect(await ask('xuli', `转交 ${ref} 给:@hejun 原因:出差一周`, ref)).toBe(
      `已把 ${ref} 的「部门负责人」从徐丽转交给何军，卡片已发给何军。`,
    );
    const hejunCard = await cardFor(t, 'hejun', ref);
    expect(await waitForCardUpdate(t, xuliCard.taskId)).toBe('已转交何军（出差一周）');
    expect(await waitingOn(t, ref)).toEqual(['hejun']);
    expect(await ask('hejun', '我的待办', '待办')).toContain(`${ref} 用印审批｜谢婷（教科室）｜`);
    expect(await ask('xuli', '我的待办', '待办')).toBe('您目前没有待办事项。');
    const view = await ask('xieting', `查询 ${ref}`, `【${ref} 用印申请】`);
    expect(history(view)).toContain('徐丽 转交：部门负责人：徐丽 → 何军（出差一周）');

    await press(t, 'hejun', hejunCard.taskId, 'approve');
    expect(await waitForCardUpdate(t, hejunCard.taskId)).toMatch(/^已同意 · 何军 /);
    await cardFor(t, 'zhoumin', ref);
  });

  it('the office must say whose slot it hands on when several hold the step, and a reload does not bring it back', async () => {
    const leaders = ['zhaoli', 'zhoumin', 'sunwei', 'qianjun', 'wujing'];
    const ref = await submitSeal(t, 'chenhao', { 印章: '党委章' });
    const cards = Object.fromEntries(
      await Promise.all(leaders.map(async (user) => [user, await cardFor(t, user, ref)])),
    );

    expect(await ask('wangfang', `转交 ${ref} 给:@hejun`, ref)).toBe(
      `${ref} 这一步有5人在处理：赵立、周敏、孙伟、钱军、吴静。请用「从:」指明转交谁的，例如「转交 ${ref} 从:@zhaoli 给:@…」。`,
    );
    expect(await ask('wangfang', `转交 ${ref} 从:@sunwei 给:@hejun`, ref)).toBe(
      `已把 ${ref} 的「指定审批人」从孙伟转交给何军，卡片已发给何军。`,
    );
    expect(await waitForCardUpdate(t, cards.sunwei!.taskId)).toBe('已转交何军（王芳转交）');
    const hejunCard = await cardFor(t, 'hejun', ref);

    // 孙伟 still has the role: a later reload must not give him the step back
    await reload(withNewcomer);
    expect(cardsFor(t, 'sunwei', ref)).toHaveLength(1);
    expect((await waitingOn(t, ref)).sort()).toEqual(['hejun', 'qianjun', 'wujing', 'zhaoli', 'zhoumin']);

    await press(t, 'hejun', hejunCard.taskId, 'approve');
    await waitForCardUpdate(t, hejunCard.taskId);
    expect(await waitForCardUpdate(t, cards.zhaoli!.taskId)).toBe('已由何军同意');
    await cardFor(t, 'liuqiang', ref);
  });

  it("a seal's new keeper gets the approved request's card and 待用印, and requests still in approval go to them too", async () => {
    const approved = await submitSeal(t, 'xieting', { 印章: '法人章' });
    await approveBy(t, approved, ['xuli', 'zhoumin', 'zhaoli']);
    const oldKeeperCard = await cardFor(t, 'liuqiang', approved);
    const inApproval = await submitSeal(t, 'xieting', { 印章: '法人章' });
    await cardFor(t, 'xuli', inApproval);
    const told = mark(t, 'liuqiang');

    await reload((text) => text.replace(/(- id: legal\n\s+name: 法人章\n\s+keeper:) liuqiang/, '$1 majie'));

    const newKeeperCard = await cardFor(t, 'majie', approved);
    expect(updatesOf(t, oldKeeperCard.taskId)).toEqual(['已转交马杰（印章管理员变更）']);
    expect(textsSince(t, 'liuqiang', told)).toEqual([`${approved} 已改由马杰用印（印章管理员变更），无需您再处理。`]);
    expect(await waitingOn(t, approved)).toEqual(['majie']);
    expect(await ask('majie', '我的待办', '待办')).toContain(`${approved} 待用印｜`);
    expect(await ask('liuqiang', '我的待办', '待办')).not.toContain(approved);
    expect(await auditOf(approved, 'hand_over')).toEqual(['system 用印：刘强 → 马杰（印章管理员变更）']);
    await press(t, 'majie', newKeeperCard.taskId, 'stamped');
    expect(await waitForCardUpdate(t, newKeeperCard.taskId)).toMatch(/^已用印/);
    expect((await findRequest(t, approved)).state).toBe('used');

    // the request still in approval reaches the new keeper once it is approved
    expect(await ask('xieting', `查询 ${inApproval}`, `【${inApproval} 用印申请】`)).toContain('马杰（用印）');
    await approveBy(t, inApproval, ['xuli', 'zhoumin', 'zhaoli']);
    await cardFor(t, 'majie', inApproval);
    expect(cardsFor(t, 'liuqiang', inApproval)).toHaveLength(0);
    expect(await waitingOn(t, inApproval)).toEqual(['majie']);
  });
});
