import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/app/build-catalog.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { searchTerms } from '../../src/kit/document-search.js';
import { incomingSearchQuery, searchIncoming } from '../../src/workflows/incoming/incoming-search.js';
import { outgoingSearchQuery, searchOutgoing } from '../../src/workflows/outgoing/outgoing-search.js';
import {
  at,
  insertApproval,
  insertDistribution,
  insertIncoming,
  insertOutgoing,
  insertReading,
  readOnlyModule,
} from '../support/document-rows.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';
import { planNodes } from '../support/query-plan.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** 收文 and 发文 with nothing but their search hooks, in place of the shipped modules, whose commands the rows stand for. */
const DOCUMENT_MODULES = [
  readOnlyModule('incoming', '收文', 'S', { search: searchIncoming }),
  readOnlyModule('outgoing', '发文', 'F', { search: searchOutgoing }),
];
const OTHER_WORKFLOWS = SHIPPED_WORKFLOWS.filter((module) => module.id !== 'incoming' && module.id !== 'outgoing');

/**
 * `查找` (档案检索, issue 12) on a fixed set of documents, as each person would see the reply: the
 * office sees every document, a teacher only those they are on; a 秘密/机密 document is found only
 * by its reference, 收文编号, 文号 or 来文字号, and its line never carries a title. The clock is
 * Friday 2026-12-04 10:00 (Beijing).
 */
