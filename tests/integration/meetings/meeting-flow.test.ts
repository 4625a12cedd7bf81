import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedMessage } from '../../../src/fake-wecom/server.js';
import { fixedClock, offsetClock } from '../../../src/shared/clock.js';
import { startSimulatorService } from '../../browser/start-simulator-service.js';
import { moveClock } from '../../support/demo-clock.js';
import {
  cardFacts,
  cardFor,
  cardsFor,
  mark,
  press,
  textsSince,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';
import { say } from '../../support/task-helpers.js';
import { textOf, type TestService } from '../../support/test-service.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

/**
 * 会议 (spec 3.4, issue 13 "Done when") end to end: every message a signed, encrypted WeCom callback
 * through the gateway, every answer read back from the fake WeCom, on real PostgreSQL and Redis. The
 * service's clock starts at Monday 30 November 2026, 09:00 in Beijing and is moved as the demo moves
 * it (POST /simulator/api/clock): the service then runs what fell due — the timer tick among the
 * schedules — so notices, 二次确认, 三个确认, the 30-minute reminder and the minutes ladder arrive at
 * their simulated times. 李华 (教务处) organises a 决策会 chaired by 周敏 and recorded by 刘洋; 何军
 * holds 第一会议室 first; 陈浩 books an off-site meeting and cancels it. The tests run in order.
 */
describe('meetings through the gateway', () => {
  let t: TestService;
  const clock = offsetClock(fixedClock(at('2026-11-30T09:00:00')));
  /** the service's clock moved, and everything that fell due sent */
  const move = (to: string): Promise<void> => moveClock(t, `${to}:00+08:00`);
  /** everything `user` received after `since` that is about `ref`: its cards, and texts naming it */
  const aboutSince = (user: string, ref: string, since: number): string[] =>
    t.fake
      .messages({ toUser: user })
      .slice(since)
      .filter(
        (message: RecordedMessage) =>
          message.taskId?.startsWith(`${ref}-`) || new RegExp(`${ref}(?!\\d)`).test(textOf(message)),
      )
      .map(textOf);
  /** the titles of the cards `user` received about `ref` after `since` */
  const cardsAbout = (user: string, ref: string, since: number): string[] =>
    t.fake
      .messages({ toUser: user })
      .slice(since)
      .filter(
        (message: RecordedMessage) => message.msgtype === 'template_card' && message.taskId?.startsWith(`${ref}-`),
      )
      .map(textOf);
  /** the newest card `user` has about `ref` titled `title`, once it came */
  const card = async (user: string, ref: string, title: string): Promise<RecordedMessage & { taskId: string }> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = cardsFor(t, user, ref)
        .filter((each) => cardFacts(each).title === title)
        .at(-1);
      if (found) return found as RecordedMessage & { taskId: string };
      if (Date.now() > deadline) throw new Error(`no card 「${title}」 to ${user}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const pendingTimers = async (ref: string): Promise<string[]> =>
    (
      await t.db.prisma.itemTimer.findMany({
        where: { itemRef: ref, firedAt: null, cancelledAt: null },
        orderBy: [{ dueAt: 'asc' }, { kind: 'asc' }],
      })
    ).map(
      (timer) => `${timer.kind} ${timer.dueAt.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(5, 16)}`,
    );
  const OFFICE_BUT_DIRECTOR = ['liuqiang', 'yangxue', 'zhuhong', 'majie'];

  beforeAll(async () => {
    t = await startSimulatorService({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a room taken is refused with the rooms free then and its next free starts; another room takes it', async () => {
    expect(
      await say(t, 'hejun', '会议 后勤协调会 时间:12月3日下午2点 地点:第一会议室 参会:@邓超 @张岩', '会议预约'),
    ).toMatch(/^已提交会议预约 H1（后勤协调会），等待综合办公室/);
    const booking = '会议 期末考试工作会 时间:12月3日下午2点 参会:@陈浩 @张岩 主持:周敏 记录人:刘洋 类型:决策会';
    expect(await say(t, 'lihua', `${booking} 地点:第一会议室`, '占用')).toBe(
      [
        '第一会议室 12-03 14:00–15:00（周四）已被 H1（14:00–15:00）占用（会议室自提交预约起即为其保留，含待审批的预约）。',
        '该时段空闲的会议室：第二会议室、学术报告厅。',
        '第一会议室接下来可订（60分钟）：12-03（周四）15:00、15:30、16:00。',
        '请换「时间」或「地点」后重新发送。',
      ].join('\n'),
    );
    // 张岩 is expected at H1 then: the office must confirm the 冲突预警 before it may approve
    expect(await say(t, 'lihua', `${booking} 地点:第二会议室`, '已提交会议预约 H2')).toBe(
      [
        '已提交会议预约 H2（期末考试工作会），等待综合办公室（王芳或刘强或杨雪或朱红或马杰）审批。发送「查询 H2」随时查看。',
        '时间：12-03 14:00–15:00（周四）',
        '地点：第二会议室（已为本会议保留）',
        '参会：4人；主持：周敏；记录：刘洋',
        '冲突预警：H1（后勤协调会，12-03 14:00–15:00（周四））：张岩。已请综合办公室确认，确认前不会批准或发出通知。',
      ].join('\n'),
    );
    const rooms = await t.db.prisma.$queryRaw<{ ref: string; room: string }[]>`
      SELECT m.ref, b.room_id AS room FROM room_booking b JOIN meeting m ON m.id = b.meeting_id
       WHERE b.state = 'held' ORDER BY m.ref`;
    expect(rooms).toEqual([
      { ref: 'H1', room: 'room1' },
      { ref: 'H2', room: 'room2' },
    ]);
  });

  it('the office confirms the 冲突预警, then approves with a tap; an off-site meeting is taken as written', async () => {
    const approval = await card('liuqiang', 'H2', '会议预约 H2');
    const since = mark(t, 'liuqiang');
    await press(t, 'liuqiang', approval.taskId, 'meeting_approve');
    expect(await waitForText(t, 'liuqiang', '冲突', { since })).toBe(
      'H2 有参会人员时间冲突，请先在「冲突预警 H2」卡片上确认安排，再同意预约。',
    );

    const warning = await card('wangfang', 'H2', '冲突预警 H2');
    expect(cardFacts(warning).buttons).toEqual(['meeting_conflict_confirm']);
    const organizer = mark(t, 'lihua');
    await press(t, 'wangfang', warning.taskId, 'meeting_conflict_confirm');
    expect(await waitForCardUpdate(t, warning.taskId)).toBe('已确认 · 王芳 11-30 09:00');
    expect(await waitForText(t, 'lihua', '冲突预警', { since: organizer })).toBe(
      '综合办公室王芳已确认 H2（期末考试工作会）的冲突预警（H1（后勤协调会，12-03 14:00–15:00（周四））：张岩），会议可以审批了。',
    );

    await press(t, 'liuqiang', approval.taskId, 'meeting_approve');
    expect(await waitForCardUpdate(t, approval.taskId)).toBe('已同意 · 刘强 11-30 09:00');
    expect(await waitForText(t, 'lihua', '同意', { since: organizer })).toBe(
      '您预约的会议 H2（期末考试工作会）已由综合办公室刘强同意：12-03 14:00–15:00（周四），第二会议室。会议通知将于 11-30 14:00（周一）发给4位参会人员（会前3天）。',
    );
    expect(await say(t, 'hejun', '取消 H1 原因:改到下周', '已取消')).toBe(
      '已取消 H1（后勤协调会），会议室已释放。参会人员尚未收到通知。',
    );

    // off-site: no room is checked or held, the place stands as written
    expect(
      await say(t, 'chenhao', '会议 区教研活动 时间:12月4日上午9点 时长:2小时 地点:区教育局 参会:@刘洋', '会议预约 H3'),
    ).toContain('地点：区教育局（不是学校登记的会议室，按所写记录，不检查占用）');
    const offSite = await card('majie', 'H3', '会议预约 H3');
    expect(cardFacts(offSite).rows['地点']).toBe('区教育局');
    await press(t, 'majie', offSite.taskId, 'meeting_approve');
    await waitForText(t, 'chenhao', '已由综合办公室马杰同意');
    expect(
      await t.db.prisma
        .$queryRaw`SELECT 1 FROM room_booking b JOIN meeting m ON m.id = b.meeting_id WHERE m.ref = 'H3'`,
    ).toEqual([]);
    expect(await say(t, 'chenhao', '取消 H3 原因:区里改期', '已取消')).toBe(
      '已取消 H3（区教研活动）。参会人员尚未收到通知，之后的提醒都不会再发。',
    );
    expect(await pendingTimers('H3')).toEqual([]);
  });

  const since: Record<string, number> = {};

  it('the notices go three days before; 改期 re-notifies, voids the old cards and replaces every timer', async () => {
    for (const user of ['chenhao', 'zhangyan', 'zhoumin', 'liuyang', 'dengchao', 'lihua']) since[user] = mark(t, user);
    await move('2026-11-30T13:59');
    expect(aboutSince('chenhao', 'H2', since.chenhao!)).toEqual([]);
    await move('2026-11-30T14:00');
    for (const user of ['chenhao', 'zhangyan', 'zhoumin', 'liuyang'])
      expect(cardFacts(await card(user, 'H2', '会议通知 H2')).buttons).toEqual(['meeting_attend', 'meeting_leave']);
    expect(await waitForText(t, 'lihua', '会议通知已发给', { since: since.lihua })).toBe(
      'H2（期末考试工作会）的会议通知已发给4位参会人员。',
    );
    const firstNotice = await card('chenhao', 'H2', '会议通知 H2');
    await press(t, 'chenhao', firstNotice.taskId, 'meeting_attend');
    expect(await waitForCardUpdate(t, firstNotice.taskId)).toBe('已参加 · 陈浩 11-30 14:00');

    expect(await say(t, 'lihua', '改期 H2 时间:12月3日下午3点', '改期')).toBe(
      [
        '已将 H2（期末考试工作会）改期为 12-03 15:00–16:00（周四）（原定 12-03 14:00–15:00（周四），第二会议室）。',
        '地点：第二会议室（已为本会议保留）',
        '已向4位参会人员重新发出通知，请他们重新确认；原来的回复和提醒已作废。',
      ].join('\n'),
    );
    for (const user of ['chenhao', 'zhangyan', 'zhoumin', 'liuyang']) {
      const notice = await card(user, 'H2', '会议改期通知 H2');
      expect(cardFacts(notice).rows['时间']).toBe('12-03 15:00–16:00（周四）');
    }
    expect(await waitForCardUpdate(t, (await card('zhangyan', 'H2', '会议通知 H2')).taskId)).toBe('已改期');
    // every timer of the meeting is of the new time: the booking part's and the part after it's
    expect(await pendingTimers('H2')).toEqual([
      'checklist 12-02 09:00',
      'ask_again 12-02 15:00',
      'checklist_flag 12-03 13:00',
      'reminder_30 12-03 14:30',
      'ended 12-03 16:00',
      'minutes_due 12-04 16:00',
      'minutes_overdue 12-07 18:00',
    ]);
    expect(await t.db.prisma.itemTimer.count({ where: { itemRef: 'H2', cancelledAt: { not: null } } })).toBe(7);

    const replies = mark(t, 'zhangyan');
    await press(t, 'chenhao', (await card('chenhao', 'H2', '会议改期通知 H2')).taskId, 'meeting_attend');
    await press(t, 'zhoumin', (await card('zhoumin', 'H2', '会议改期通知 H2')).taskId, 'meeting_attend');
    await press(t, 'zhangyan', (await card('zhangyan', 'H2', '会议改期通知 H2')).taskId, 'meeting_leave');
    await waitForText(t, 'zhangyan', '请假不参加 H2', { since: replies });
    expect(await say(t, 'zhangyan', '外出监考', '已登记请假')).toBe(
      '已登记请假：H2（期末考试工作会），原因：外出监考。组织人可在「查询 H2」中看到。',
    );
  });

  it('the working day before, the 三个确认 by taps; one day before, 二次确认 to the silent; two hours before, the office hears what is open', async () => {
    await move('2026-12-02T08:59');
    expect(cardsFor(t, 'lihua', 'H2').filter((each) => cardFacts(each).title.includes('三个确认'))).toEqual([]);
    await move('2026-12-02T09:00');
    const checklist = await card('lihua', 'H2', '会前三个确认 H2');
    expect(cardFacts(checklist).buttons).toEqual([
      'meeting_check_venue',
      'meeting_check_attendees',
      'meeting_check_materials',
    ]);
    await press(t, 'lihua', checklist.taskId, 'meeting_check_venue');
    expect(await waitForCardUpdate(t, checklist.taskId)).toBe('场地设备已确认 · 李华 12-02 09:00');
    // WeCom updates a card once: the tap answers it, and a fresh one asks for what is left
    const next = await cardFor(t, 'lihua', 'H2', 2);
    expect(cardFacts(next).buttons).toEqual(['meeting_check_attendees', 'meeting_check_materials']);
    await press(t, 'lihua', next.taskId, 'meeting_check_attendees');
    await waitForCardUpdate(t, next.taskId);

    const organizer = mark(t, 'lihua');
    const attending = mark(t, 'chenhao');
    await move('2026-12-02T15:00');
    expect(await waitForText(t, 'lihua', '明天召开', { since: organizer })).toBe(
      'H2（期末考试工作会）明天召开，二次确认已发给未答复的1人。目前参加 2人；请假 1人（张岩：外出监考）；未答复 1人（刘洋）。',
    );
    const askAgain = await card('liuyang', 'H2', '二次确认 H2');
    expect(cardsAbout('chenhao', 'H2', attending)).toEqual([]);
    // (the 二次确认 is the reply's due time: the overdue scan reminds the silent from then on too)
    await press(t, 'liuyang', askAgain.taskId, 'meeting_attend');
    await waitForCardUpdate(t, askAgain.taskId);

    const office = Object.fromEntries(OFFICE_BUT_DIRECTOR.map((user) => [user, mark(t, user)]));
    await move('2026-12-03T13:00');
    for (const user of OFFICE_BUT_DIRECTOR)
      expect(await waitForText(t, user, '会前确认未完成', { since: office[user] })).toBe(
        '会前确认未完成：H2（期末考试工作会）12-03 15:00 在第二会议室召开，还有材料版本未确认。组织人：李华。',
      );
  });

  it('30 minutes before (its new time: nothing at the old), the reminder with [签到] to all but the one on leave; check-in by card or command', async () => {
    const before: Record<string, number> = Object.fromEntries(
      ['chenhao', 'zhangyan', 'zhoumin', 'liuyang'].map((user) => [user, mark(t, user)]),
    );
    await move('2026-12-03T14:29');
    for (const user of Object.keys(before)) expect(cardsAbout(user, 'H2', before[user]!)).toEqual([]);
    await move('2026-12-03T14:30');
    for (const user of ['chenhao', 'zhoumin', 'liuyang']) {
      const reminder = await card(user, 'H2', '会议提醒 H2');
      expect(cardFacts(reminder)).toMatchObject({ desc: '30分钟后开始 · 第二会议室', buttons: ['meeting_check_in'] });
    }
    expect(cardsAbout('zhangyan', 'H2', before.zhangyan!)).toEqual([]);
    // the old time's reminder (13:30) never went
    expect(cardsFor(t, 'chenhao', 'H2').filter((each) => cardFacts(each).title === '会议提醒 H2')).toHaveLength(1);

    const reminder = await card('chenhao', 'H2', '会议提醒 H2');
    await press(t, 'chenhao', reminder.taskId, 'meeting_check_in');
    expect(await waitForCardUpdate(t, reminder.taskId)).toBe('已签到 · 陈浩 12-03 14:30');
    expect(await say(t, 'zhoumin', '签到 H2', '签到')).toBe('已签到 H2（期末考试工作会），12-03 14:30。');
    expect(await say(t, 'hejun', '签到 H2', '签到')).toBe(
      '您不在 H2 的参会名单中，不能签到。如需参加，请联系组织人李华。',
    );
    // nothing ever went out for the meetings cancelled
    expect(t.fake.messages({ toUser: 'dengchao' }).filter((message) => /H1(?!\d)/.test(textOf(message)))).toEqual([]);
    expect(t.fake.messages({ toUser: 'liuyang' }).filter((message) => /H3(?!\d)/.test(textOf(message)))).toEqual([]);
  });

  let taskRef = '';

  it('at its end the recorder is asked for the minutes; a 决议 becomes a task linked both ways', async () => {
    const recorder = mark(t, 'liuyang');
    await move('2026-12-03T16:00');
    expect(await waitForText(t, 'liuyang', '已结束', { since: recorder })).toBe(
      'H2（期末考试工作会）已结束。请在 12-04 16:00（周五） 前发送「纪要 H2 纪要内容」（决策会的纪要由主持人周敏签发后发给参会人员）；议定事项可用「决议 H2」逐项交办。',
    );
    const reply = await say(
      t,
      'liuyang',
      '决议 H2 内容:制定期末考试考务安排 负责:陈浩 截止:12月10日 验收:考务安排表经教务处审定',
      '已记录 H2 的决议',
    );
    taskRef = /督办事项 (R\d+)/.exec(reply)![1]!;
    expect(reply).toBe(
      `已记录 H2 的决议，督办事项 ${taskRef} 已交给陈浩（教务处）。\n截止：12-10 18:00（周四）\n完成后由周敏验收。发送「查询 ${taskRef}」随时查看落实情况。`,
    );
    const task = await say(t, 'chenhao', `查询 ${taskRef}`, `【${taskRef}`);
    expect(task).toContain('来源：H2 期末考试工作会决议');
    expect(task).toContain('关联：H2（督办来源）');
    const meeting = await say(t, 'lihua', '查询 H2', '【H2');
    expect(meeting).toContain('【H2 决策会】已召开，纪要待发布（已改期1次）');
    expect(meeting).toContain(`· ${taskRef} 制定期末考试考务安排｜负责：陈浩｜截止 12-10 18:00（周四）｜待办理`);
    expect(meeting).toContain('签到：2/4人');
  });

  it('the minutes ladder: the recorder at the due time, the office the next working day; then signed off by the 主持 and published', async () => {
    const recorder = mark(t, 'liuyang');
    await move('2026-12-04T15:59');
    expect(textsSince(t, 'liuyang', recorder).filter((text) => text.includes('纪要已到期'))).toEqual([]);
    await move('2026-12-04T16:00');
    expect(await waitForText(t, 'liuyang', '纪要已到期', { since: recorder })).toContain(
      'H2（期末考试工作会）的纪要已到期（应在 12-04 16:00（周五） 前提交）。请尽快发送「纪要 H2 纪要内容」。',
    );

    const director = mark(t, 'wangfang');
    await move('2026-12-07T17:59');
    expect(textsSince(t, 'wangfang', director).filter((text) => text.includes('逾期未发布'))).toEqual([]);
    await move('2026-12-07T18:00');
    expect(await waitForText(t, 'wangfang', '逾期未发布', { since: director })).toContain(
      'H2（期末考试工作会）（12-03 15:00–16:00（周四），第二会议室）的纪要已逾期未发布（应在 12-04 16:00（周五） 前发布）：记录人刘洋尚未提交。',
    );

    expect(await say(t, 'liuyang', '纪要 H2 一、期末考试12月28日开考，考务由教务处统筹', '纪要')).toBe(
      '已提交 H2 的纪要，已请主持人周敏签发；签发后发给全体参会人员。',
    );
    const signoff = await card('zhoumin', 'H2', '签发纪要 H2');
    expect(cardFacts(signoff).buttons).toEqual(['meeting_minutes_sign', 'meeting_minutes_return']);
    const attendee = mark(t, 'zhangyan');
    await press(t, 'zhoumin', signoff.taskId, 'meeting_minutes_sign');
    expect(await waitForCardUpdate(t, signoff.taskId)).toBe('已签发 · 周敏 12-07 18:00');
    expect(await waitForText(t, 'zhangyan', '【H2 会议纪要】', { since: attendee })).toBe(
      '【H2 会议纪要】期末考试工作会\n时间：12-03 15:00–16:00（周四）\u3000地点：第二会议室\n主持：周敏\u3000记录：刘洋\u3000签发：周敏\n\n一、期末考试12月28日开考，考务由教务处统筹',
    );
    const status = await say(t, 'lihua', '查询 H2', '【H2');
    expect(status).toContain('【H2 决策会】纪要已发布（已改期1次）');
    expect(status).toContain('纪要：已发布 12-07 18:00（周敏签发，逾期）');
  });

  it('once its minutes are out and the task its 决议 became is verified, the meeting is 办结 at the end of the next working day', async () => {
    expect(await say(t, 'chenhao', `完成 ${taskRef} 考务安排表已定稿`, '验收')).toContain(taskRef);
    const verify = await card('zhoumin', taskRef, `验收 ${taskRef}`);
    await press(t, 'zhoumin', verify.taskId, 'task_verify');
    await waitForCardUpdate(t, verify.taskId);
    await move('2026-12-08T17:59');
    expect((await t.db.prisma.meeting.findFirstOrThrow({ where: { ref: 'H2' } })).state).toBe('minutes_published');
    await move('2026-12-08T18:00');
    const status = await say(t, 'lihua', '查询 H2', '【H2');
    expect(status).toContain('【H2 决策会】已办结（已改期1次）');
    expect(status).toContain(`· ${taskRef} 制定期末考试考务安排｜负责：陈浩｜截止 12-10 18:00（周四）｜已验收办结`);
    expect(status).toContain('校办助手 办结：纪要已发布，1项决议均已办结');
  });
});
