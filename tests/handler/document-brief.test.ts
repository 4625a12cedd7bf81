import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefWeek } from '../../src/kit/brief.js';
import { buildWeeklyBrief } from '../../src/schedules/jobs/weekly-brief.js';
import { incomingBriefSection } from '../../src/workflows/incoming/incoming-brief-section.js';
import { outgoingBriefSection } from '../../src/workflows/outgoing/outgoing-brief-section.js';
import { asSystem } from '../support/as-system.js';
import {
  at,
  insertApproval,
  insertIncoming,
  insertOutgoing,
  insertReading,
  readOnlyModule,
} from '../support/document-rows.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

const WEEK: BriefWeek = { from: at('2026-11-30T00:00:00'), to: at('2026-12-07T00:00:00') };
const TITLES = ['关于做好期末考试工作的通知', '关于开展校园安全隐患排查的通知', '关于期末考试安排的通知'];
/** 收文 and 发文 with nothing but their brief sections, as the lead wires them into the modules. */
const DOCUMENT_MODULES = [
  readOnlyModule('incoming', '收文', 'S', { briefSection: incomingBriefSection }),
  readOnlyModule('outgoing', '发文', 'F', { briefSection: outgoingBriefSection }),
];

/**
 * The documents' part of the weekly brief (spec 4) on a fixed set: received and issued this week,
 * waiting on a leader, readers overdue, and the KPIs 公文处理时效 (median working hours from 收文 to
 * 办结, and the share 办结 by the deadline) and 特急按时率. The brief is built Friday 2026-12-04 at
 * 16:05 (Beijing); a second week, that of 国庆 2026, has a 调休 Saturday.
 */
