import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { startTestService, textOf, type TestService } from '../support/test-service.js';
import { cardFor, findRequest, press, waitForCardUpdate, waitingOn } from '../support/seal-helpers.js';

const SEAL_CHOICES = '可选 校章（公章、学校公章）、法人章';
const TIME_QUESTION =
  '打算什么时候用印？\n可写 2026-11-25 14:00、11月25日 14:00、明天下午3点、下周一、周五、3天后\n（回复「跳过」不填，回复「取消」放弃）';

/** Guided questions (spec 2.5) with a clock the test moves: no waiting for the 10-minute expiry. */
describe('asking for missing fields one at a time', () => {
  const clock = fixedClock(new Date());
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ clock });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Sends `text` as `user` and returns the `count` replies it brings, in order. */
  async function sayAll(user: string, text: string, count: number): Promise<string[]> {
    const before = t.fake.messages({ toUser: user }).filter((message) => message.msgtype !== 'template_card').length;
    expect(await t.sendText(user, text)).toBe(200);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const texts = t.fake
        .messages({ toUser: user })
        .filter((message) => message.msgtype !== 'template_card')
        .map(textOf)
        .slice(before);
      if (texts.length >= count) return texts;
      if (Date.now() > deadline) throw new Error(`expected ${count} replies to ${user}, got ${JSON.stringify(texts)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function say(user: string, text: string): Promise<string> {
    return (await sayAll(user, text, 1))[0]!;
  }

  const submittedRef = (reply: string): string => /已提交用印申请 (Y\d+)/.exec(reply)![1]!;

  it('asks for each missing field in turn, re-asks after a bad answer, and then runs the command', async () => {
    expect(await say('chenhao', '用印 事由:报送区教育局年度总结')).toBe(
      '要盖章的是什么文件？\n可写任意文字（最多500字）\n（回复「取消」放弃）',
    );
    expect(await say('chenhao', '2026年度工作总结')).toMatch(/^要盖几份？\n/);
    expect(await say('chenhao', '很多')).toBe(
      '份数「很多」不是正整数。\n要盖几份？\n可写 3、3份、三\n（回复「取消」放弃）',
    );
    expect(await say('chenhao', '3')).toBe(`要用哪枚印章？\n${SEAL_CHOICES}\n（回复「取消」放弃）`);
    const done = await say('chenhao', '校章');
    expect(done).toContain('已提交用印申请 Y1（校章 3份《2026年度工作总结》）');
    const request = await t.db.prisma.sealRequest.findFirstOrThrow({ where: { ref: 'Y1' } });
    expect(request).toMatchObject({
      purpose: '报送区教育局年度总结',
      document: '2026年度工作总结',
      copies: 3,
      sealName: '校章',
    });
    expect(await t.db.prisma.conversation.count({ where: { userId: 'chenhao' } })).toBe(0);
  });

  it('取消 abandons the request and nothing is created', async () => {
    expect(await say('zhangyan', '用印 事由:学籍证明')).toMatch(/^要盖章的是什么文件？/);
    expect(await say('zhangyan', '取消')).toBe('已取消「用印」，没有做任何更改。');
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'zhangyan' } })).toBe(0);
    expect(await say('zhangyan', '取消')).toBe(
      '现在没有进行中的操作，不需要取消。要撤回已提交的申请，请发送「取消 编号 原因:…」。',
    );
  });

  it('a complete command in the middle of a question is answered and the question stays; one that asks something ends it', async () => {
    expect(await say('fengtao', '用印 事由:家长会通知')).toMatch(/^要盖章的是什么文件？/);
    const open = await t.db.prisma.conversation.findFirstOrThrow({ where: { userId: 'fengtao' } });
    expect(await sayAll('fengtao', '我的待办', 2)).toEqual([
      '您目前没有待办事项。',
      '您的「用印」还没有填完：要盖章的是什么文件？（回复「取消」放弃）',
    ]);
    // untouched: the same question with the same expiry
    expect(await t.db.prisma.conversation.findFirstOrThrow({ where: { userId: 'fengtao' } })).toMatchObject({
      awaitingField: '文件',
      expiresAt: open.expiresAt,
    });
    expect(await say('fengtao', '家长会通知单')).toMatch(/^要盖几份？/);

    expect(await say('fengtao', '查询')).toBe(
      '（未完成的「用印」已放弃，没有提交。）\n要查询哪一项？\n可写编号，如 S3（提交时回复的编号）\n（回复「取消」放弃）',
    );
    expect(await say('fengtao', '取消')).toBe('已取消「查询」，没有做任何更改。');
    expect(await t.db.prisma.conversation.count({ where: { userId: 'fengtao' } })).toBe(0);
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'fengtao' } })).toBe(0);
  });

  it('a value that cannot be used is said in one line each, everything else is kept, and the first field needing an answer is asked', async () => {
    const first = await say('caiyun', '用印 事由:团委活动 文件:活动方案 份数:2 印章:公章X 时间:昨天下午3点');
    expect(first).toBe(
      `没有「公章X」这枚印章。\n时间「昨天下午3点」已经过去了，请填写今后的时间，例如「明天上午9点」。\n要用哪枚印章？\n${SEAL_CHOICES}\n（回复「取消」放弃）`,
    );
    expect(await say('caiyun', '公章Y')).toBe(
      `没有「公章Y」这枚印章。\n要用哪枚印章？\n${SEAL_CHOICES}\n（回复「取消」放弃）`,
    );
    expect(await say('caiyun', '法人章')).toBe(TIME_QUESTION);
    expect(await say('caiyun', '前天')).toBe(
      `时间「前天」已经过去了，请填写今后的时间，例如「明天上午9点」。\n${TIME_QUESTION}`,
    );
    const ref = submittedRef(await say('caiyun', '明天上午10点'));
    const tomorrowTen = DateTime.fromJSDate(clock.now(), { zone: 'Asia/Shanghai' })
      .plus({ days: 1 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    expect(await findRequest(t, ref)).toMatchObject({
      purpose: '团委活动',
      document: '活动方案',
      copies: 2,
      sealName: '法人章',
      plannedAt: tomorrowTen.toJSDate(),
    });
  });

  it('an optional field that was wrong can be skipped', async () => {
    expect(await say('dengchao', '用印 事由:资产盘点 文件:盘点表 份数:1 印章:校章 时间:下下个月')).toBe(
      `时间「下下个月」看不懂。\n${TIME_QUESTION}`,
    );
    const ref = submittedRef(await say('dengchao', '跳过'));
    expect(await findRequest(t, ref)).toMatchObject({ document: '盘点表', plannedAt: null });
  });

  it('a seal named by another name staff use (公章) is that seal', async () => {
    const ref = submittedRef(await say('hejun', '用印 事由:报送 文件:后勤总结 份数:1 印章:公章'));
    expect(await findRequest(t, ref)).toMatchObject({ sealId: 'school', sealName: '校章' });
  });

  it('a field the command does not have is named, not swallowed into the value before it; 是 submits the rest', async () => {
    expect(await say('xuli', '用印 事由:课题申报 文件:申报书 份数:2 印章:校章 备注:急')).toBe(
      '「备注」不是「用印」能写的内容。可以写：事由、文件、份数、印章、时间、关联。\n其余内容已记下。回复「是」按以上内容提交，回复「取消」放弃。',
    );
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'xuli' } })).toBe(0);
    expect(await say('xuli', '好像不对')).toBe('请回复「是」提交「用印」，或回复「取消」放弃。');
    const ref = submittedRef(await say('xuli', '是'));
    expect(await findRequest(t, ref)).toMatchObject({
      purpose: '课题申报',
      document: '申报书',
      copies: 2,
      sealName: '校章',
    });
  });

  it('a command word one letter off: a reading command runs and says so; a change is confirmed first and keeps every field', async () => {
    expect(await say('xieting', '我的代办')).toBe('（按「我的待办」处理）\n您目前没有待办事项。');
    expect(await say('xieting', '查寻 Y1')).toBe('（按「查询」处理）\n没有找到 Y1，或您无权查看。请核对编号。');
    expect(await say('xieting', '用引 事由:教研活动 文件:活动通知 份数:3 印章:校章')).toBe(
      '您是要「用印」吗？回复「是」继续，回复「取消」放弃。',
    );
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'xieting' } })).toBe(0);
    const ref = submittedRef(await say('xieting', '是'));
    expect(await findRequest(t, ref)).toMatchObject({
      purpose: '教研活动',
      document: '活动通知',
      copies: 3,
      sealName: '校章',
    });
    expect(await say('xieting', '用引 事由:教研活动')).toBe('您是要「用印」吗？回复「是」继续，回复「取消」放弃。');
    expect(await say('xieting', '是')).toMatch(/^要盖章的是什么文件？/);
  });

  it('control and bidi characters typed are dropped before anything is stored, replied or put on a card', async () => {
    const reply = await say('dengchao', '用印 事由:报送\u202E总结\u0000材料 文件:资产\u202E清单 份数:1 印章:校章');
    const ref = submittedRef(reply);
    expect(reply).toContain(`已提交用印申请 ${ref}（校章 1份《资产清单》）`);
    expect(reply).not.toMatch(/[\u0000\u202E]/);
    expect(await findRequest(t, ref)).toMatchObject({ purpose: '报送总结材料', document: '资产清单' });
    const card = await cardFor(t, 'hejun', ref);
    const json = JSON.stringify(card.body);
    expect(json).toContain('报送总结材料');
    expect(json).not.toMatch(/\u202E|\\u0000|\u0000/);
  });

  it('a pending rejection reason survives 我的待办 (answered, then reminded) and the reason then rejects', async () => {
    const ref = submittedRef(await say('chenhao', '用印 事由:结题 文件:课题结题报告 份数:2 印章:法人章'));
    const card = await cardFor(t, 'lihua', ref);
    const submittedAt = DateTime.fromJSDate(clock.now(), { zone: 'Asia/Shanghai' }).toFormat('MM-dd HH:mm');
    const before = t.fake.messages({ toUser: 'lihua' }).length;
    await press(t, 'lihua', card.taskId, 'reject');
    const [question] = await t.waitForMessages('lihua', 1, { since: before });
    expect(textOf(question!)).toBe(
      `驳回 ${ref}（法人章 2份《课题结题报告》）的原因是什么？\n原因会转告申请人。请直接回复；回复「取消」放弃驳回。`,
    );
    const open = await t.db.prisma.conversation.findFirstOrThrow({ where: { userId: 'lihua' } });

    const [todo, reminder] = await sayAll('lihua', '我的待办', 2);
    expect(todo!.split('\n')).toContain(
      `${ref} 用印审批｜陈浩（教务处）｜法人章 2份《课题结题报告》｜${submittedAt} 提交`,
    );
    expect(reminder).toBe(`驳回 ${ref} 的原因还在等您回复。请直接回复原因，或回复「取消」放弃驳回。`);
    expect(await t.db.prisma.conversation.findFirstOrThrow({ where: { userId: 'lihua' } })).toMatchObject({
      command: open.command,
      expiresAt: open.expiresAt,
    });

    expect(await say('lihua', '经费预算表缺少签字')).toBe(`已驳回 ${ref}，并已把原因告诉申请人。`);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'rejected', closingReason: '经费预算表缺少签字' });
    expect(await t.db.prisma.card.findUniqueOrThrow({ where: { taskId: card.taskId } })).toMatchObject({
      status: 'answered',
      resultText: expect.stringMatching(/^已驳回 · 李华 /),
    });
    expect(await waitForCardUpdate(t, card.taskId)).toMatch(/^已驳回 · 李华 /);
  });

  it('a card tapped while a guided command waits for an answer is answered, and the question is recalled', async () => {
    const ref = submittedRef(await say('chenjing', '用印 事由:生物竞赛 文件:参赛名单 份数:2 印章:校章'));
    const card = await cardFor(t, 'hanxue', ref);
    expect(await say('hanxue', '用印 事由:年级组材料')).toMatch(/^要盖章的是什么文件？/);
    const before = t.fake.messages({ toUser: 'hanxue' }).length;
    await press(t, 'hanxue', card.taskId, 'approve');
    const [reminder] = await t.waitForMessages('hanxue', 1, { since: before });
    expect(textOf(reminder!)).toMatch(/^您的「用印」还没有填完：要盖章的是什么文件？/);
    expect(await waitForCardUpdate(t, card.taskId)).toMatch(/^已同意 · 韩雪 /);
    expect(await say('hanxue', '年级组活动记录')).toMatch(/^要盖几份？/);
    expect(await say('hanxue', '取消')).toBe('已取消「用印」，没有做任何更改。');
  });

  it('a pending rejection reason ends, saying what still stands, when another command asks something or on 取消', async () => {
    const ref = submittedRef(await say('zhangyan', '用印 事由:学籍证明 文件:在读证明 份数:1 印章:校章'));
    const card = await cardFor(t, 'lihua', ref);
    let before = t.fake.messages({ toUser: 'lihua' }).length;
    await press(t, 'lihua', card.taskId, 'reject');
    await t.waitForMessages('lihua', 1, { since: before });
    expect(await say('lihua', '查询')).toBe(
      `已放弃驳回，${ref} 仍在等您审批。\n要查询哪一项？\n可写编号，如 S3（提交时回复的编号）\n（回复「取消」放弃）`,
    );
    expect(await say('lihua', '取消')).toBe('已取消「查询」，没有做任何更改。');

    before = t.fake.messages({ toUser: 'lihua' }).length;
    await press(t, 'lihua', card.taskId, 'reject');
    await t.waitForMessages('lihua', 1, { since: before });
    expect(await say('lihua', '取消')).toBe(`已放弃驳回，${ref} 仍在等您审批。`);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'in_approval' });
    expect(await waitingOn(t, ref)).toEqual(['lihua']);
    expect(await t.db.prisma.card.findUniqueOrThrow({ where: { taskId: card.taskId } })).toMatchObject({
      status: 'open',
    });
  });

  it('a command someone may not use is refused with who may', async () => {
    expect(await say('chenhao', '印章恢复 印章:校章')).toBe(
      '「印章恢复」只有系统管理员、办公室主任可以使用。发送「帮助」查看您可以使用的命令。',
    );
  });
  // From here on the clock moves: the outbox paces each person's messages on it (28 a minute), and
  // it stands still while the tests above run.

  it('a question stored in a shape this version cannot read is dropped with a note, not left in the way', async () => {
    await t.db.prisma.conversation.create({
      data: {
        orgId: 'demo',
        userId: 'gaojing',
        command: '用印',
        state: { values: { 份数: { unknown: true } } },
        awaitingField: '印章',
        expiresAt: new Date(clock.now().getTime() + 60_000),
        updatedAt: clock.now(),
      },
    });
    expect(await say('gaojing', '取消')).toBe(
      '您上次的「用印」超过10分钟没有回答，已自动放弃，没有做任何更改。请重新发送完整的命令。',
    );
    expect(await say('gaojing', '我的待办')).toBe('您目前没有待办事项。');
  });

  it('an unanswered question expires after 10 minutes and the late answer is not taken for it', async () => {
    expect(await say('liuyang', '用印 事由:考务通知 文件:期末考试安排 印章:校章')).toMatch(/^要盖几份？/);
    clock.advance(10 * 60_000 + 1_000);
    expect(await say('liuyang', '2')).toBe(
      '您上次的「用印」超过10分钟没有回答，已自动放弃，没有做任何更改。请重新发送完整的命令。',
    );
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'liuyang' } })).toBe(0);
  });

  it('an answer within the 10 minutes is still taken', async () => {
    expect(await say('liuyang', '用印 事由:考务通知 文件:期末考试安排 印章:校章')).toMatch(/^要盖几份？/);
    clock.advance(9 * 60_000);
    expect(await say('liuyang', '2')).toContain('已提交用印申请');
  });

  it("a request's times are the service clock's, not the database's or the wall clock", async () => {
    clock.advance(3 * 3600_000);
    const submittedAt = clock.now();
    const ref = submittedRef(await say('wanglei', '用印 事由:教学比赛 文件:获奖名单 份数:1 印章:校章'));
    expect(await findRequest(t, ref)).toMatchObject({ createdAt: submittedAt, updatedAt: submittedAt });
    clock.advance(5 * 60_000);
    const card = await cardFor(t, 'hanxue', ref);
    await press(t, 'hanxue', card.taskId, 'approve');
    await cardFor(t, 'wujing', ref);
    expect(await findRequest(t, ref)).toMatchObject({ updatedAt: clock.now() });
    // 我的待办 orders by when each item reached its holder: the service clock's moments
    const items = await t.db.prisma.workItem.findMany({ where: { itemRef: ref }, orderBy: { id: 'asc' } });
    expect(items.map((item) => [item.holderId, item.since, item.doneAt])).toEqual([
      ['hanxue', submittedAt, clock.now()],
      ['wujing', clock.now(), null],
    ]);
  });
});
