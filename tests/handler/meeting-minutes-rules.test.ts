import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { afterMeetingPart } from '../../src/workflows/meetings/after-meeting-part.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';
import { describeLinks } from '../../src/kit/item-links.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { at, bookMeeting, tickAt } from '../support/meeting-rows.js';
import { cardTo, sentTo, textTo } from '../support/sent-to.js';

/**
 * After the meeting (spec 3.4, 2.5, 4; issue 13) at handler level, with the clock from Monday
 * 30 November 2026 in Beijing and meetings booked with `会议` and approved on the office's card, so
 * the part before the meeting hands each one over as it really does; a tick at the start sends its
 * notices and reminders before the part after the meeting is looked at.
 * 王芳 (office director) organises a 校长办公会 (决策会) chaired by 赵立 and recorded by 杨雪; 李华
 * (教务处) organises 协调会 of his own.
 */
describe('minutes, their sign-off and ladder, and decisions as tasks', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00').toISOString() });
  });
  afterAll(async () => {
    await h?.close();
  });

  const tick = (local: string): Promise<Sent[]> => tickAt(h, at(local));
  const statusLines = async (meetingId: string): Promise<string[]> =>
    (await actAs(h, 'wangfang', (ctx) => afterMeetingPart({ tasks: taskOffers }).part.statusLines!(ctx, meetingId)))
      .result;
  const meetingRow = (id: string) => h.db.prisma.meeting.findUniqueOrThrow({ where: { id } });
  const openWork = (userId: string) =>
    h.db.prisma.workItem.findMany({ where: { holderId: userId, doneAt: null, workflow: 'meetings' } });

  it('a 决策会: minutes only after the start, by its recorder; held at its end; signed off after a 退回 and a second draft', async () => {
    const meeting = await bookMeeting(h, {
      topic: '校长办公会',
      kind: '决策会',
      startsAt: '2026-12-01T14:00',
      endsAt: '2026-12-01T16:00',
      organizer: 'wangfang',
      host: 'zhaoli',
      recorder: 'yangxue',
      attendees: ['zhoumin', 'lihua', 'hejun'],
    });
    expect(meeting).toMatchObject({ ref: 'H1', state: 'notified', minutesDueAt: at('2026-12-02T16:00') });
    expect(textTo(await h.say('yangxue', '纪要 H1 一、期末考试安排'), 'yangxue')).toBe(
      'H1 还没有开始（12-01 14:00 开始），会议开始后才能提交纪要。',
    );

    // the part before the meeting: 三个确认, 二次确认, the reminder; then its end
    await tick('2026-12-01T14:00');
    const ended = await tick('2026-12-01T16:00');
    expect(textTo(ended, 'yangxue')).toBe(
      'H1（校长办公会）已结束。请在 12-02 16:00（周三） 前发送「纪要 H1 纪要内容」（决策会的纪要由主持人赵立签发后发给参会人员）；议定事项可用「决议 H1」逐项交办。',
    );
    expect((await meetingRow(meeting.id)).state).toBe('held');
    expect(textTo(await h.say('yangxue', '我的待办'), 'yangxue')).toContain(
      'H1 会议纪要｜王芳（综合办公室）｜决策会《校长办公会》12-01 14:00 第一会议室｜期限 12-02 16:00',
    );

    h.clock.set(at('2026-12-01T17:00'));
    expect(textTo(await h.say('lihua', '纪要 H1 一、期末考试安排'), 'lihua')).toBe(
      'H1 只能由记录人杨雪或组织者王芳提交纪要。',
    );
    const posted = await h.say('yangxue', '纪要 H1 一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班');
    expect(textTo(posted, 'yangxue')).toBe('已提交 H1 的纪要，已请主持人赵立签发；签发后发给全体参会人员。');
    expect(textTo(posted, 'zhaoli')).toBe(
      '【H1 纪要待签发】校长办公会\n时间：12-01 14:00–16:00（周二）\u3000地点：第一会议室\n主持：赵立\u3000记录：杨雪\n\n一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班',
    );
    const card = cardTo(posted, 'zhaoli')!;
    expect(card).toMatchObject({
      text: '签发纪要 H1',
      buttons: ['meeting_minutes_sign', 'meeting_minutes_return'],
    });
    expect(card.card?.main_title.desc).toBe('杨雪 12-01 17:00 提交');
    // the simulator's inspection names the card's state: an approval card, never 「会议审批」 alone
    const { sentForState } = await h.db.prisma.card.findUniqueOrThrow({ where: { taskId: card.taskId! } });
    expect(SHIPPED_WORKFLOWS.find((module) => module.id === 'meetings')!.describe!.state(sentForState)).toBe(
      '预约审批或纪要签发',
    );
    expect(await openWork('yangxue')).toEqual([]);
    expect((await openWork('zhaoli')).map((item) => [item.kind, item.action, item.dueAt])).toEqual([
      ['approval', '签发纪要', at('2026-12-02T16:00')],
    ]);
    expect(textTo(await h.say('yangxue', '纪要 H1 改一下'), 'yangxue')).toBe(
      'H1 的纪要正在等赵立签发。如需修改，请赵立在签发卡片上「退回」后再提交。',
    );

    h.clock.set(at('2026-12-01T17:05'));
    const asked = await h.tap('zhaoli', card.taskId!, 'meeting_minutes_return');
    expect(textTo(asked, 'zhaoli')).toBe(
      '退回 H1（校长办公会）的纪要的原因是什么？要怎样修改？\n原因会转告记录人，修改后重新提交。请直接回复；回复「取消」放弃退回。',
    );
    const returned = await h.say('zhaoli', '第二项要写明完成时限');
    expect(textTo(returned, 'zhaoli')).toBe('已退回 H1 的纪要，原因已转告杨雪。');
    expect(textTo(returned, 'yangxue')).toBe(
      '赵立退回了 H1（校长办公会）的纪要，请修改后重新发送「纪要 H1 纪要内容」。\n原因：第二项要写明完成时限',
    );
    expect(sentTo(returned, 'zhaoli').find((message) => message.kind === 'card_update')?.text).toBe(
      '已退回 · 赵立 12-01 17:05',
    );
    expect(await statusLines(meeting.id)).toEqual([
      '纪要：赵立退回后待杨雪重新提交（退回原因：第二项要写明完成时限）（期限 12-02 16:00（周三））',
    ]);
    expect((await openWork('yangxue')).map((item) => item.kind)).toEqual(['meeting_minutes']);

    h.clock.set(at('2026-12-01T17:30'));
    const again = await h.say(
      'yangxue',
      '纪要 H1 一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班，12月20日前报校办',
    );
    expect(textTo(again, 'yangxue')).toBe('已提交 H1 的纪要，已请主持人赵立签发；签发后发给全体参会人员。');
    const second = cardTo(again, 'zhaoli')!;
    expect(second.card?.main_title.desc).toBe('杨雪 12-01 17:30 提交（第2稿）');
    expect(await statusLines(meeting.id)).toEqual([
      '纪要：杨雪 12-01 17:30 提交，待赵立签发（期限 12-02 16:00（周三））',
    ]);

    h.clock.set(at('2026-12-01T18:00'));
    const signed = await h.tap('zhaoli', second.taskId!, 'meeting_minutes_sign');
    expect(textTo(signed, 'zhaoli')).toBe('已签发 H1 的纪要，已发给5位参会人员。');
    expect(sentTo(signed, 'zhaoli').find((message) => message.kind === 'card_update')?.text).toBe(
      '已签发 · 赵立 12-01 18:00',
    );
    for (const userId of ['wangfang', 'yangxue', 'zhoumin', 'lihua', 'hejun'])
      expect(textTo(signed, userId)).toBe(
        '【H1 会议纪要】校长办公会\n时间：12-01 14:00–16:00（周二）\u3000地点：第一会议室\n主持：赵立\u3000记录：杨雪\u3000签发：赵立\n\n一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班，12月20日前报校办',
      );
    expect(await meetingRow(meeting.id)).toMatchObject({
      state: 'minutes_published',
      minutesSignedBy: 'zhaoli',
      minutesPublishedAt: at('2026-12-01T18:00'),
    });
    expect(await openWork('zhaoli')).toEqual([]);
    expect(await statusLines(meeting.id)).toEqual(['纪要：已发布 12-01 18:00（赵立签发）']);
    expect(textTo(await h.say('yangxue', '纪要 H1 再补充一句'), 'yangxue')).toBe(
      'H1 的纪要已于 12-01 18:00 发布，不能再修改。',
    );
    expect(textTo(await h.tap('zhaoli', card.taskId!, 'meeting_minutes_sign'), 'zhaoli')).toContain('不能再次操作');

    // the ladder stays silent once the minutes are out; with no 决议 open, the meeting is 办结 at the
    // end of the next working day
    expect(await tick('2026-12-02T16:00')).toEqual([]);
    expect((await meetingRow(meeting.id)).state).toBe('minutes_published');
    expect(await tick('2026-12-02T18:00')).toEqual([]);
    expect((await meetingRow(meeting.id)).state).toBe('closed');
    const status = textTo(await h.say('zhaoli', '查询 H1'), 'zhaoli');
    expect(status).toContain('【H1 决策会】已办结');
    expect(status).toContain('纪要：已发布 12-01 18:00（赵立签发）');
    expect(status).toContain('校办助手 办结：纪要已发布，没有决议事项');
  });

  it('a 协调会: minutes posted during the meeting publish at once, in parts when long; its end then does nothing', async () => {
    const meeting = await bookMeeting(h, {
      topic: '教务协调会',
      startsAt: '2026-12-07T10:00',
      endsAt: '2026-12-07T11:00',
      organizer: 'lihua',
      attendees: ['chenhao', 'zhangyan', 'liuyang'],
    });
    await tick('2026-12-07T10:00');
    h.clock.set(at('2026-12-07T10:30'));
    const items = Array.from(
      { length: 30 },
      (_, i) => `${i + 1}、各年级按教学进度表完成第${i + 1}周的单元测验并上报成绩`,
    );
    const sent = await h.say('lihua', `纪要 ${meeting.ref} ${items.join('\n')}`);
    expect(textTo(sent, 'lihua')).toBe(`${meeting.ref} 的纪要已发布，已发给3位参会人员。`);
    const parts = sentTo(sent, 'chenhao').map((message) => message.text);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, index) => {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
      expect(part.startsWith(`【${meeting.ref} 会议纪要】教务协调会（${index + 1}/${parts.length}）\n`)).toBe(true);
    });
    expect(parts.join('\n')).toContain('30、各年级按教学进度表完成第30周的单元测验并上报成绩');
    expect(sentTo(sent, 'zhangyan').map((message) => message.text)).toEqual(parts);
    expect(await meetingRow(meeting.id)).toMatchObject({ state: 'minutes_published', minutesSignedBy: null });
    expect(await statusLines(meeting.id)).toEqual(['纪要：已发布 12-07 10:30（李华提交）']);
    expect(await tick('2026-12-07T11:00')).toEqual([]);
  });

  it('the minutes ladder: the recorder at the due time, the 主持 when the minutes wait for the sign-off, the office the next working day', async () => {
    const late = await bookMeeting(h, {
      topic: '教学质量分析会',
      startsAt: '2026-12-08T10:00',
      endsAt: '2026-12-08T11:00',
      place: '第二会议室',
      roomId: 'room2',
      organizer: 'lihua',
      host: 'zhoumin',
      recorder: 'chenhao',
      attendees: ['xuli', 'hanxue'],
    });
    const unsigned = await bookMeeting(h, {
      topic: '校务会',
      kind: '决策会',
      startsAt: '2026-12-08T14:00',
      endsAt: '2026-12-08T15:00',
      organizer: 'wangfang',
      host: 'zhaoli',
      recorder: 'yangxue',
      attendees: ['zhoumin', 'sunwei'],
    });
    expect(textTo(await tick('2026-12-08T11:00'), 'chenhao')).toContain(`${late.ref}（教学质量分析会）已结束。`);
    await tick('2026-12-08T15:00');
    h.clock.set(at('2026-12-08T16:00'));
    await h.say('yangxue', `纪要 ${unsigned.ref} 一、通过寒假安排`);

    expect(await tick('2026-12-09T10:59')).toEqual([]);
    const due = await tick('2026-12-09T11:00');
    expect(due.map((message) => [message.to, message.text])).toEqual([
      [
        'chenhao',
        `${late.ref}（教学质量分析会）的纪要已到期（应在 12-09 11:00（周三） 前提交）。请尽快发送「纪要 ${late.ref} 纪要内容」。`,
      ],
    ]);
    expect((await tick('2026-12-09T15:00')).map((message) => [message.to, message.text])).toEqual([
      ['zhaoli', `${unsigned.ref}（校务会）的纪要已到发布期限，还在等您签发。请在签发卡片上「签发」或「退回」。`],
    ]);

    expect(await statusLines(late.id)).toEqual(['纪要：记录人陈浩尚未提交（期限 12-09 11:00（周三），已逾期）']);
    expect(await tick('2026-12-10T17:59')).toEqual([]);
    const office = await tick('2026-12-10T18:00');
    expect(office.map((message) => message.to)).toEqual(['wangfang']);
    expect(office[0]!.text).toContain(
      `${late.ref}（教学质量分析会）（12-08 10:00–11:00（周二），第二会议室）的纪要已逾期未发布（应在 12-09 11:00（周三） 前发布）：记录人陈浩尚未提交。`,
    );
    expect(office[0]!.text).toContain(
      `${unsigned.ref}（校务会）（12-08 14:00–15:00（周二），第一会议室）的纪要已逾期未发布（应在 12-09 15:00（周三） 前发布）：待赵立签发。`,
    );

    h.clock.set(at('2026-12-11T09:00'));
    expect(textTo(await h.say('chenhao', `纪要 ${late.ref} 一、期中成绩分析`), 'chenhao')).toBe(
      `${late.ref} 的纪要已发布，已发给4位参会人员。`,
    );
    expect(await statusLines(late.id)).toEqual(['纪要：已发布 12-11 09:00（陈浩提交，逾期）']);

    // 赵立 is away: the office hands the sign-off to 周敏, whose card it is now
    const card = await h.lastCardTo('zhaoli');
    const handed = await h.say('wangfang', `转交 ${unsigned.ref} 给:周敏 原因:赵校长出差`);
    expect(textTo(handed, 'wangfang')).toBe(`已把 ${unsigned.ref} 的「主持人签发」从赵立转交给周敏，卡片已发给周敏。`);
    const handedCard = cardTo(handed, 'zhoumin')!;
    expect(handedCard).toMatchObject({ text: `签发纪要 ${unsigned.ref}` });
    expect(await statusLines(unsigned.id)).toEqual([
      `纪要：杨雪 12-08 16:00 提交，待周敏签发（期限 12-09 15:00（周三），已逾期）`,
    ]);
    expect(textTo(await h.tap('zhaoli', card.taskId!, 'meeting_minutes_sign'), 'zhaoli')).toContain('不能再次操作');
    const signed = await h.tap('zhoumin', handedCard.taskId!, 'meeting_minutes_sign');
    expect(textTo(signed, 'zhoumin')).toBe(`已签发 ${unsigned.ref} 的纪要，已发给4位参会人员。`);
    expect(textTo(signed, 'zhaoli')).toContain('签发：周敏');
    expect(await tick('2026-12-14T09:00')).toEqual([]);
  });

  it("a cancelled meeting's timers do nothing, and a rescheduled one's end counts only at its new time", async () => {
    const cancelled = await bookMeeting(h, {
      topic: '安全工作会',
      startsAt: '2026-12-15T09:00',
      endsAt: '2026-12-15T10:00',
      organizer: 'luowei',
      attendees: ['jiangbo'],
    });
    const moved = await bookMeeting(h, {
      topic: '后勤协调会',
      startsAt: '2026-12-15T14:00',
      endsAt: '2026-12-15T15:00',
      organizer: 'hejun',
      attendees: ['dengchao'],
    });
    expect((await meetingRow(moved.id)).minutesDueAt).toEqual(at('2026-12-16T15:00'));
    await h.say('luowei', `取消 ${cancelled.ref} 原因:与区安全检查冲突`);
    expect(textTo(await h.say('hejun', `改期 ${moved.ref} 时间:12月16日下午2点`), 'hejun')).toContain(
      `已将 ${moved.ref}（后勤协调会）改期为 12-16 14:00–15:00（周三）`,
    );
    // the moved meeting's minutes fall due a day after its new end; nothing is left of the old time
    expect((await meetingRow(moved.id)).minutesDueAt).toEqual(at('2026-12-17T15:00'));
    const atOldEnd = await tick('2026-12-15T15:00');
    expect(atOldEnd.filter((message) => message.text.includes(cancelled.ref))).toEqual([]);
    expect(atOldEnd.filter((message) => message.text.includes('已结束'))).toEqual([]);
    expect((await meetingRow(cancelled.id)).state).toBe('cancelled');
    expect((await meetingRow(moved.id)).state).toBe('notified');

    expect(textTo(await tick('2026-12-16T15:00'), 'hejun')).toContain(`${moved.ref}（后勤协调会）已结束。`);
    expect(await tick('2026-12-18T18:00')).toEqual([
      expect.objectContaining({ to: 'hejun', text: expect.stringContaining('的纪要已到期') }),
      expect.objectContaining({ to: 'wangfang', text: expect.stringContaining('的纪要已逾期未发布') }),
    ]);
    expect(textTo(await h.say('luowei', `纪要 ${cancelled.ref} 一、…`), 'luowei')).toBe(
      `${cancelled.ref} 已取消，不能提交纪要。`,
    );
    await h.say('hejun', `纪要 ${moved.ref} 一、食堂排班`);
  });

  it('a decision becomes a task verified by the 主持, linked both ways; another leader may be named to verify', async () => {
    const meeting = await bookMeeting(h, {
      topic: '校长办公会',
      kind: '决策会',
      startsAt: '2026-12-21T09:00',
      endsAt: '2026-12-21T10:00',
      organizer: 'wangfang',
      host: 'zhaoli',
      recorder: 'yangxue',
      attendees: ['hejun', 'luowei', 'qianjun'],
    });
    const ref = meeting.ref;
    const decide = `决议 ${ref} 内容:制定寒假值班表 负责:何军 截止:12月25日 验收:值班表经校长办公会通过`;
    h.clock.set(at('2026-12-21T08:00'));
    expect(textTo(await h.say('yangxue', decide), 'yangxue')).toBe(
      `${ref} 还没有开始（12-21 09:00 开始），会议开始后才能记录决议。`,
    );
    h.clock.set(at('2026-12-21T09:30'));
    expect(textTo(await h.say('hejun', decide), 'hejun')).toBe(`${ref} 只能由记录人杨雪或组织者王芳记录决议。`);

    const sent = await h.say('yangxue', decide);
    const taskRef = /督办事项 (R\d+)/.exec(textTo(sent, 'yangxue'))?.[1] ?? '';
    expect(textTo(sent, 'yangxue')).toBe(
      `已记录 ${ref} 的决议，督办事项 ${taskRef} 已交给何军（总务处）。\n截止：12-25 18:00（周五）\n完成后由赵立验收。发送「查询 ${taskRef}」随时查看落实情况。`,
    );
    const card = sentTo(sent, 'hejun')[0]!;
    expect(card).toMatchObject({ kind: 'card', text: `督办事项 ${taskRef}` });
    expect(card.card?.sub_title_text).toBe('制定寒假值班表\n验收标准：值班表经校长办公会通过');
    expect(textTo(sent, 'zhaoli')).toBe(
      `已按您的交办登记督办事项 ${taskRef}（制定寒假值班表）：负责人何军，截止 12-25 18:00（周五）。完成后由您验收。`,
    );
    // recorded during the meeting: it has started, so it is held, and its minutes are the recorder's
    expect((await meetingRow(meeting.id)).state).toBe('held');

    const status = textTo(await h.say('hejun', `查询 ${taskRef}`), 'hejun');
    expect(status).toContain(`关联：${ref}（督办来源）`);
    expect(status).toContain(`来源：${ref} 校长办公会决议`);
    expect((await actAs(h, 'wangfang', (ctx) => describeLinks(ctx, ref))).result).toBe(`关联：${taskRef}（督办事项）`);

    const named = await h.say('yangxue', `决议 ${ref} 内容:修订实验室安全制度 负责:罗伟 截止:2027年1月8日 领导:钱军`);
    const secondRef = /督办事项 (R\d+)/.exec(textTo(named, 'yangxue'))?.[1] ?? '';
    expect(textTo(named, 'yangxue')).toContain('完成后由钱军验收。');
    expect((await h.db.prisma.task.findFirstOrThrow({ where: { ref: secondRef } })).assignerId).toBe('qianjun');

    expect(await statusLines(meeting.id)).toEqual([
      '纪要：记录人杨雪尚未提交（期限 12-22 10:00（周二））',
      '决议（2项）：',
      `· ${taskRef} 制定寒假值班表｜负责：何军｜截止 12-25 18:00（周五）｜待办理`,
      `· ${secondRef} 修订实验室安全制度｜负责：罗伟｜截止 2027-01-08 18:00（周五）｜待办理`,
    ]);
    const history = await h.db.prisma.auditLog.findMany({
      where: { itemType: 'meetings', itemRef: ref },
      orderBy: { id: 'asc' },
    });
    const afterStart = history.slice(history.findIndex((entry) => entry.action === 'end'));
    expect(afterStart.map((entry) => [entry.action, entry.actorId, entry.comment])).toEqual([
      ['end', 'yangxue', '会上记录决议，会议已召开'],
      ['record_decision', 'yangxue', `${taskRef}：制定寒假值班表（负责：何军）`],
      ['record_decision', 'yangxue', `${secondRef}：修订实验室安全制度（负责：罗伟）`],
    ]);
  });

  it('refuses in words: a verifier who is no leader, the 主持 as owner, an unknown person, a past deadline, a meeting not found or not approved, minutes too long', async () => {
    const meeting = await h.db.prisma.meeting.findFirstOrThrow({ where: { topic: '校长办公会', state: 'held' } });
    const ref = meeting.ref;
    expect(textTo(await h.say('yangxue', `决议 ${ref} 内容:一 负责:何军 截止:12月25日 领导:李华`), 'yangxue')).toBe(
      '李华不是校领导。「领导」请写验收这项决议的校领导；不写则由主持人赵立验收。',
    );
    expect(textTo(await h.say('yangxue', `决议 ${ref} 内容:一 负责:赵立 截止:12月25日`), 'yangxue')).toBe(
      '负责人和验收人都是赵立：决议落实后由验收人验收。请另指定负责人，或用「领导」写明验收的校领导。',
    );
    const unknown = textTo(await h.say('yangxue', `决议 ${ref} 内容:一 负责:张三丰 截止:12月25日`), 'yangxue');
    expect(unknown).toContain('张三丰');
    expect(unknown).toContain('由谁负责？');
    await h.say('yangxue', '取消');
    const past = textTo(await h.say('yangxue', `决议 ${ref} 内容:一 负责:何军 截止:2026-12-01`), 'yangxue');
    expect(past).toContain('什么时候之前完成？');
    await h.say('yangxue', '取消');
    expect(await h.db.prisma.task.count({ where: { sourceRef: ref } })).toBe(2);

    expect(textTo(await h.say('yangxue', '纪要 H99 一、…'), 'yangxue')).toBe('没有找到会议 H99，请核对编号。');
    const requested = await bookMeeting(h, {
      topic: '团委工作会',
      startsAt: '2026-12-28T08:00',
      endsAt: '2026-12-28T09:00',
      organizer: 'caiyun',
      attendees: ['fengtao'],
      state: 'requested',
    });
    expect(textTo(await h.say('caiyun', `纪要 ${requested.ref} 一、…`), 'caiyun')).toBe(
      `${requested.ref} 还在等待审批，会议召开后才能提交纪要。`,
    );
    expect(textTo(await h.say('yangxue', `纪要 ${ref} ${'很'.repeat(4001)}`), 'yangxue')).toBe(
      '纪要有4001字，超过了4000字，聊天消息放不下。请精简后再发送；完整的会议记录请交综合办公室存档。',
    );
    expect((await meetingRow(meeting.id)).minutes).toBeNull();
  });

  it('办结 once the minutes are out and every task its 决议 became is verified, checked at the end of each working day', async () => {
    const meeting = await h.db.prisma.meeting.findFirstOrThrow({ where: { topic: '校长办公会', state: 'held' } });
    const ref = meeting.ref;
    const tasks = await h.db.prisma.task.findMany({ where: { sourceRef: ref }, orderBy: { ref: 'asc' } });
    h.clock.set(at('2026-12-21T11:00'));
    const posted = await h.say('yangxue', `纪要 ${ref} 一、寒假值班表由总务处制定；二、修订实验室安全制度`);
    await h.tap('zhaoli', cardTo(posted, 'zhaoli')!.taskId!, 'meeting_minutes_sign');
    expect((await meetingRow(meeting.id)).state).toBe('minutes_published');

    // two decisions still open: checked again every working day
    await tick('2026-12-22T18:00');
    expect((await meetingRow(meeting.id)).state).toBe('minutes_published');
    for (const [task, owner, verifier] of [
      [tasks[0]!, 'hejun', 'zhaoli'],
      [tasks[1]!, 'luowei', 'qianjun'],
    ] as const) {
      const done = await h.say(owner, `完成 ${task.ref} 已办妥`);
      await h.tap(verifier, cardTo(done, verifier)!.taskId!, 'task_verify');
    }
    expect(await statusLines(meeting.id)).toEqual([
      '纪要：已发布 12-21 11:00（赵立签发）',
      '决议（2项）：',
      `· ${tasks[0]!.ref} 制定寒假值班表｜负责：何军｜截止 12-25 18:00（周五）｜已验收办结`,
      `· ${tasks[1]!.ref} 修订实验室安全制度｜负责：罗伟｜截止 2027-01-08 18:00（周五）｜已验收办结`,
    ]);
    expect((await meetingRow(meeting.id)).state).toBe('minutes_published');
    expect(await tick('2026-12-23T18:00')).toEqual([]);
    expect((await meetingRow(meeting.id)).state).toBe('closed');
    const closing = await h.db.prisma.auditLog.findFirstOrThrow({ where: { itemRef: ref, action: 'close' } });
    expect(closing).toMatchObject({ actorId: 'system', toState: 'closed', comment: '纪要已发布，2项决议均已办结' });
    expect(textTo(await h.say('yangxue', `决议 ${ref} 内容:补充 负责:何军 截止:12月30日`), 'yangxue')).toBe(
      `${ref} 已办结，不能再记录决议。`,
    );
  });
});