describe('the documents in the weekly brief', () => {
  let h: HandlerHarness;

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-12-04T16:05:00').toISOString() });
    const db = h.db.prisma;
    // 办结 this week: S1 (42 working hours, on time), S2 (38, a day late), S3 秘密 (10, on time)
    await insertIncoming(db, {
      ref: 'S1',
      receivedAt: at('2026-11-25T09:00:00'),
      title: TITLES[0],
      handlingDueAt: at('2026-12-02T18:00:00'),
      state: 'archived',
      completedAt: at('2026-12-01T11:00:00'),
      archivedAt: at('2026-12-02T09:00:00'),
    });
    await insertIncoming(db, {
      ref: 'S2',
      receivedAt: at('2026-11-30T09:00:00'),
      title: TITLES[1],
      urgency: '特急',
      handlingDueAt: at('2026-12-02T18:00:00'),
      state: 'completed',
      completedAt: at('2026-12-03T17:00:00'),
    });
    await insertIncoming(db, {
      ref: 'S3',
      receivedAt: at('2026-12-01T10:00:00'),
      secrecy: '秘密',
      handlingDueAt: at('2026-12-04T18:00:00'),
      state: 'completed',
      completedAt: at('2026-12-02T10:00:00'),
    });
    // S2's readers: 韩雪 due Tuesday, 刘洋 due this morning (both unread), 冯涛 read, 蔡芸 due tomorrow
    await insertReading(db, {
      ref: 'S2',
      readerId: 'hanxue',
      sentAt: at('2026-11-30T10:00:00'),
      dueAt: at('2026-12-01T10:00:00'),
    });
    await insertReading(db, {
      ref: 'S2',
      readerId: 'liuyang',
      sentAt: at('2026-12-03T09:00:00'),
      dueAt: at('2026-12-04T09:00:00'),
    });
    await insertReading(db, {
      ref: 'S2',
      readerId: 'fengtao',
      sentAt: at('2026-11-30T10:00:00'),
      dueAt: at('2026-12-01T10:00:00'),
      readAt: at('2026-11-30T15:00:00'),
    });
    await insertReading(db, {
      ref: 'S2',
      readerId: 'caiyun',
      sentAt: at('2026-12-04T09:00:00'),
      dueAt: at('2026-12-05T09:00:00'),
    });
    // waiting on a leader: S4 (周敏, since Wednesday), S5 秘密 (赵立, since Thursday); S6's was decided
    await insertIncoming(db, { ref: 'S4', receivedAt: at('2026-12-02T09:00:00'), state: 'proposed' });
    await insertApproval(db, {
      ref: 'S4',
      workflow: 'incoming',
      holders: ['zhoumin'],
      openedAt: at('2026-12-02T10:00:00'),
    });
    await insertIncoming(db, { ref: 'S5', receivedAt: at('2026-12-03T09:00:00'), secrecy: '秘密', state: 'proposed' });
    await insertApproval(db, {
      ref: 'S5',
      workflow: 'incoming',
      holders: ['zhaoli'],
      openedAt: at('2026-12-03T10:00:00'),
    });
    await insertIncoming(db, { ref: 'S6', receivedAt: at('2026-11-20T09:00:00'), state: 'handling' });
    await insertApproval(db, {
      ref: 'S6',
      workflow: 'incoming',
      holders: ['qianjun'],
      decided: ['qianjun'],
      state: 'approved',
      openedAt: at('2026-11-20T10:00:00'),
    });

    // 特急: F1 issued in 8 hours; F2 in 29; F3 due this morning, not issued; F4 due tomorrow; F6 withdrawn
    await insertOutgoing(db, {
      ref: 'F1',
      createdAt: at('2026-11-30T09:00:00'),
      title: TITLES[2],
      urgency: '特急',
      number: 1,
      signedAt: at('2026-11-30T17:00:00'),
      state: 'distributed',
      distributedAt: at('2026-12-01T09:00:00'),
    });
    await insertOutgoing(db, {
      ref: 'F2',
      createdAt: at('2026-12-02T10:00:00'),
      urgency: '特急',
      number: 2,
      signedAt: at('2026-12-03T15:00:00'),
    });
    await insertOutgoing(db, { ref: 'F3', createdAt: at('2026-12-03T09:00:00'), urgency: '特急', state: 'cosigning' });
    await insertOutgoing(db, { ref: 'F4', createdAt: at('2026-12-04T14:00:00'), urgency: '特急', state: 'reviewing' });
    // 普通: F5 drafted last week, issued this one
    await insertOutgoing(db, {
      ref: 'F5',
      createdAt: at('2026-11-25T09:00:00'),
      number: 3,
      signedAt: at('2026-12-01T10:00:00'),
    });
    await insertOutgoing(db, {
      ref: 'F6',
      createdAt: at('2026-12-01T09:00:00'),
      urgency: '特急',
      state: 'cancelled',
      closingReason: '不再发文',
    });
    // F7 waits on 周敏's 签发; F8 on 何军's 会签 (a head, not a leader)
    await insertOutgoing(db, { ref: 'F7', createdAt: at('2026-12-02T09:00:00'), state: 'awaiting_signoff' });
    await insertApproval(db, {
      ref: 'F7',
      workflow: 'outgoing',
      purpose: 'signoff',
      holders: ['zhoumin'],
      openedAt: at('2026-12-03T11:00:00'),
    });
    await insertOutgoing(db, { ref: 'F8', createdAt: at('2026-12-02T11:00:00'), state: 'cosigning' });
    await insertApproval(db, {
      ref: 'F8',
      workflow: 'outgoing',
      holders: ['hejun'],
      openedAt: at('2026-12-02T12:00:00'),
    });

    // the week of 国庆 (10-05 to 10-11; Saturday 10-10 is a 调休 working day)
    await insertIncoming(db, {
      ref: 'S20',
      receivedAt: at('2026-09-30T10:00:00'),
      handlingDueAt: at('2026-10-09T18:00:00'),
      state: 'completed',
      completedAt: at('2026-10-10T11:00:00'),
    });
    await insertIncoming(db, {
      ref: 'S21',
      receivedAt: at('2026-10-09T17:00:00'),
      handlingDueAt: at('2026-10-12T18:00:00'),
      state: 'completed',
      completedAt: at('2026-10-10T09:00:00'),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts the 收文 of the week, those waiting on a leader, readers overdue and 公文处理时效', async () => {
    const { result: section } = await asSystem(h, (ctx) => incomingBriefSection(ctx, WEEK));
    expect(section).toEqual({
      title: '公文·收文',
      lines: [
        '本周收文4件（特急1件），办结3件，归档1件',
        '待领导签批：2件（S4 周敏，S5 赵立）',
        // 韩雪's due Tuesday 10:00: Tuesday, Wednesday and Thursday have ended since
        '传阅逾期：2人次（S2 韩雪 逾期3个工作日，S2 刘洋 已过截止时间）',
      ],
      // 42, 38 and 10 working hours; S1 and S3 by their deadline, S2 a day late
      kpis: [{ name: '公文处理时效', value: '中位38个工作小时，按期办结2/3（67%）' }],
    });
  });

  it('counts the 发文 of the week, those waiting on a leader and 特急按时率', async () => {
    const { result: section } = await asSystem(h, (ctx) => outgoingBriefSection(ctx, WEEK));
    expect(section).toEqual({
      title: '公文·发文',
      lines: ['本周签发3件（特急2件），新拟稿7件，分发1件', '待领导签批：1件（F7 周敏）'],
      // F1 on time; F2 late; F3 due and not issued; F4 not due yet; F6 withdrawn before sign-off
      kpis: [{ name: '特急按时率', value: '1/3（33%）' }],
    });
  });

  it('reads as one 公文 part of the brief, with references and names but never a title', async () => {
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, DOCUMENT_MODULES, WEEK));
    const blocks = brief.split('\n\n');
    expect(blocks.slice(1, 3)).toEqual([
      [
        '**公文·收文**',
        '本周收文4件（特急1件），办结3件，归档1件',
        '待领导签批：2件（S4 周敏，S5 赵立）',
        '传阅逾期：2人次（S2 韩雪 逾期3个工作日，S2 刘洋 已过截止时间）',
        '公文处理时效：中位38个工作小时，按期办结2/3（67%）',
      ].join('\n'),
      [
        '**公文·发文**',
        '本周签发3件（特急2件），新拟稿7件，分发1件',
        '待领导签批：1件（F7 周敏）',
        '特急按时率：1/3（33%）',
      ].join('\n'),
    ]);
    for (const title of [...TITLES, '涉密件']) expect(brief).not.toContain(title);
  });

  it('shows — for a KPI with nothing to count', async () => {
    const later = { from: at('2026-12-14T00:00:00'), to: at('2026-12-21T00:00:00') };
    const { result: incoming } = await asSystem(h, (ctx) => incomingBriefSection(ctx, later));
    const { result: outgoing } = await asSystem(h, (ctx) => outgoingBriefSection(ctx, later));
    expect(incoming.lines[0]).toBe('本周收文0件，办结0件，归档0件');
    expect(incoming.kpis).toEqual([{ name: '公文处理时效', value: '—' }]);
    expect(outgoing.lines[0]).toBe('本周签发0件，新拟稿0件，分发0件');
    expect(outgoing.kpis).toEqual([{ name: '特急按时率', value: '—' }]);
  });

  it('counts working hours on the holiday calendar: 国庆 adds none, the 调休 Saturday counts', async () => {
    const nationalDay = { from: at('2026-10-05T00:00:00'), to: at('2026-10-12T00:00:00') };
    h.clock.set(at('2026-10-10T16:05:00'));
    try {
      const { result: section } = await asSystem(h, (ctx) => incomingBriefSection(ctx, nationalDay));
      // S20: 09-30 10:00–18:00 (8), 10-08 (10), 10-09 (10), Saturday 10-10 08:00–11:00 (3) = 31, a day
      // late; S21: Friday 17:00–18:00 and Saturday 08:00–09:00 = 2, on time; the median of 31 and 2
      expect(section.kpis).toEqual([{ name: '公文处理时效', value: '中位16.5个工作小时，按期办结1/2（50%）' }]);
      expect(section.lines[0]).toBe('本周收文1件，办结2件，归档0件');
    } finally {
      h.clock.set(at('2026-12-04T16:05:00'));
    }
  });
});
