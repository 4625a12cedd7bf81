import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.js';
import { deliverScheduleJobs } from '../../support/schedule-helpers.js';
import { cardFor, mark, press, textsSince, waitForCardUpdate } from '../../support/seal-helpers.js';
import { say } from '../../support/task-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

/**
 * A 传阅 reader who does not tap [已阅] (spec 3.2, 4; issue 12), through the gateway and the
 * schedules queue: the reading is a work item due 24 hours after the card, so the overdue scan
 * (working days 09:05) reminds the reader and climbs the ladder with no 收文 code of its own. The
 * clock starts at Monday 30 November 2026, 09:00 in Beijing and is moved to each morning's scan.
 * 陈浩 (教务处 staff, not a head) is the reader who does not read; 冯涛 reads at once. Escalation
 * follows the ITEM's department (spec 4): a proposed 收文 is its 承办 department's, here 教务处
 * (head 李华, 分管 周敏); the office director gets the daily list.
 */
describe('an overdue 传阅 reader, reminded and escalated by the overdue scan', () => {
  let t: TestService;
  const clock = fixedClock(at('2026-11-30T09:00:00'));
  beforeAll(async () => {
    t = await startTestService({ clock });
    await say(t, 'yangxue', '收文 标题:关于报送冬季校园安全隐患排查情况的通知 来文单位:区教育局', '已登记收文 S1');
    await say(t, 'yangxue', '拟办 S1 承办:教务处 期限:12月31日', '已拟办 S1');
    const card = await cardFor(t, 'zhoumin', 'S1');
    await press(t, 'zhoumin', card.taskId, 'incoming_approve');
    await waitForCardUpdate(t, card.taskId);
    // the lead department reports at once: only the reading is left to fall due
    await say(t, 'lihua', '反馈 S1 已布置各年级排查', '已记录 S1 的办理反馈');
    clock.set(at('2026-11-30T10:00:00'));
    await say(t, 'yangxue', '传阅 S1 人员:陈浩 冯涛', '已送 S1 传阅');
    const read = await cardFor(t, 'fengtao', 'S1');
    await press(t, 'fengtao', read.taskId, 'incoming_read');
    await waitForCardUpdate(t, read.taskId);
    await t.quiesce();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const PEOPLE = ['chenhao', 'fengtao', 'lihua', 'zhoumin', 'wangfang', 'zhaoli', 'yangxue'];

  /** Moves the clock to `local`, runs the overdue scan as its job scheduler would, and returns what each person got. */
  async function scanAt(local: string): Promise<Record<string, string[]>> {
    const since = Object.fromEntries(PEOPLE.map((userId) => [userId, mark(t, userId)]));
    clock.set(at(local));
    await deliverScheduleJobs(t, 'overdue_scan');
    await t.quiesce();
    return Object.fromEntries(
      PEOPLE.map((userId) => [userId, textsSince(t, userId, since[userId]!)] as const).filter(
        ([, texts]) => texts.length > 0,
      ),
    );
  }

  const LATE = 'S1 传阅阅知（《关于报送冬季校园安全隐患排查情况的通知》）';
  const reading = () =>
    t.db.prisma.workItem.findFirstOrThrow({
      where: { itemRef: 'S1', kind: 'doc_reading', holderId: 'chenhao' },
      select: { dueAt: true, doneAt: true, escalationLevel: true },
    });

  it('the reading is a work item due 24 hours after the card; the morning it falls due, a heads-up to the reader only', async () => {
    expect(await reading()).toEqual({ dueAt: at('2026-12-01T10:00:00'), doneAt: null, escalationLevel: 0 });
    expect(await scanAt('2026-12-01T09:05:30')).toEqual({
      chenhao: [`到期提醒：${LATE}将于 12-01 10:00 到期，请按时办理。`],
    });
  });

  it('1 working day overdue: the reader is reminded, nobody else', async () => {
    expect(await scanAt('2026-12-02T09:05:30')).toEqual({
      chenhao: [`超时提醒：${LATE}已逾期1个工作日，截止 12-01 10:00。请尽快办理，发送「查询 S1」查看详情。`],
    });
  });

  it('escalate_after_working_days (2) overdue: also the head of the document’s 承办 department, once however often the job comes', async () => {
    // three processes' schedulers may each deliver the job: the period runs once
    const since = Object.fromEntries(PEOPLE.map((userId) => [userId, mark(t, userId)]));
    clock.set(at('2026-12-03T09:05:30'));
    await deliverScheduleJobs(t, 'overdue_scan', 3);
    await t.quiesce();
    const got = Object.fromEntries(
      PEOPLE.map((userId) => [userId, textsSince(t, userId, since[userId]!)] as const).filter(
        ([, texts]) => texts.length > 0,
      ),
    );
    expect(got).toEqual({
      chenhao: [`超时提醒：${LATE}已逾期2个工作日，截止 12-01 10:00。请尽快办理，发送「查询 S1」查看详情。`],
      lihua: [`逾期督促：${LATE}已逾期2个工作日，截止 12-01 10:00，待陈浩（教务处）办理。请督促办理。`],
    });
    expect((await reading()).escalationLevel).toBe(1);
  });

  it('twice that (4 working days, over the weekend): also the 分管领导, and the office director’s daily list', async () => {
    expect(await scanAt('2026-12-07T09:05:30')).toEqual({
      chenhao: [`超时提醒：${LATE}已逾期4个工作日，截止 12-01 10:00。请尽快办理，发送「查询 S1」查看详情。`],
      lihua: [`逾期督促：${LATE}已逾期4个工作日，截止 12-01 10:00，待陈浩（教务处）办理。请督促办理。`],
      zhoumin: [`逾期督促：${LATE}已逾期4个工作日，截止 12-01 10:00，待陈浩（教务处）办理。请督促办理。`],
      wangfang: [
        [
          '逾期事项日报：今日1项事项逾期已报分管领导：',
          `1. ${LATE}已逾期4个工作日，截止 12-01 10:00，待陈浩（教务处）办理，分管领导周敏。`,
        ].join('\n'),
      ],
    });
    expect((await reading()).escalationLevel).toBe(2);
    // 查询 shows the office who has not read, and how late
    expect(await say(t, 'yangxue', '查询 S1', '【S1 收文】')).toContain(
      '· 陈浩 传阅阅知（期限 12-01 10:00（周二），已逾期4个工作日）',
    );
  });

  it('once read, the next scan reminds nobody', async () => {
    const card = await cardFor(t, 'chenhao', 'S1');
    const officeSince = mark(t, 'yangxue');
    await press(t, 'chenhao', card.taskId, 'incoming_read');
    // a week after it was sent: the click's own response code updates the card
    expect(await waitForCardUpdate(t, card.taskId)).toBe('已阅 · 陈浩 12-07 09:05');
    await t.quiesce();
    expect(textsSince(t, 'yangxue', officeSince)).toEqual([
      'S1《关于报送冬季校园安全隐患排查情况的通知》传阅完毕：2人已全部阅知。',
    ]);
    expect((await reading()).doneAt).toEqual(at('2026-12-07T09:05:30'));
    expect(await scanAt('2026-12-08T09:05:30')).toEqual({});
  });
});
