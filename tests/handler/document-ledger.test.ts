import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseContext } from '../../src/kit/context.js';
import { monthPeriod } from '../../src/kit/ledger-period.js';
import { INCOMING_REGISTER_COLUMNS, incomingRegister } from '../../src/workflows/incoming/incoming-ledger.js';
import { OUTGOING_REGISTER_COLUMNS, outgoingRegister } from '../../src/workflows/outgoing/outgoing-ledger.js';
import { asSystem } from '../support/as-system.js';
import {
  at,
  insertDistribution,
  insertIncoming,
  insertNote,
  insertOutgoing,
  insertReading,
  insertVoid,
} from '../support/document-rows.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

/**
 * The 收文登记簿 and 发文登记簿 (spec 2.7) on a fixed set of November 2026 documents: the columns of
 * the paper forms in order, the office's whole register and what a teacher or a department head
 * may see of it, a 秘密/机密 document as 「涉密件」, and voided 文号 as 作废 rows so the numbers have
 * no gap. The clock is Friday 2026-12-11 10:00 (Beijing).
 */
describe('the 收文登记簿 and 发文登记簿', () => {
  let h: HandlerHarness;
  const november =
    (viewer: string, departmentId?: string) =>
    (ctx: BaseContext): RegisterQuery => ({
      ...monthPeriod(2026, 11, ctx.timezone),
      ...(departmentId ? { departmentId } : {}),
      viewer: ctx.directory.person(viewer)!,
    });
  type RegisterQuery = Parameters<typeof incomingRegister>[1];
  const incoming = async (query: (ctx: BaseContext) => RegisterQuery) =>
    (await asSystem(h, (ctx) => incomingRegister(ctx, query(ctx)))).result;
  const outgoing = async (query: (ctx: BaseContext) => RegisterQuery) =>
    (await asSystem(h, (ctx) => outgoingRegister(ctx, query(ctx)))).result;

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-12-11T10:00:00').toISOString() });
    const db = h.db.prisma;
    // S1: proposed, instructed, circulated to three (two read), done on time, archived
    await insertIncoming(db, {
      ref: 'S1',
      receivedAt: at('2026-11-02T09:30:00'),
      title: '关于做好期末考试工作的通知',
      senderNumber: '教发〔2026〕8号',
      urgency: '加急',
      copies: 2,
      leadDepartmentId: 'academic',
      proposedBy: 'yangxue',
      proposalLeaderId: 'zhoumin',
      handlingDueAt: at('2026-11-13T18:00:00'),
      approvedBy: 'zhoumin',
      instruction: '同意，请教务处抓紧办理',
      state: 'archived',
      completedAt: at('2026-11-12T16:00:00'),
      result: '已按要求组织并上报',
      archiveCode: '0194-WS·2026-D30-JWC-0001',
    });
    await insertNote(db, {
      ref: 'S1',
      kind: 'proposal',
      authorId: 'yangxue',
      text: '拟请教务处牵头落实，11月13日前反馈',
      at: at('2026-11-02T11:00:00'),
    });
    await insertNote(db, {
      ref: 'S1',
      kind: 'instruction',
      authorId: 'zhoumin',
      text: '同意，请教务处抓紧办理',
      at: at('2026-11-03T09:00:00'),
    });
    for (const [readerId, readAt] of [
      ['lihua', at('2026-11-03T10:00:00')],
      ['liuyang', at('2026-11-03T11:00:00')],
      ['chenhao', undefined],
    ] as const)
      await insertReading(db, {
        ref: 'S1',
        readerId,
        sentAt: at('2026-11-03T09:30:00'),
        dueAt: at('2026-11-04T09:30:00'),
        ...(readAt ? { readAt } : {}),
      });
    // S2: 秘密, led by 教务处, done after its deadline
    await insertIncoming(db, {
      ref: 'S2',
      receivedAt: at('2026-11-05T10:00:00'),
      secrecy: '秘密',
      senderOrg: '市教育局',
      senderNumber: '市教密〔2026〕2号',
      leadDepartmentId: 'academic',
      handlingDueAt: at('2026-11-20T18:00:00'),
      approvedBy: 'zhaoli',
      state: 'completed',
      completedAt: at('2026-11-23T09:00:00'),
    });
    // S3: in hand at 总务处, past its deadline
    await insertIncoming(db, {
      ref: 'S3',
      receivedAt: at('2026-11-10T14:00:00'),
      title: '关于开展校园安全隐患排查的通知',
      leadDepartmentId: 'general',
      handlingDueAt: at('2026-11-30T18:00:00'),
      approvedBy: 'qianjun',
      state: 'handling',
    });
    // S4: registered only; S5: withdrawn; S6: December's
    await insertIncoming(db, { ref: 'S4', receivedAt: at('2026-11-20T09:00:00'), title: '关于征订2027年教辅的函' });
    await insertIncoming(db, {
      ref: 'S5',
      receivedAt: at('2026-11-25T09:00:00'),
      title: '关于征订2027年教辅的函',
      state: 'cancelled',
      closingReason: '重复登记',
    });
    await insertIncoming(db, { ref: 'S6', receivedAt: at('2026-12-01T09:00:00'), title: '关于寒假安全教育的通知' });

    // 发文: 校发 1 (F1), 2 (F2, withdrawn after sign-off: 作废), 3 (F3, 机密), 4 (voided on its own), 5 in
    // December (F6); 校办 1 (F4); F5 has no 文号 yet
    await insertOutgoing(db, {
      ref: 'F1',
      createdAt: at('2026-11-02T10:00:00'),
      title: '关于期末考试安排的通知',
      number: 1,
      signedAt: at('2026-11-03T15:00:00'),
      signedBy: 'zhoumin',
      reviewedBy: 'yangxue',
      cosignDepartmentIds: ['general', 'student'],
      mainTo: '各年级组',
      copyTo: '区教育局',
      printCopies: 30,
      sealRequestRef: 'Y3',
      state: 'distributed',
      archiveCode: '0194-WS·2026-D30-JWC-0002',
    });
    for (const [recipientId, confirmedAt] of [
      ['hanxue', at('2026-11-04T09:00:00')],
      ['fengtao', at('2026-11-04T10:00:00')],
      ['hejun', undefined],
    ] as const)
      await insertDistribution(db, {
        ref: 'F1',
        recipientId,
        sentAt: at('2026-11-04T08:30:00'),
        ...(confirmedAt ? { confirmedAt } : {}),
      });
    await insertOutgoing(db, {
      ref: 'F2',
      createdAt: at('2026-11-04T10:00:00'),
      title: '关于调整作息时间的通知',
      number: 2,
      signedAt: at('2026-11-05T11:00:00'),
      signedBy: 'zhoumin',
      state: 'cancelled',
      closingReason: '内容需重拟',
    });
    await insertVoid(db, {
      scope: '发文:xiaofa:2026',
      number: 2,
      reason: 'F2 撤销：内容需重拟',
      voidedBy: 'wangfang',
      voidedAt: at('2026-11-06T09:00:00'),
    });
    await insertOutgoing(db, {
      ref: 'F3',
      createdAt: at('2026-11-06T10:00:00'),
      secrecy: '机密',
      number: 3,
      signedAt: at('2026-11-09T10:00:00'),
      signedBy: 'zhoumin',
      drafterId: 'liuyang',
    });
    await insertVoid(db, {
      scope: '发文:xiaofa:2026',
      number: 4,
      reason: '号码预留未用',
      voidedBy: 'wangfang',
      voidedAt: at('2026-11-12T09:00:00'),
    });
    await insertOutgoing(db, {
      ref: 'F4',
      createdAt: at('2026-11-09T10:00:00'),
      title: '关于开展秋季运动会的通知',
      seriesId: 'xiaoban',
      number: 1,
      signedAt: at('2026-11-10T10:00:00'),
      signedBy: 'qianjun',
      drafterId: 'hejun',
      departmentId: 'general',
      signoffLeaderId: 'qianjun',
    });
    // 校办 2 (F9): 秘密, withdrawn after sign-off; its reason was never stored
    await insertOutgoing(db, {
      ref: 'F9',
      createdAt: at('2026-11-16T10:00:00'),
      seriesId: 'xiaoban',
      secrecy: '秘密',
      number: 2,
      signedAt: at('2026-11-17T10:00:00'),
      signedBy: 'qianjun',
      drafterId: 'hejun',
      departmentId: 'general',
      state: 'cancelled',
      closingReason: '（涉密，原因请到综合办公室了解）',
    });
    await insertVoid(db, {
      scope: '发文:xiaoban:2026',
      number: 2,
      reason: 'F9 撤销：（涉密，原因请到综合办公室了解）',
      voidedBy: 'wangfang',
      voidedAt: at('2026-11-18T09:00:00'),
    });
    await insertOutgoing(db, { ref: 'F5', createdAt: at('2026-11-20T10:00:00'), title: '关于教师培训的通知' });
    await insertOutgoing(db, {
      ref: 'F6',
      createdAt: at('2026-12-01T10:00:00'),
      title: '关于寒假值班的通知',
      number: 5,
      signedAt: at('2026-12-02T10:00:00'),
      signedBy: 'zhoumin',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists November's 收文 for the office with the columns of the paper form", async () => {
    expect(INCOMING_REGISTER_COLUMNS.join(' · ')).toBe(
      '序号 · 收文日期 · 收文编号 · 来文单位 · 来文字号 · 文件标题 · 密级 · 缓急 · 份数 · 拟办意见 · 领导批示 · 承办部门 · 办理时限 · 办理结果 · 归档号 · 备注',
    );
    expect(await incoming(november('wangfang'))).toEqual([
      [
        '1',
        '2026-11-02',
        '收〔2026〕1号',
        '区教育局',
        '教发〔2026〕8号',
        '关于做好期末考试工作的通知',
        '普通',
        '加急',
        '2',
        '拟请教务处牵头落实，11月13日前反馈',
        '同意，请教务处抓紧办理（周敏）',
        '教务处',
        '2026-11-13',
        '按期办结：已按要求组织并上报',
        '0194-WS·2026-D30-JWC-0001',
        '传阅2/3已阅',
      ],
      [
        '2',
        '2026-11-05',
        '收〔2026〕2号',
        '市教育局',
        '市教密〔2026〕2号',
        '涉密件',
        '秘密',
        '平件',
        '1',
        '',
        '同意拟办（赵立）',
        '教务处',
        '2026-11-20',
        '逾期办结',
        '',
        '',
      ],
      [
        '3',
        '2026-11-10',
        '收〔2026〕3号',
        '区教育局',
        '',
        '关于开展校园安全隐患排查的通知',
        '普通',
        '平件',
        '1',
        '',
        '同意拟办（钱军）',
        '总务处',
        '2026-11-30',
        '逾期未办结',
        '',
        '',
      ],
      [
        '4',
        '2026-11-20',
        '收〔2026〕4号',
        '区教育局',
        '',
        '关于征订2027年教辅的函',
        '普通',
        '平件',
        '1',
        '',
        '',
        '',
        '',
        '待拟办',
        '',
        '',
      ],
      [
        '5',
        '2026-11-25',
        '收〔2026〕5号',
        '区教育局',
        '',
        '关于征订2027年教辅的函',
        '普通',
        '平件',
        '1',
        '',
        '',
        '',
        '',
        '已撤销',
        '',
        '撤销：重复登记',
      ],
    ]);
  });

  it('shows a department its own 收文, and a teacher only what they may read', async () => {
    const refsOf = (rows: string[][]) => rows.map((row) => [row[0], row[2], row[5]]);
    expect(refsOf(await incoming(november('wangfang', 'academic')))).toEqual([
      ['1', '收〔2026〕1号', '关于做好期末考试工作的通知'],
      ['2', '收〔2026〕2号', '涉密件'],
    ]);
    // 李华 heads 教务处: the 秘密 one too, still as 涉密件; 张岩 works there: not the 秘密 one
    expect(refsOf(await incoming(november('lihua')))).toEqual([
      ['1', '收〔2026〕1号', '关于做好期末考试工作的通知'],
      ['2', '收〔2026〕2号', '涉密件'],
    ]);
    expect(refsOf(await incoming(november('zhangyan')))).toEqual([
      ['1', '收〔2026〕1号', '关于做好期末考试工作的通知'],
    ]);
    // 钱军 is a leader: every one; 王磊 is on none
    expect(refsOf(await incoming(november('qianjun')))).toHaveLength(5);
    expect(await incoming(november('wanglei'))).toEqual([]);
    const december = await incoming((ctx) => ({
      ...monthPeriod(2026, 12, ctx.timezone),
      viewer: ctx.directory.person('wangfang')!,
    }));
    expect(refsOf(december)).toEqual([['1', '收〔2026〕6号', '关于寒假安全教育的通知']]);
  });

  it("lists November's 文号 by series and number, a voided one as 作废 so none is missing", async () => {
    expect(OUTGOING_REGISTER_COLUMNS.join(' · ')).toBe(
      '序号 · 发文字号 · 文件标题 · 拟稿部门 · 拟稿人 · 核稿人 · 会签部门 · 签发人 · 签发日期 · 密级 · 缓急 · 主送 · 抄送 · 印发份数 · 归档号 · 备注',
    );
    const blank = (count: number): string[] => Array<string>(count).fill('');
    expect(await outgoing(november('wangfang'))).toEqual([
      [
        '1',
        '校发〔2026〕1号',
        '关于期末考试安排的通知',
        '教务处',
        '陈浩',
        '杨雪',
        '总务处、学生发展中心',
        '周敏',
        '2026-11-03',
        '普通',
        '平件',
        '各年级组',
        '区教育局',
        '30',
        '0194-WS·2026-D30-JWC-0002',
        '用印Y3；分发2/3已确认',
      ],
      ['2', '校发〔2026〕2号', '作废', '教务处', ...blank(11), '作废：F2 撤销：内容需重拟；王芳 2026-11-06'],
      [
        '3',
        '校发〔2026〕3号',
        '涉密件',
        '教务处',
        '刘洋',
        '',
        '',
        '周敏',
        '2026-11-09',
        '机密',
        '平件',
        '',
        '',
        '1',
        '',
        '',
      ],
      ['4', '校发〔2026〕4号', '作废', '', ...blank(11), '作废：号码预留未用；王芳 2026-11-12'],
      [
        '5',
        '校办〔2026〕1号',
        '关于开展秋季运动会的通知',
        '总务处',
        '何军',
        '',
        '',
        '钱军',
        '2026-11-10',
        '普通',
        '平件',
        '',
        '',
        '1',
        '',
        '',
      ],
      ['6', '校办〔2026〕2号', '作废', '总务处', ...blank(11), '作废：F9 撤销；王芳 2026-11-18'],
    ]);
  });

  it('shows a department its own 发文, and a teacher only what they may read', async () => {
    const numbersOf = (rows: string[][]) => rows.map((row) => [row[0], row[1], row[2]]);
    expect(numbersOf(await outgoing(november('wangfang', 'general')))).toEqual([
      ['1', '校办〔2026〕1号', '关于开展秋季运动会的通知'],
      ['2', '校办〔2026〕2号', '作废'],
    ]);
    // 陈浩 drafted F1 and works in 教务处 (F2's, now 作废); not the 机密 F3, nor the number voided on its own
    expect(numbersOf(await outgoing(november('chenhao')))).toEqual([
      ['1', '校发〔2026〕1号', '关于期末考试安排的通知'],
      ['2', '校发〔2026〕2号', '作废'],
    ]);
    // 刘洋 drafted the 机密 one: it is his, as 涉密件
    expect(numbersOf(await outgoing(november('liuyang')))).toEqual([
      ['1', '校发〔2026〕1号', '关于期末考试安排的通知'],
      ['2', '校发〔2026〕2号', '作废'],
      ['3', '校发〔2026〕3号', '涉密件'],
    ]);
    const december = await outgoing((ctx) => ({
      ...monthPeriod(2026, 12, ctx.timezone),
      viewer: ctx.directory.person('zhuhong')!,
    }));
    expect(numbersOf(december)).toEqual([['1', '校发〔2026〕5号', '关于寒假值班的通知']]);
  });
});