describe('查找', () => {
  let h: HandlerHarness;
  const reply = async (from: string, text: string): Promise<string> =>
    (await h.say(from, text)).map((message) => message.text).join('\n');

  beforeAll(async () => {
    h = await createHandlerHarness({
      now: at('2026-12-04T10:00:00').toISOString(),
      catalog: buildCatalog([...OTHER_WORKFLOWS, ...DOCUMENT_MODULES]),
    });
    const db = h.db.prisma;
    // last year's, led by 总务处
    await insertIncoming(db, {
      ref: 'S1',
      receivedAt: at('2025-12-10T09:00:00'),
      title: '关于做好冬季校园安全工作的通知',
      senderNumber: '教发〔2025〕30号',
      leadDepartmentId: 'general',
      state: 'completed',
    });
    // led by 教务处 (李华 heads it; 张岩 works there); 刘洋 of 教务处 reads it too
    await insertIncoming(db, {
      ref: 'S2',
      receivedAt: at('2026-11-30T09:00:00'),
      title: '关于做好期末考试工作的通知',
      senderNumber: '教发〔2026〕8号',
      leadDepartmentId: 'academic',
      state: 'handling',
    });
    await insertReading(db, {
      ref: 'S2',
      readerId: 'hanxue',
      sentAt: at('2026-11-30T10:00:00'),
      dueAt: at('2026-12-01T10:00:00'),
    });
    // 秘密: 来文单位 and 字号 kept, no title; led by 教务处, so its head sees it and its staff do not
    await insertIncoming(db, {
      ref: 'S3',
      receivedAt: at('2026-12-01T09:00:00'),
      secrecy: '秘密',
      senderOrg: '市教育局',
      senderNumber: '市教密〔2026〕2号',
      leadDepartmentId: 'academic',
      state: 'handling',
    });
    // its leader's approval is held by 周敏
    await insertIncoming(db, {
      ref: 'S4',
      receivedAt: at('2026-12-02T09:00:00'),
      title: '关于期末考试考场安排的补充通知',
      senderOrg: '市考试院',
      senderNumber: '考院〔2026〕5号',
      state: 'proposed',
    });
    await insertApproval(db, {
      ref: 'S4',
      workflow: 'incoming',
      holders: ['zhoumin'],
      openedAt: at('2026-12-02T10:00:00'),
    });
    // drafted by 陈浩 of 教务处, co-signed by 总务处, received by 王磊
    await insertOutgoing(db, {
      ref: 'F1',
      createdAt: at('2026-12-01T11:00:00'),
      title: '关于期末考试安排的通知',
      number: 3,
      signedAt: at('2026-12-02T15:00:00'),
      cosignDepartmentIds: ['general'],
    });
    await insertDistribution(db, { ref: 'F1', recipientId: 'wanglei', sentAt: at('2026-12-03T09:00:00') });
    // 秘密, signed: its 文号 finds it, nothing else
    await insertOutgoing(db, {
      ref: 'F2',
      createdAt: at('2026-12-03T08:00:00'),
      secrecy: '机密',
      number: 4,
      signedAt: at('2026-12-03T16:00:00'),
      drafterId: 'liuyang',
    });
    // no 文号 yet, drafted by 何军 of 总务处
    await insertOutgoing(db, {
      ref: 'F3',
      createdAt: at('2026-12-03T09:00:00'),
      title: '校园安全检查方案',
      drafterId: 'hejun',
      departmentId: 'general',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the office every document that matches, newest first, with 收文编号, 来文单位, 字号 and 文号', async () => {
    expect(await reply('yangxue', '查找 期末考试')).toBe(
      [
        '查找「期末考试」：找到3项，最新的在前',
        'S4 收〔2026〕4号《关于期末考试考场安排的补充通知》 市考试院 考院〔2026〕5号 12-02',
        'F1 校发〔2026〕3号《关于期末考试安排的通知》 教务处 12-01',
        'S2 收〔2026〕2号《关于做好期末考试工作的通知》 区教育局 教发〔2026〕8号 11-30',
        '发送「查询 S4」查看详情。',
      ].join('\n'),
    );
    // 来文单位 and part of a 字号 find 普通 documents too; a draft has no 文号 yet
    expect(await reply('wangfang', '查找 市考试院')).toContain('S4 收〔2026〕4号《');
    expect(await reply('wangfang', '查找 教发〔2026〕')).toContain('S2 收〔2026〕2号《');
    expect(await reply('zhaoli', '查找 安全检查')).toContain('F3（未编号）《校园安全检查方案》 总务处 12-03');
  });

  it('shows a teacher only the documents they are on', async () => {
    // 王磊 received F1; the 收文 are not his
    expect(await reply('wanglei', '查找 期末考试')).toBe(
      [
        '查找「期末考试」：找到1项，最新的在前',
        'F1 校发〔2026〕3号《关于期末考试安排的通知》 教务处 12-01',
        '发送「查询 F1」查看详情。',
      ].join('\n'),
    );
    // 李萍 is on none of them
    expect(await reply('liping', '查找 期末考试')).toBe(
      '没有找到与「期末考试」相符、您可以查看的公文。可以换个词，或用编号（S12、F3）、收文编号、文号、来文字号查找。',
    );
    // 张岩 works in 教务处: its 收文 (S2) and its 发文 (F1); 周敏 holds S4's approval; 韩雪 reads S2
    expect(await reply('zhangyan', '查找 期末考试')).toMatch(/找到2项[\s\S]*\nF1 [\s\S]*\nS2 /);
    expect(await reply('zhoumin', '查找 考场安排')).toContain('S4 收〔2026〕4号');
    expect(await reply('hanxue', '查找 期末考试')).toMatch(/找到1项，最新的在前\nS2 /);
    // 何军 heads 总务处, which co-signs F1, and drafted F3
    expect(await reply('hejun', '查找 通知 类型:发文')).toMatch(/找到1项，最新的在前\nF1 /);
    expect(await reply('hejun', '查找 安全')).toMatch(/找到2项，最新的在前\nF3（未编号）[\s\S]*\nS1 /);
  });

  it('finds a 秘密/机密 document only by its reference, 收文编号, 文号 or 来文字号, and never shows a title', async () => {
    const secretLine = 'S3 收〔2026〕3号【秘密】 市教密〔2026〕2号 12-01 请到综合办公室阅件';
    for (const typed of ['S3', 's3', '收〔2026〕3号', '市教密〔2026〕2号', '市教密[2026]2', '市教密（2026） 2号'])
      expect(await reply('yangxue', `查找 ${typed}`)).toBe(
        [`查找「${typed}」：找到1项，最新的在前`, secretLine, '发送「查询 S3」查看详情。'].join('\n'),
      );
    expect(await reply('wangfang', '查找 校发〔2026〕4号')).toContain(
      'F2 校发〔2026〕4号【机密】 教务处 12-03 请到综合办公室阅件',
    );
    // not by the words a person could guess: its stored title, its 来文单位, part of its 字号
    for (const typed of ['涉密件', '市教育局', '市教密'])
      expect(await reply('yangxue', `查找 ${typed}`)).toMatch(/^没有找到/);
    // its department reaches it through its head only
    expect(await reply('lihua', '查找 S3')).toContain(secretLine);
    expect(await reply('zhangyan', '查找 S3')).toMatch(/^没有找到/);
    expect(await reply('liuyang', '查找 F2')).toContain('F2 校发〔2026〕4号【机密】');
    expect(await reply('chenhao', '查找 F2')).toMatch(/^没有找到/);
  });

  it('filters by 年度 and 类型', async () => {
    expect(await reply('yangxue', '查找 安全 年度:2025')).toBe(
      [
        '查找「安全」（2025年）：找到1项，最新的在前',
        'S1 收〔2025〕1号《关于做好冬季校园安全工作的通知》 区教育局 教发〔2025〕30号 2025-12-10',
        '发送「查询 S1」查看详情。',
      ].join('\n'),
    );
    expect(await reply('yangxue', '查找 期末考试 类型:发文')).toMatch(
      /^查找「期末考试」（发文）：找到1项，最新的在前\nF1 /,
    );
    expect(await reply('yangxue', '查找 期末考试 年度:2026年 类型:收文')).toMatch(
      /^查找「期末考试」（2026年收文）：找到2项，最新的在前\nS4 [^\n]*\nS2 /,
    );
    expect(await reply('yangxue', '查找 期末考试 年度:2025')).toMatch(/^没有找到与「期末考试」（2025年）相符/);
    expect(await reply('yangxue', '查找 期末 年度:明年')).toBe('年度「明年」看不懂，请写四位年份，例如「年度:2026」。');
  });

  it('asks for more words when there are too few', async () => {
    expect(await reply('yangxue', '查找 期')).toBe(
      '「期」太短了，请至少写两个字，例如「查找 期末考试」或「查找 S12」。',
    );
    expect(await reply('yangxue', '查找')).toContain('「查找」后面要写内容');
  });

  it('lists the newest ten and says how to narrow the search when more match', async () => {
    for (let n = 11; n <= 22; n += 1)
      await insertIncoming(h.db.prisma, {
        ref: `S${n}`,
        receivedAt: at(`2026-11-${String(n - 1).padStart(2, '0')}T09:00:00`),
        title: `教学常规检查通报（第${n}期）`,
      });
    const lines = (await reply('yangxue', '查找 教学常规')).split('\n');
    expect(lines[0]).toBe('查找「教学常规」：超过10项，列出最新的10项');
    expect(lines.slice(1, -1).map((line) => line.split(' ')[0])).toEqual([
      'S22',
      'S21',
      'S20',
      'S19',
      'S18',
      'S17',
      'S16',
      'S15',
      'S14',
      'S13',
    ]);
    expect(lines.at(-1)).toBe('可以加上「年度:2026」「类型:收文」或写得更具体些，缩小范围。');
  });

  it('is listed in 帮助 only when a workflow can be searched', async () => {
    // with five workflows 帮助 names the commands by workflow, the shared ones (查找 among them) on one line
    expect(await reply('yangxue', '帮助')).toMatch(/【通用】.*查找/);
    const plain = await createHandlerHarness({ catalog: buildCatalog(OTHER_WORKFLOWS) });
    try {
      const text = (await plain.say('yangxue', '帮助')).map((message) => message.text).join('\n');
      expect(text).not.toContain('查找');
    } finally {
      await plain.close();
    }
  });
});

/*
 * The title search must not read the whole table as documents pile up over the years: on a few
 * thousand rows, ANALYZEd, the planner uses the trigram indexes for a word of three characters or
 * more. (A word of one or two characters has no trigram: such a search filters every row, which the
 * function's comment says.)
 */
describe('查找 query plans', () => {
  let db: TestDatabase;
  const ROWS = 4_000;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.organization.create({ data: { id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' } });
    // one in a thousand is about 期末考试; the rest about all sorts of things
    await db.prisma.$executeRaw`
      INSERT INTO incoming_document (id, org_id, ref, incoming_number, title, sender_org, sender_number, received_at,
                                     registered_by, state, created_at, updated_at)
      SELECT 'in-' || i, 'demo', 'S' || i, '收〔2026〕' || i || '号',
             CASE WHEN i % 1000 = 7 THEN '关于做好期末考试工作的通知' ELSE '关于开展第' || i || '项' || (ARRAY['师德建设', '安全检查', '教研活动', '招生宣传'])[i % 4 + 1] || '工作的通知' END,
             (ARRAY['区教育局', '区卫健委', '市教育局', '区体育局'])[i % 4 + 1], '教发〔2026〕' || i || '号',
             timestamptz '2026-01-01' + i * interval '2 hours', 'yangxue', 'registered',
             timestamptz '2026-01-01', timestamptz '2026-01-01'
        FROM generate_series(1, ${ROWS}) AS i`;
    await db.prisma.$executeRaw`
      INSERT INTO outgoing_document (id, org_id, ref, title, series_id, signoff_leader_userid, drafter_userid,
                                     department_id, state, issue_due_at, document_number, created_at, updated_at)
      SELECT 'out-' || i, 'demo', 'F' || i,
             CASE WHEN i % 1000 = 7 THEN '关于期末考试安排的通知' ELSE '关于第' || i || '次' || (ARRAY['校务会议', '安全演练', '教研评比', '家长开放日'])[i % 4 + 1] || '的通知' END,
             'xiaofa', 'zhoumin', 'chenhao', 'academic', 'issued', timestamptz '2026-01-02', '校发〔2026〕' || i || '号',
             timestamptz '2026-01-01' + i * interval '2 hours', timestamptz '2026-01-01'
        FROM generate_series(1, ${ROWS}) AS i`;
    await db.prisma.$executeRaw`VACUUM ANALYZE incoming_document`;
    await db.prisma.$executeRaw`VACUUM ANALYZE outgoing_document`;
  });
  afterAll(async () => {
    await db?.drop();
  });

  const office = { userId: 'yangxue', readsEverything: true, memberOf: ['office'], headOf: [] };
  const teacher = { userId: 'wanglei', readsEverything: false, memberOf: ['grade10'], headOf: [] };

  it('finds 收文 by title through incoming_document_title_trgm_idx, never a sequential scan', async () => {
    for (const viewer of [office, teacher]) {
      const query = incomingSearchQuery('demo', viewer, searchTerms('期末考试'), { limit: 11 });
      const nodes = await planNodes(db.prisma, query);
      expect(nodes.map((node) => [node['Node Type'], node['Index Name'] ?? null])).toContainEqual([
        'Bitmap Index Scan',
        'incoming_document_title_trgm_idx',
      ]);
      expect(
        nodes.filter((node) => node['Relation Name'] === 'incoming_document' && node['Node Type'] === 'Seq Scan'),
      ).toEqual([]);
    }
    const rows = await db.prisma.$queryRaw<{ ref: string }[]>(
      incomingSearchQuery('demo', office, searchTerms('期末考试'), { limit: 11 }),
    );
    expect(rows.map((row) => row.ref)).toEqual(['S3007', 'S2007', 'S1007', 'S7']);
  });

  it('finds 发文 by title through outgoing_document_title_trgm_idx', async () => {
    const query = outgoingSearchQuery('demo', office, searchTerms('期末考试'), { limit: 11 });
    const nodes = await planNodes(db.prisma, query);
    expect(nodes.map((node) => [node['Node Type'], node['Index Name'] ?? null])).toContainEqual([
      'Bitmap Index Scan',
      'outgoing_document_title_trgm_idx',
    ]);
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
  });
});
