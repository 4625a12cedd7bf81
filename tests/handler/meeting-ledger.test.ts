import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEETING_LEDGER_COLUMNS, meetingLedger } from '../../src/workflows/meetings/meeting-ledger.js';
import { monthPeriod } from '../../src/kit/ledger-period.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';
import { asSystem } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';
import { at, insertMeeting, recordAttendance } from '../support/meeting-rows.js';

const DECEMBER = monthPeriod(2026, 12, 'Asia/Shanghai');

/**
 * The 会议台账 (spec 2.7) on a fixed data set: December 2026's 校长办公会 (check-in used, one on leave,
 * two 决议 as tasks, minutes signed off) and 教务协调会 (no check-in: the replies count), with a
 * cancelled meeting and November's left out.
 */
describe('the 会议台账', () => {
  let h: HandlerHarness;
  const ledger = async (query: { from: Date; to: Date; departmentId?: string }) =>
    (await asSystem(h, (ctx) => meetingLedger(ctx, taskOffers, query))).result;

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-20T09:00').toISOString() });
    const november = await insertMeeting(h, {
      topic: '十一月例会',
      startsAt: '2026-11-23T09:00',
      endsAt: '2026-11-23T10:00',
      organizer: 'lihua',
      attendees: ['chenhao'],
    });
    await h.db.prisma.meeting.update({ where: { id: november.id }, data: { state: 'held' } });
    const office = await insertMeeting(h, {
      topic: '校长办公会',
      kind: '决策会',
      startsAt: '2026-12-08T14:00',
      endsAt: '2026-12-08T16:00',
      agenda: '期末考试安排；寒假值班',
      organizer: 'wangfang',
      host: 'zhaoli',
      recorder: 'yangxue',
      attendees: ['zhoumin', 'lihua', 'hejun', 'luowei'],
    });
    const academic = await insertMeeting(h, {
      topic: '教务协调会',
      startsAt: '2026-12-10T10:00',
      endsAt: '2026-12-10T11:00',
      place: '第二会议室',
      roomId: 'room2',
      organizer: 'lihua',
      attendees: ['chenhao', 'zhangyan', 'liuyang'],
    });
    const cancelled = await insertMeeting(h, {
      topic: '取消的会',
      startsAt: '2026-12-09T09:00',
      endsAt: '2026-12-09T10:00',
      organizer: 'lihua',
      attendees: ['chenhao'],
    });
    await h.db.prisma.meeting.update({ where: { id: cancelled.id }, data: { state: 'cancelled' } });

    await recordAttendance(h, office, {
      zhoumin: { reply: 'attending', checkedIn: true },
      lihua: { reply: 'attending', checkedIn: true },
      hejun: { checkedIn: true },
      luowei: { reply: 'leave', leaveReason: '区里开会' },
    });
    h.clock.set(at('2026-12-08T15:00'));
    await h.say('yangxue', `决议 ${office.ref} 内容:制定寒假值班表 负责:何军 截止:12月18日`);
    await h.say('yangxue', `决议 ${office.ref} 内容:修订期末考试方案 负责:李华 截止:12月15日 验收:方案经教务会通过`);
    await h.say('hejun', '进展 R1 已排出初稿');
    h.clock.set(at('2026-12-08T17:00'));
    await h.say('yangxue', `纪要 ${office.ref} 一、期末考试安排；二、寒假值班`);
    await h.tap('zhaoli', (await h.lastCardTo('zhaoli')).taskId!, 'meeting_minutes_sign');

    await recordAttendance(h, academic, {
      chenhao: { reply: 'attending' },
      zhangyan: { reply: 'leave', leaveReason: '监考' },
    });
    h.clock.set(at('2026-12-10T11:30'));
    await h.say('lihua', `纪要 ${academic.ref} 一、排定监考表`);
    h.clock.set(at('2026-12-16T09:00'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has the columns of spec 2.7, in order', () => {
    expect(MEETING_LEDGER_COLUMNS.join(' · ')).toBe(
      '序号 · 会议名称 · 时间 · 地点 · 主持人 · 出席 · 缺席及原因 · 记录人 · 议题 · 议定事项 · 责任部门 · 落实情况 · 归档号',
    );
  });

  it("lists a month's meetings held: attendance from check-in or replies, decisions with their tasks as they stand", async () => {
    expect(await ledger(DECEMBER)).toEqual([
      [
        '1',
        '校长办公会',
        '2026-12-08 14:00–16:00',
        '第一会议室',
        '赵立',
        '周敏、李华、何军',
        '罗伟（区里开会）',
        '杨雪',
        '期末考试安排；寒假值班',
        'R1 制定寒假值班表；R2 修订期末考试方案',
        '总务处、教务处',
        'R1 办理中；R2 待办理（已过截止时间）',
        '',
      ],
      [
        '2',
        '教务协调会',
        '2026-12-10 10:00–11:00',
        '第二会议室',
        '李华',
        '陈浩',
        '张岩（监考）',
        '李华',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
  });

  it('narrows to the meetings a department booked, and is empty for a month without any', async () => {
    const rows = await ledger({ ...DECEMBER, departmentId: 'academic' });
    expect(rows.map((row) => row[1])).toEqual(['教务协调会']);
    expect(await ledger(monthPeriod(2026, 10, 'Asia/Shanghai'))).toEqual([]);
  });
});
