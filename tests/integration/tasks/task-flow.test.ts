import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.js';
import { startTestService, type TestService } from '../../support/test-service.js';
import {
  cardFacts,
  cardFor,
  cardsFor,
  mark,
  press,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';
import { assignTask, cardSubtitle, findTask, say, taskHistory } from '../../support/task-helpers.js';

/**
 * 督办事项 (spec 3.5) end to end: every message a signed, encrypted WeCom callback through the
 * gateway, every answer read back from the fake WeCom, on real PostgreSQL and Redis. The clock
 * stands at Monday 30 November 2026, 09:00 in Beijing, so deadlines and stamps read exactly.
 * 周敏 (分管校领导) assigns to 李华 (教务处); 王芳 (office director) records a task for 赵立.
 * The tests run in order and go on from each other's tasks, as a week in the office would.
 */
describe('supervised tasks through the gateway', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ clock: fixedClock('2026-11-30T01:00:00Z') });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** R<n> of each task, as the tests create them */
  const refs: Record<string, string> = {};
  const TODO = /^您有\d+项待办|^您目前没有待办事项/;

  it('a leader assigns: the owner card shows criterion and deadline, the helper is told and sees it as 协办', async () => {
    const helperSince = mark(t, 'chenhao');
    const { ref, reply } = await assignTask(
      t,
      'zhoumin',
      '内容:制定期末考试安排 负责:李华 截止:12月4日 验收:安排表经校务会通过 协办:陈浩',
    );
    refs.exams = ref;
    expect(reply).toBe(
      `已交办 ${ref}，任务单已发给李华（教务处）。\n截止：12-04 18:00（周五）\n协办：陈浩\n完成后由您验收。发送「查询 ${ref}」随时查看进展。`,
    );

    const card = await cardFor(t, 'lihua', ref);
    const owner = cardFacts(card);
    expect(owner.title).toBe(`督办事项 ${ref}`);
    expect(owner.desc).toBe('请在 12-04 18:00（周五） 前完成');
    expect(cardSubtitle(card)).toBe('制定期末考试安排\n验收标准：安排表经校务会通过');
    expect(owner.rows).toEqual({
      验收标准: '安排表经校务会通过',
      负责人: '李华（教务处）',
      截止: '12-04 18:00（周五）',
      交办领导: '周敏',
      协办: '陈浩',
      来源: '领导交办',
    });
    expect(owner.buttons).toEqual(['task_start', 'task_complete']);

    expect(await waitForText(t, 'chenhao', ref, { since: helperSince })).toBe(
      `周敏交办的督办事项 ${ref}（制定期末考试安排）请您协办，负责人是李华，截止 12-04 18:00（周五）。发送「查询 ${ref}」查看详情。`,
    );
    expect(cardsFor(t, 'chenhao', ref)).toHaveLength(0);
    expect(await say(t, 'chenhao', '我的待办', TODO)).toContain(
      `${ref} 协办（负责人李华）｜周敏交办｜制定期末考试安排`,
    );
    expect(await say(t, 'lihua', '我的待办', TODO)).toContain(
      `${ref} 督办事项｜周敏交办｜制定期末考试安排｜期限 12-04 18:00`,
    );
  });

  it('the office records a task for a leader: it asks which leader, who is told and then verifies it', async () => {
    expect(await say(t, 'wangfang', '交办 内容:整理校史馆资料 负责:何军 截止:12月11日', '是哪位校领导')).toContain(
      '是哪位校领导交办的（完成后由他验收）？',
    );
    const leaderSince = mark(t, 'zhaoli');
    const reply = await say(t, 'wangfang', '赵立', /^已交办 R\d+/);
    const ref = /^已交办 (R\d+)/.exec(reply)![1]!;
    refs.archive = ref;
    expect(reply).toContain(`完成后由赵立验收。发送「查询 ${ref}」随时查看进展。`);
    expect(await waitForText(t, 'zhaoli', ref, { since: leaderSince })).toBe(
      `已按您的交办登记督办事项 ${ref}（整理校史馆资料）：负责人何军，截止 12-11 18:00（周五）。完成后由您验收。`,
    );
    expect(cardFacts(await cardFor(t, 'hejun', ref)).rows).toMatchObject({
      负责人: '何军（总务处）',
      交办领导: '赵立',
    });

    expect(await say(t, 'hejun', `完成 ${ref} 资料已整理归档`, ref)).toBe(`已报告 ${ref} 完成（按期），已请赵立验收。`);
    const verifyCard = await cardFor(t, 'zhaoli', ref);
    const verify = cardFacts(verifyCard);
    expect(verify.title).toBe(`验收 ${ref}`);
    expect(verify.rows['完成情况']).toBe('资料已整理归档');
    expect(verify.buttons).toEqual(['task_verify', 'task_send_back']);
    expect(cardsFor(t, 'wangfang', ref)).toHaveLength(0);

    const ownerSince = mark(t, 'hejun');
    await press(t, 'zhaoli', verifyCard.taskId, 'task_verify');
    expect(await waitForCardUpdate(t, verifyCard.taskId)).toBe('验收通过 · 赵立 11-30 09:00');
    expect(await waitForText(t, 'hejun', ref, { since: ownerSince })).toBe(
      `督办事项 ${ref}（整理校史馆资料）已由赵立验收通过，办结（按期完成）。`,
    );
  });

  it('only the owner reports progress; the first note moves the task to 办理中 and tells the assigner', async () => {
    const ref = refs.exams!;
    expect(await say(t, 'chenhao', `进展 ${ref} 已联系各年级`, ref)).toBe(
      `${ref} 的负责人是李华，只有负责人可以报告进展。`,
    );
    const assignerSince = mark(t, 'zhoumin');
    expect(await say(t, 'lihua', `进展 ${ref} 已完成初稿`, ref)).toBe(
      `已记录 ${ref} 的进展，${ref} 转为「办理中」，并已告诉交办领导。办完后发送「完成 ${ref}」。`,
    );
    expect(await waitForText(t, 'zhoumin', ref, { since: assignerSince })).toBe(
      `${ref}（制定期末考试安排）进展（李华）：已完成初稿`,
    );
    expect(await findTask(t, ref)).toMatchObject({ state: 'in_progress' });
  });

  it('a completion is sent back once with a reason, then completed again and verified', async () => {
    const ref = refs.exams!;
    const firstOwnerCard = await cardFor(t, 'lihua', ref);
    expect(await say(t, 'lihua', `完成 ${ref} 安排表已印发`, ref)).toBe(`已报告 ${ref} 完成（按期），已请周敏验收。`);
    expect(await waitForCardUpdate(t, firstOwnerCard.taskId)).toBe('已完成 · 李华 11-30 09:00');
    const firstVerify = await cardFor(t, 'zhoumin', ref);
    expect(cardFacts(firstVerify).rows['完成情况']).toBe('安排表已印发');

    const assignerSince = mark(t, 'zhoumin');
    await press(t, 'zhoumin', firstVerify.taskId, 'task_send_back');
    expect(await waitForText(t, 'zhoumin', '原因', { since: assignerSince })).toContain(
      `退回 ${ref}（制定期末考试安排）的原因是什么？还差什么？`,
    );
    expect(await say(t, 'zhoumin', '缺少监考安排', '已退回')).toBe(`已退回 ${ref}，原因已转告负责人，事项回到办理中。`);
    expect(await waitForCardUpdate(t, firstVerify.taskId)).toBe('已退回 · 周敏 11-30 09:00');
    const returned = await cardFor(t, 'lihua', ref, 2);
    expect(cardFacts(returned)).toMatchObject({
      title: `退回重办 ${ref}`,
      desc: '周敏退回：缺少监考安排',
      buttons: ['task_complete'],
    });
    expect(await findTask(t, ref)).toMatchObject({ state: 'in_progress', doneAt: null });

    await say(t, 'lihua', `完成 ${ref} 已补监考安排`, `已报告 ${ref} 完成`);
    const secondVerify = await cardFor(t, 'zhoumin', ref, 2);
    expect(cardFacts(secondVerify).rows['完成情况']).toBe('已补监考安排');

    // the first round's card was answered by the 退回: tapping it now changes nothing
    const staleSince = mark(t, 'zhoumin');
    await press(t, 'zhoumin', firstVerify.taskId, 'task_verify');
    expect(await waitForText(t, 'zhoumin', ref, { since: staleSince })).toBe(
      `${ref} 的这张卡片已处理（已退回 · 周敏 11-30 09:00），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
    );
    expect(await findTask(t, ref)).toMatchObject({ state: 'done' });

    const ownerSince = mark(t, 'lihua');
    const helperSince = mark(t, 'chenhao');
    await press(t, 'zhoumin', secondVerify.taskId, 'task_verify');
    expect(await waitForCardUpdate(t, secondVerify.taskId)).toBe('验收通过 · 周敏 11-30 09:00');
    expect(await waitForText(t, 'lihua', ref, { since: ownerSince })).toBe(
      `督办事项 ${ref}（制定期末考试安排）已由周敏验收通过，办结（按期完成）。`,
    );
    expect(await waitForText(t, 'chenhao', ref, { since: helperSince })).toContain('已由周敏验收通过');
    expect(await say(t, 'chenhao', '我的待办', TODO)).not.toContain(ref);

    const status = await say(t, 'lihua', `查询 ${ref}`, `【${ref} 督办事项】`);
    expect(status).toContain(`【${ref} 督办事项】已验收办结`);
    expect(status).toContain('周敏（退回）：缺少监考安排');
  });

  it('a tap by someone else on the verify card changes nothing and gets one line; so does a second tap', async () => {
    const { ref } = await assignTask(t, 'zhoumin', '内容:汇总教研组计划 负责:刘洋 截止:12月7日');
    refs.plans = ref;
    await say(t, 'liuyang', `完成 ${ref}`, `已报告 ${ref} 完成`);
    const card = await cardFor(t, 'zhoumin', ref);
    await t.quiesce();
    const before = await findTask(t, ref);

    for (const stranger of ['wangfang', 'liuyang']) {
      const since = mark(t, stranger);
      await press(t, stranger, card.taskId, 'task_verify');
      expect(await waitForText(t, stranger, ref, { since })).toBe(`${ref} 的这一步由周敏处理，您不能代为操作。`);
      await t.quiesce();
      expect(textsSince(t, stranger, since)).toHaveLength(1);
    }
    expect(updatesOf(t, card.taskId)).toEqual([]);
    expect(await findTask(t, ref)).toEqual(before);

    await press(t, 'zhoumin', card.taskId, 'task_verify');
    expect(await waitForCardUpdate(t, card.taskId)).toBe('验收通过 · 周敏 11-30 09:00');
    await t.quiesce();
    const verified = await findTask(t, ref);
    const since = mark(t, 'zhoumin');
    await press(t, 'zhoumin', card.taskId, 'task_send_back');
    expect(await waitForText(t, 'zhoumin', ref, { since })).toBe(
      `${ref} 的这张卡片已处理（验收通过 · 周敏 11-30 09:00），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
    );
    await t.quiesce();
    expect(textsSince(t, 'zhoumin', since)).toHaveLength(1);
    expect(updatesOf(t, card.taskId)).toHaveLength(1);
    expect(await findTask(t, ref)).toEqual(verified);
    // no reason was asked for: 周敏's next message is not taken as a 退回 reason
    expect(await t.db.prisma.conversation.count({ where: { userId: 'zhoumin' } })).toBe(0);
  });

  it('an extension agreed moves the deadline in 我的待办; one refused keeps it and tells the owner why', async () => {
    const { ref } = await assignTask(t, 'zhoumin', '内容:修订教学常规 负责:李华 截止:12月2日');
    refs.rules = ref;
    await say(t, 'lihua', `进展 ${ref} 已起草，等区里通知`, `已记录 ${ref} 的进展`);
    expect(await say(t, 'lihua', `延期 ${ref} 至:12月9日 原因:需等区里统一安排`, ref)).toBe(
      `已请周敏同意把 ${ref} 延至 12-09 18:00（周三）。\n答复之前，仍按原截止 12-02 18:00（周三） 办理。`,
    );
    const agreeCard = await cardFor(t, 'zhoumin', ref);
    expect(cardFacts(agreeCard)).toMatchObject({
      title: `延期申请 ${ref}`,
      rows: { 原截止: '12-02 18:00（周三）', 申请延至: '12-09 18:00（周三）', 原因: '需等区里统一安排' },
      buttons: ['task_extension_agree', 'task_extension_refuse'],
    });
    const ownerSince = mark(t, 'lihua');
    await press(t, 'zhoumin', agreeCard.taskId, 'task_extension_agree');
    expect(await waitForCardUpdate(t, agreeCard.taskId)).toBe('已同意延期 · 周敏 11-30 09:00');
    expect(await waitForText(t, 'lihua', ref, { since: ownerSince })).toBe(
      `周敏已同意 ${ref}（修订教学常规）延期，新的截止时间：12-09 18:00（周三）。`,
    );
    expect(await say(t, 'lihua', '我的待办', TODO)).toContain(
      `${ref} 督办事项｜周敏交办｜修订教学常规｜期限 12-09 18:00`,
    );

    await say(t, 'lihua', `延期 ${ref} 至:12月16日 原因:人手不足`, `已请周敏同意把 ${ref} 延至 12-16`);
    const refuseCard = await cardFor(t, 'zhoumin', ref, 2);
    const assignerSince = mark(t, 'zhoumin');
    await press(t, 'zhoumin', refuseCard.taskId, 'task_extension_refuse');
    expect(await waitForText(t, 'zhoumin', '原因', { since: assignerSince })).toContain(
      `不同意 ${ref}（修订教学常规）延期的原因是什么？`,
    );
    const refusedSince = mark(t, 'lihua');
    expect(await say(t, 'zhoumin', '本周内必须完成', '已答复')).toBe(`已答复：不同意 ${ref} 延期，原因已转告负责人。`);
    expect(await waitForText(t, 'lihua', ref, { since: refusedSince })).toBe(
      `周敏不同意 ${ref}（修订教学常规）延期。\n原因：本周内必须完成\n仍按原截止 12-09 18:00（周三） 办理。`,
    );
    expect(await waitForCardUpdate(t, refuseCard.taskId)).toMatch(/^不同意延期 · 周敏 11-30 09:00/);

    const task = await findTask(t, ref);
    expect(task).toMatchObject({
      state: 'in_progress',
      dueAt: new Date('2026-12-09T10:00:00Z'),
      firstDueAt: new Date('2026-12-02T10:00:00Z'),
    });
    const extensions = await t.db.prisma.taskExtension.findMany({
      where: { taskId: task.id },
      orderBy: { seq: 'asc' },
    });
    expect(
      extensions.map((extension) => [extension.seq, extension.state, extension.decidedBy, extension.answer]),
    ).toEqual([
      [1, 'agreed', 'zhoumin', null],
      [2, 'refused', 'zhoumin', '本周内必须完成'],
    ]);
  });

  it('转交 sends the new owner the card and closes the old one; the assigner then withdraws it', async () => {
    const { ref } = await assignTask(t, 'zhoumin', '内容:统计期中成绩 负责:李华 截止:12月8日 协办:刘洋');
    refs.grades = ref;
    const oldCard = await cardFor(t, 'lihua', ref);
    expect(await say(t, 'chenhao', `转交 ${ref} 给:张岩`, ref)).toBe(`${ref} 只有负责人或综合办公室可以转交。`);

    const assignerSince = mark(t, 'zhoumin');
    expect(await say(t, 'lihua', `转交 ${ref} 给:刘洋 原因:本周外出培训`, ref)).toBe(
      `已把 ${ref} 转交给刘洋，任务单已发给刘洋。`,
    );
    expect(await waitForCardUpdate(t, oldCard.taskId)).toBe('已转交刘洋');
    const newCard = await cardFor(t, 'liuyang', ref);
    expect(cardFacts(newCard)).toMatchObject({
      title: `督办事项 ${ref}`,
      rows: { 负责人: '刘洋（教务处）', 截止: '12-08 18:00（周二）', 交办领导: '周敏' },
      buttons: ['task_start', 'task_complete'],
    });
    // the helper who became the owner is no longer their own helper
    expect(cardFacts(newCard).rows['协办']).toBeUndefined();
    expect(await waitForText(t, 'zhoumin', ref, { since: assignerSince })).toBe(
      `李华已把督办事项 ${ref}（统计期中成绩）转交给刘洋。原因：本周外出培训`,
    );
    const todo = await say(t, 'liuyang', '我的待办', TODO);
    expect(todo).toContain(`${ref} 督办事项｜周敏交办｜统计期中成绩`);
    expect(todo).not.toContain(`${ref} 协办`);
    expect(await say(t, 'lihua', '我的待办', TODO)).not.toContain(ref);

    const ownerSince = mark(t, 'liuyang');
    expect(await say(t, 'zhoumin', `取消 ${ref} 原因:并入期末工作`, `已撤销督办事项 ${ref}`)).toContain(
      `已撤销督办事项 ${ref}（统计期中成绩）`,
    );
    expect(await waitForText(t, 'liuyang', ref, { since: ownerSince })).toContain(
      '已由周敏撤销，无需再办理。原因：并入期末工作',
    );
    expect(await waitForCardUpdate(t, newCard.taskId)).toContain('已撤销');
  });

  it('the task rows end in the right states and the audit log holds each one’s history', async () => {
    await t.quiesce();
    // one fixed clock: every task was created at the same moment, so they are ordered by number
    const tasks = (await t.db.prisma.task.findMany()).sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
    // [ref, state, owner, assigner (who verifies), who typed it, who verified]
    expect(
      tasks.map((task) => [task.ref, task.state, task.ownerId, task.assignerId, task.recordedBy, task.verifiedBy]),
    ).toEqual([
      [refs.exams, 'verified', 'lihua', 'zhoumin', 'zhoumin', 'zhoumin'],
      [refs.archive, 'verified', 'hejun', 'zhaoli', 'wangfang', 'zhaoli'],
      [refs.plans, 'verified', 'liuyang', 'zhoumin', 'zhoumin', 'zhoumin'],
      [refs.rules, 'in_progress', 'lihua', 'zhoumin', 'zhoumin', null],
      [refs.grades, 'cancelled', 'liuyang', 'zhoumin', 'zhoumin', null],
    ]);
    expect(await findTask(t, refs.exams!)).toMatchObject({ completionNote: '已补监考安排' });
    expect(await findTask(t, refs.grades!)).toMatchObject({ closingReason: '并入期末工作' });
    // nothing is left waiting on anyone but the open task's owner
    const open = await t.db.prisma.workItem.findMany({
      where: { doneAt: null },
      select: { itemRef: true, holderId: true },
    });
    expect(open).toEqual([{ itemRef: refs.rules, holderId: 'lihua' }]);

    expect(await taskHistory(t, refs.exams!)).toEqual([
      ['assign', null, 'open', 'zhoumin', 'command', '周敏交办给李华，截止 12-04 18:00（周五）'],
      ['report_progress', 'open', 'in_progress', 'lihua', 'command', '已完成初稿'],
      ['complete', 'in_progress', 'done', 'lihua', 'command', '安排表已印发'],
      ['send_back', 'done', 'in_progress', 'zhoumin', 'card', '缺少监考安排'],
      ['complete', 'in_progress', 'done', 'lihua', 'command', '已补监考安排'],
      ['verify', 'done', 'verified', 'zhoumin', 'card', '按期完成'],
    ]);
    expect(await taskHistory(t, refs.archive!)).toEqual([
      ['assign', null, 'open', 'wangfang', 'command', '赵立交办给何军，截止 12-11 18:00（周五）（代录）'],
      ['complete', 'open', 'done', 'hejun', 'command', '资料已整理归档'],
      ['verify', 'done', 'verified', 'zhaoli', 'card', '按期完成'],
    ]);
    // the refused taps left no trace
    expect((await taskHistory(t, refs.plans!)).map(([action, , , actor]) => [action, actor])).toEqual([
      ['assign', 'zhoumin'],
      ['complete', 'liuyang'],
      ['verify', 'zhoumin'],
    ]);
    expect((await taskHistory(t, refs.rules!)).map(([action, , , actor, via]) => [action, actor, via])).toEqual([
      ['assign', 'zhoumin', 'command'],
      ['report_progress', 'lihua', 'command'],
      ['request_extension', 'lihua', 'command'],
      ['agree_extension', 'zhoumin', 'card'],
      ['request_extension', 'lihua', 'command'],
      ['refuse_extension', 'zhoumin', 'card'],
    ]);
    expect(await taskHistory(t, refs.grades!)).toEqual([
      ['assign', null, 'open', 'zhoumin', 'command', '周敏交办给李华，截止 12-08 18:00（周二）'],
      ['transfer', 'open', 'open', 'lihua', 'command', '李华 → 刘洋：本周外出培训'],
      ['cancel', 'open', 'cancelled', 'zhoumin', 'command', '并入期末工作'],
    ]);
  });

  it("keeps the owner's card usable once the task is under way: [开始办理] after a 进展 leaves [已完成] tappable, and a 退回重办 card offers only [已完成]", async () => {
    const { ref } = await assignTask(t, 'zhoumin', '内容:整理教学档案 负责:陈浩 截止:12月4日');
    const first = await cardFor(t, 'chenhao', ref);
    await say(t, 'chenhao', `进展 ${ref} 已收集一半`, `已记录 ${ref} 的进展`);
    const started = mark(t, 'chenhao');
    await press(t, 'chenhao', first.taskId, 'task_start');
    expect(await waitForText(t, 'chenhao', `${ref} 已在办理中`, { since: started })).toBe(
      `${ref} 已在办理中。办完后点这张卡片上的「已完成」，或发送「完成 ${ref}」。`,
    );
    await t.quiesce();
    expect(updatesOf(t, first.taskId)).toEqual([]);
    const asked = mark(t, 'chenhao');
    await press(t, 'chenhao', first.taskId, 'task_complete');
    expect(await waitForText(t, 'chenhao', ref, { since: asked })).toContain('完成得怎么样？');
    await say(t, 'chenhao', '跳过', `已报告 ${ref} 完成`);

    const verify = await cardFor(t, 'zhoumin', ref);
    await press(t, 'zhoumin', verify.taskId, 'task_send_back');
    await waitForText(t, 'zhoumin', `退回 ${ref}`);
    await say(t, 'zhoumin', '缺少目录', `已退回 ${ref}`);
    const returned = await cardFor(t, 'chenhao', ref, 2);
    expect(cardFacts(returned).title).toBe(`退回重办 ${ref}`);
    expect(cardFacts(returned).buttons).toEqual(['task_complete']);
  });
});
