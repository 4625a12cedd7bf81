import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { actAs } from '../support/act-as.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';

/**
 * 督办事项 (spec 3.5, issue 10) at handler level: the same router and workflow code as in
 * production, on a database of its own, with the clock at Monday 30 November 2026, 09:00 in Beijing.
 * 周敏 (a 分管校领导) assigns to 李华 (教务处); 王芳 (office director) records tasks for 赵立.
 */
describe('supervised tasks, rule by rule', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: '2026-11-30T01:00:00Z' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const to = (sent: Sent[], userId: string): Sent[] => sent.filter((message) => message.to === userId);
  const textTo = (sent: Sent[], userId: string): string =>
    to(sent, userId)
      .filter((message) => message.kind === 'text')
      .map((message) => message.text)
      .join('\n');
  const refOf = (sent: Sent[]): string =>
    /已交办 (R\d+)/.exec(sent.map((message) => message.text).join('\n'))?.[1] ?? '';
  const rows = (card: Sent): Record<string, string> =>
    Object.fromEntries((card.card?.horizontal_content_list ?? []).map((row) => [row.keyname, row.value ?? '']));

  async function assign(from: string, fields: string): Promise<{ ref: string; sent: Sent[] }> {
    const sent = await h.say(from, `交办 ${fields}`);
    return { ref: refOf(sent), sent };
  }

  it('a leader assigns: the owner gets the card with criterion and deadline, helpers are told and see it as helpers', async () => {
    const { ref, sent } = await assign(
      'zhoumin',
      '内容:制定期末考试安排 负责:李华 截止:12月4日 验收:安排表经校务会通过 协办:陈浩',
    );
    expect(ref).toBe('R1');
    expect(textTo(sent, 'zhoumin')).toBe(
      '已交办 R1，任务单已发给李华（教务处）。\n截止：12-04 18:00（周五）\n协办：陈浩\n完成后由您验收。发送「查询 R1」随时查看进展。',
    );
    const card = to(sent, 'lihua')[0]!;
    expect(card).toMatchObject({ kind: 'card', text: '督办事项 R1', buttons: ['task_start', 'task_complete'] });
    expect(card.card?.sub_title_text).toBe('制定期末考试安排\n验收标准：安排表经校务会通过');
    expect(rows(card)).toMatchObject({
      负责人: '李华（教务处）',
      截止: '12-04 18:00（周五）',
      交办领导: '周敏',
      协办: '陈浩',
    });
    expect(textTo(sent, 'chenhao')).toBe(
      '周敏交办的督办事项 R1（制定期末考试安排）请您协办，负责人是李华，截止 12-04 18:00（周五）。发送「查询 R1」查看详情。',
    );

    const helperTodo = await h.say('chenhao', '我的待办');
    expect(textTo(helperTodo, 'chenhao')).toContain('R1 协办（负责人李华）｜周敏交办｜制定期末考试安排');
    const ownerTodo = await h.say('lihua', '我的待办');
    expect(textTo(ownerTodo, 'lihua')).toContain('R1 督办事项｜周敏交办｜制定期末考试安排｜期限 12-04 18:00');
  });

  it('the office records a task for a leader: it asks which leader, and that leader verifies', async () => {
    const asked = await h.say('wangfang', '交办 内容:整理校史馆资料 负责:何军 截止:12月11日');
    expect(textTo(asked, 'wangfang')).toContain('是哪位校领导交办的（完成后由他验收）？');
    const sent = await h.say('wangfang', '赵立');
    const ref = refOf(sent);
    expect(textTo(sent, 'wangfang')).toContain(`完成后由赵立验收。发送「查询 ${ref}」随时查看进展。`);
    expect(textTo(sent, 'zhaoli')).toBe(
      `已按您的交办登记督办事项 ${ref}（整理校史馆资料）：负责人何军，截止 12-11 18:00（周五）。完成后由您验收。`,
    );
    expect(to(sent, 'hejun')[0]).toMatchObject({ kind: 'card', text: `督办事项 ${ref}` });
    expect(rows(to(sent, 'hejun')[0]!)['交办领导']).toBe('赵立');
  });

  it('refuses a 领导 who is not a leader, an assigner who is the owner, a past deadline, and staff', async () => {
    expect(textTo(await h.say('yangxue', '交办 内容:一 负责:何军 截止:12月11日 领导:李华'), 'yangxue')).toBe(
      '李华不是校领导。「领导」请写交办这件事的校领导。',
    );
    expect(textTo(await h.say('zhoumin', '交办 内容:一 负责:周敏 截止:12月11日'), 'zhoumin')).toBe(
      '负责人和交办领导都是周敏：事项完成后由交办领导验收，请另指定负责人。',
    );
    const past = textTo(await h.say('zhoumin', '交办 内容:一 负责:何军 截止:2026-11-20'), 'zhoumin');
    expect(past).toContain('截止');
    expect(past).toContain('什么时候之前完成？');
    await h.say('zhoumin', '取消');
    expect(textTo(await h.say('chenhao', '交办 内容:一 负责:何军 截止:12月11日'), 'chenhao')).toMatch(
      /^「交办」只有.*可以使用。/,
    );
  });

  it('only the owner reports progress; the first note moves the task to 办理中 and tells the assigner', async () => {
    expect(textTo(await h.say('chenhao', '进展 R1 已联系各年级'), 'chenhao')).toBe(
      'R1 的负责人是李华，只有负责人可以报告进展。',
    );
    const sent = await h.say('lihua', '进展 R1 已完成初稿');
    expect(textTo(sent, 'lihua')).toBe(
      '已记录 R1 的进展，R1 转为「办理中」，并已告诉交办领导。办完后发送「完成 R1」。',
    );
    expect(textTo(sent, 'zhoumin')).toBe('R1（制定期末考试安排）进展（李华）：已完成初稿');
  });

  it('completion goes to the assigner once, comes back once with a reason, then is verified', async () => {
    const done = await h.say('lihua', '完成 R1 安排表已印发');
    expect(textTo(done, 'lihua')).toBe('已报告 R1 完成（按期），已请周敏验收。');
    const verify = to(done, 'zhoumin')[0]!;
    expect(verify).toMatchObject({ kind: 'card', text: '验收 R1', buttons: ['task_verify', 'task_send_back'] });
    expect(rows(verify)['完成情况']).toBe('安排表已印发');
    expect(textTo(await h.say('lihua', '完成 R1'), 'lihua')).toContain(
      '当前状态为「已完成，待验收」，不能「报告完成」',
    );

    const asked = await h.tap('zhoumin', verify.taskId!, 'task_send_back');
    expect(textTo(asked, 'zhoumin')).toContain('退回 R1（制定期末考试安排）的原因是什么？还差什么？');
    const back = await h.say('zhoumin', '缺少监考安排');
    expect(textTo(back, 'zhoumin')).toContain('已退回 R1，原因已转告负责人，事项回到办理中。');
    const again = to(back, 'lihua').find((message) => message.kind === 'card')!;
    expect(again.text).toBe('退回重办 R1');
    expect(again.card?.main_title.desc).toBe('周敏退回：缺少监考安排');

    const second = await h.say('lihua', '完成 R1 已补监考安排');
    const secondCard = to(second, 'zhoumin')[0]!;
    expect(secondCard.text).toBe('验收 R1');
    expect(secondCard.taskId).not.toBe(verify.taskId);
    expect(textTo(await h.tap('zhoumin', verify.taskId!, 'task_verify'), 'zhoumin')).toContain('不能再次操作');

    const verified = await h.tap('zhoumin', secondCard.taskId!, 'task_verify');
    expect(to(verified, 'zhoumin')).toEqual([
      { to: 'zhoumin', kind: 'card_update', text: '验收通过 · 周敏 11-30 09:00', taskId: secondCard.taskId },
    ]);
    expect(textTo(verified, 'lihua')).toBe('督办事项 R1（制定期末考试安排）已由周敏验收通过，办结（按期完成）。');
    expect(textTo(verified, 'chenhao')).toContain('已由周敏验收通过');
    expect(textTo(await h.say('chenhao', '我的待办'), 'chenhao')).not.toContain('R1');

    const status = textTo(await h.say('lihua', '查询 R1'), 'lihua');
    expect(status).toContain('【R1 督办事项】已验收办结');
    expect(status).toContain('周敏（退回）：缺少监考安排');
    expect(status).toMatch(/周敏 验收通过：按期完成/);
  });

  it('an extension agreed moves the deadline; one refused keeps it, with the reason told', async () => {
    const { ref } = await assign('zhoumin', '内容:修订教学常规 负责:李华 截止:12月2日');
    expect(textTo(await h.say('lihua', `延期 ${ref} 至:12月1日 原因:等通知`), 'lihua')).toBe(
      '新的截止时间要晚于现在的截止 12-02 18:00（周三）。如已办完，请发送「完成 ' + ref + '」。',
    );
    const asked = await h.say('lihua', `延期 ${ref} 至:12月9日 原因:需等区里统一安排`);
    expect(textTo(asked, 'lihua')).toBe(
      `已请周敏同意把 ${ref} 延至 12-09 18:00（周三）。\n答复之前，仍按原截止 12-02 18:00（周三） 办理。`,
    );
    const card = to(asked, 'zhoumin')[0]!;
    expect(card).toMatchObject({ text: `延期申请 ${ref}`, buttons: ['task_extension_agree', 'task_extension_refuse'] });
    expect(textTo(await h.say('lihua', `延期 ${ref} 至:12月10日 原因:再等等`), 'lihua')).toBe(
      `${ref} 已有一项延期申请在等周敏答复，请等答复后再申请。`,
    );
    const agreed = await h.tap('zhoumin', card.taskId!, 'task_extension_agree');
    expect(textTo(agreed, 'lihua')).toBe(`周敏已同意 ${ref}（修订教学常规）延期，新的截止时间：12-09 18:00（周三）。`);
    expect(textTo(await h.say('lihua', '我的待办'), 'lihua')).toContain(
      `${ref} 督办事项｜周敏交办｜修订教学常规｜期限 12-09 18:00`,
    );

    const second = await h.say('lihua', `延期 ${ref} 至:12月16日 原因:人手不足`);
    const refuseCard = to(second, 'zhoumin')[0]!;
    await h.tap('zhoumin', refuseCard.taskId!, 'task_extension_refuse');
    const refused = await h.say('zhoumin', '本周内必须完成');
    expect(textTo(refused, 'lihua')).toBe(
      `周敏不同意 ${ref}（修订教学常规）延期。\n原因：本周内必须完成\n仍按原截止 12-09 18:00（周三） 办理。`,
    );
    const status = textTo(await h.say('zhoumin', `查询 ${ref}`), 'zhoumin');
    expect(status).toContain('截止：12-09 18:00（周三）（原定 12-02 18:00（周三），延期1次）');
    expect(status).toContain('— 已同意');
    expect(status).toContain('— 不同意：本周内必须完成');
  });

  it('转交 by the owner sends the new owner the card; others may not; 取消 only by the assigner', async () => {
    const { ref, sent } = await assign('zhoumin', '内容:统计期中成绩 负责:李华 截止:12月8日 协办:刘洋');
    const oldCard = to(sent, 'lihua')[0]!;
    expect(textTo(await h.say('chenhao', `转交 ${ref} 给:张岩`), 'chenhao')).toBe(
      `${ref} 只有负责人或综合办公室可以转交。`,
    );
    const moved = await h.say('lihua', `转交 ${ref} 给:刘洋 原因:本周外出培训`);
    expect(textTo(moved, 'lihua')).toContain(`已把 ${ref} 转交给刘洋，任务单已发给刘洋。`);
    expect(to(moved, 'lihua')).toContainEqual({
      to: 'lihua',
      kind: 'card_update',
      text: '已转交刘洋',
      taskId: oldCard.taskId,
    });
    expect(to(moved, 'liuyang')[0]).toMatchObject({ kind: 'card', text: `督办事项 ${ref}` });
    expect(textTo(moved, 'zhoumin')).toBe(`李华已把督办事项 ${ref}（统计期中成绩）转交给刘洋。原因：本周外出培训`);
    const todo = textTo(await h.say('liuyang', '我的待办'), 'liuyang');
    expect(todo).toContain(`${ref} 督办事项`);
    expect(todo).not.toContain('协办');

    expect(textTo(await h.say('liuyang', `取消 ${ref} 原因:不做了`), 'liuyang')).toBe(
      `${ref} 只能由交办领导周敏撤销。`,
    );
    const cancelled = await h.say('zhoumin', `取消 ${ref} 原因:并入期末工作`);
    expect(textTo(cancelled, 'zhoumin')).toContain(`已撤销督办事项 ${ref}（统计期中成绩）`);
    expect(textTo(cancelled, 'liuyang')).toContain('已由周敏撤销，无需再办理。原因：并入期末工作');
    expect(textTo(await h.say('liuyang', `进展 ${ref} 继续`), 'liuyang')).toContain('当前状态为「已撤销」');
  });

  it("转交 with a 延期 pending withdraws it, tells the new owner and rewrites the helpers' lines", async () => {
    const { ref } = await assign('zhoumin', '内容:编写选课指南 负责:李华 截止:12月8日 协办:陈浩');
    const asked = await h.say('lihua', `延期 ${ref} 至:12月15日 原因:等选课系统上线`);
    const extensionCard = to(asked, 'zhoumin')[0]!;
    const moved = await h.say('wangfang', `转交 ${ref} 给:张岩`);
    expect(textTo(moved, 'zhangyan')).toBe(`王芳把督办事项 ${ref}（编写选课指南）转交给您负责（原负责人李华）。`);
    expect(textTo(moved, 'zhoumin')).toBe(
      `王芳已把李华负责的督办事项 ${ref}（编写选课指南）转交给张岩。原负责人的延期申请已撤回。`,
    );
    expect(to(moved, 'zhoumin')).toContainEqual(
      expect.objectContaining({
        kind: 'card_update',
        taskId: extensionCard.taskId,
        text: '负责人已变更，延期申请撤回',
      }),
    );
    expect(textTo(await h.say('chenhao', '我的待办'), 'chenhao')).toContain(`${ref} 协办（负责人张岩）`);
    expect(textTo(await h.tap('zhoumin', extensionCard.taskId!, 'task_extension_agree'), 'zhoumin')).toContain(
      '不能再次操作',
    );
  });

  it("a meeting's recorder who typed a decision task in may not withdraw it; its assigner may", async () => {
    const { result } = await actAs(h, 'chenhao', (ctx) =>
      taskOffers.createTaskFrom(ctx, {
        sourceRef: 'H2',
        sourceKind: 'meeting',
        sourceLabel: 'H2 教务会决议',
        content: '更新考务手册',
        ownerId: 'liuyang',
        assignerId: 'zhoumin',
        recordedBy: 'chenhao',
        dueAt: new Date('2026-12-10T18:00:00+08:00'),
      }),
    );
    expect(textTo(await h.say('chenhao', `取消 ${result.ref} 原因:记错了`), 'chenhao')).toBe(
      `${result.ref} 只能由交办领导周敏撤销。`,
    );
  });

  it('查询 lists each note once: under 进展, and by name only in the history', async () => {
    const status = textTo(await h.say('lihua', '查询 R1'), 'lihua');
    expect(status.split('已完成初稿')).toHaveLength(2);
    expect(status).toContain('李华 报告进展\n');
  });

  it('someone not on a task cannot read it', async () => {
    expect(textTo(await h.say('wanglei', '查询 R1'), 'wanglei')).not.toContain('督办事项');
  });
});
