import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGOTTEN_TEXT } from '../../../src/inbound/dispatch-event.js';
import { FILE_NOT_EXPECTED_TEXT } from '../../../src/inbound/receive-file.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { receivedInOrder, sendFileToBot } from '../../support/file-helpers.js';
import { cardFacts, cardFor, mark, press, waitForCardUpdate, waitForText } from '../../support/seal-helpers.js';
import { say } from '../../support/task-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

/** Words of the secret documents' titles and of what people typed about them: none may be kept or sent. */
const SECRET_WORDS = ['反恐', '应急演练部署', '撤离演练', '演练路线', '按预案', '巡逻路线', '疏散方案'];

/** The tables that could hold a document's words; the test reads every table, these must be among them. */
const DOCUMENT_TABLES = [
  'incoming_document',
  'document_note',
  'document_file',
  'conversation',
  'work_item',
  'audit_log',
  'outbox_message',
  'card',
  'item_link',
  'task',
];

/**
 * 收文 under 保密法 (spec 2.6, issue 12), through the gateway: a 秘密 document registered with a
 * title typed is warned and kept as 「涉密件」; nothing about it — cards, texts, files — carries its
 * title or the words people typed about it, and 附件 is refused: every message the fake WeCom
 * received and every stored row are read for those words. Then 查找 (档案检索): the office finds an
 * ordinary document by its title's words and the secret one only by its reference or 字号, never
 * listing a title; a teacher on neither routing finds nothing. Monday 30 November 2026, 09:00.
 */
describe('a secret incoming document and search through the gateway', () => {
  let t: TestService;
  const clock = fixedClock(at('2026-11-30T09:00:00'));
  beforeAll(async () => {
    t = await startTestService({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const document = (ref: string) => t.db.prisma.incomingDocument.findFirstOrThrow({ where: { ref } });

  it('收文 with 密级:秘密 and a title: warned, registered as 「涉密件」, 特急 told to the leader without it', async () => {
    const since = mark(t, 'yangxue');
    const leaderSince = mark(t, 'zhaoli');
    await t.sendText(
      'yangxue',
      '收文 标题:关于反恐应急演练部署的通知 来文单位:市公安局 来文字号:公发〔2026〕9号 密级:秘密 缓急:特急 期限:12月8日',
    );
    await waitForText(t, 'yangxue', '已登记收文 S1', { since });
    await t.quiesce();
    expect(t.textsTo('yangxue').slice(since).join('\n')).toBe(
      [
        '按保密规定，秘密、机密件的标题和内容不能录入本系统：您写的标题没有保存，登记为「涉密件」。',
        '已登记收文 S1（秘密，登记为「涉密件」），收文编号 收〔2026〕1号。',
        '涉密件的内容和文件不进入本系统，请按保密规定传递纸质文件。',
        '特急件已即时报送赵立。',
        '拟办期限：12-02 18:00（周三），请发送「拟办 S1 承办:… 期限:…」。',
      ].join('\n'),
    );
    expect(await waitForText(t, 'zhaoli', 'S1', { since: leaderSince })).toBe(
      '【特急】收到特急来文 S1（秘密），来文单位 市公安局，请到综合办公室阅件，期限 12-08 18:00（周二）。已登记（收〔2026〕1号），拟办后即送签批。',
    );
    expect(await document('S1')).toMatchObject({
      title: '涉密件',
      senderOrg: '市公安局',
      senderNumber: '公发〔2026〕9号',
      secrecy: '秘密',
    });
  });

  it('no file is taken: one sent right after is not expected, and 附件 is refused', async () => {
    const since = mark(t, 'yangxue');
    await sendFileToBot(t, 'yangxue', { name: '反恐应急演练部署.pdf', bytes: Buffer.from('%PDF-1.7 疏散方案') });
    expect(await waitForText(t, 'yangxue', '附件', { since })).toBe(FILE_NOT_EXPECTED_TEXT);
    expect(await say(t, 'yangxue', '附件 S1', 'S1')).toBe(
      'S1 是秘密件：按保密规定，涉密文件不能发到本系统，请按涉密件管理规定传递纸质文件。',
    );
    await t.quiesce();
    expect(t.fake.calls().byPath['/cgi-bin/media/get'] ?? 0).toBe(0);
    expect(await t.db.prisma.documentFile.count()).toBe(0);
    expect(await t.db.prisma.expectedFile.count()).toBe(0);
  });

  it('a title typed while a question is still to come is dropped before the question is kept', async () => {
    const since = mark(t, 'yangxue');
    await t.sendText('yangxue', '收文 标题:关于撤离演练的通知 密级:秘密');
    await waitForText(t, 'yangxue', '来文单位是哪里？', { since });
    expect(await t.db.prisma.conversation.count({ where: { userId: 'yangxue' } })).toBe(1);
    expect(await say(t, 'yangxue', '市教育局', '已登记收文')).toMatch(
      /^已登记收文 S2（秘密，登记为「涉密件」），收文编号 收〔2026〕2号。/,
    );
    expect(await say(t, 'yangxue', '取消 S2 原因:撤离演练取消', '已撤销')).toBe('已撤销收文 S2（秘密）。');
  });

  it('the leader’s cards show only reference, 密级 and deadline, with no file; a 退回 gives no reason in the system', async () => {
    await say(t, 'yangxue', '拟办 S1 承办:安全保卫处 期限:12月8日 提示:演练路线保密', '已拟办 S1');
    const first = await cardFor(t, 'qianjun', 'S1');
    expect(cardFacts(first)).toEqual({
      title: 'S1（秘密）',
      desc: '特急 · 杨雪拟办 · 请于 12-01 18:00（周二） 前签批',
      rows: { 编号: 'S1', 密级: '秘密', 期限: '12-08 18:00（周二）', 阅处地点: '综合办公室' },
      buttons: ['incoming_approve', 'incoming_return'],
    });
    const officeSince = mark(t, 'yangxue');
    await press(t, 'qianjun', first.taskId, 'incoming_return');
    expect(await waitForCardUpdate(t, first.taskId)).toBe('已退回 · 钱军 11-30 09:00');
    expect(await waitForText(t, 'yangxue', '退回', { since: officeSince })).toBe(
      '钱军退回了 S1（秘密）的拟办意见，请重新拟办（「拟办 S1 承办:… 期限:…」）。\n涉密件的退回原因不在系统中保存，请当面了解。',
    );
    await say(t, 'yangxue', '拟办 S1 承办:安全保卫处 期限:12月8日 提示:巡逻路线保密', '已拟办 S1');
    expect(cardFacts(await cardFor(t, 'qianjun', 'S1', 2)).title).toBe('S1（秘密）');
  });

  it('批示 in words (and as a task), 传阅, 反馈, 办结 and 归档 go through with no words kept', async () => {
    expect(await say(t, 'qianjun', '批示 S1 按预案组织反恐演练', '已批示 S1')).toBe(
      '已批示 S1，同意拟办，已通知安全保卫处办理。\n涉密件的批示内容不在系统中保存，请在纸质文件上签批。',
    );
    expect(await say(t, 'qianjun', '批示 S1 加强巡逻路线保密 负责:蒋波 截止:12月7日', '已批示 S1')).toContain(
      '已交办督办事项 R1：负责人蒋波，截止 12-07 18:00（周一），完成后由您验收。',
    );
    expect(cardFacts(await cardFor(t, 'jiangbo', 'R1')).title).toBe('R1（秘密）');

    clock.set(at('2026-11-30T10:00:00'));
    await say(t, 'yangxue', '传阅 S1 人员:蒋波 部门:安全保卫处', '已送 S1 传阅');
    const reading = await cardFor(t, 'jiangbo', 'S1');
    expect(cardFacts(reading)).toEqual({
      title: 'S1（秘密）',
      desc: '特急 · 杨雪送阅 · 请于 12-01 10:00（周二） 前阅知',
      rows: { 编号: 'S1', 密级: '秘密', 期限: '12-01 10:00（周二）', 阅处地点: '综合办公室' },
      buttons: ['incoming_read'],
    });
    await press(t, 'jiangbo', reading.taskId, 'incoming_read');
    await waitForCardUpdate(t, reading.taskId);
    await press(t, 'luowei', (await cardFor(t, 'luowei', 'S1')).taskId, 'incoming_read');
    await waitForText(t, 'yangxue', '传阅完毕');

    expect(await say(t, 'luowei', '反馈 S1 演练路线已确认，疏散方案已定', 'S1')).toBe(
      '已记录 S1 的办理反馈，已告知杨雪、钱军。办完后发送「办结 S1 办理结果」。',
    );
    expect(await waitForText(t, 'qianjun', '办理反馈')).toBe('S1（秘密）有新的办理反馈（罗伟），请到综合办公室查阅。');
    await say(t, 'luowei', '办结 S1 按预案完成演练', '已办结 S1');
    expect(await say(t, 'zhuhong', '归档 S1 保管期限:永久', 'S1')).toBe(
      '已归档 S1（收〔2026〕1号），档号 0194-WS·2026-Y-BWC-0001（类别：文书，保管期限：永久）。',
    );
    const status = await say(t, 'jiangbo', '查询 S1', '【S1 收文】');
    expect(status).toContain('标题：「涉密件」（秘密，请到综合办公室阅件）');
    expect(await say(t, 'wanglei', '查询 S1', 'S1')).toBe('您无权查看 S1。');
    await t.quiesce();
    // every card about it went alone: no file was ever sent
    for (const userId of ['qianjun', 'jiangbo', 'luowei'])
      expect(receivedInOrder(t.fake, userId).filter((line) => line.startsWith('file:'))).toEqual([]);
    expect(t.fake.files()).toEqual([]);
    expect(await t.db.prisma.documentNote.count()).toBe(0);
  });

  it('no message the fake WeCom received and no stored row holds the secret title or words', async () => {
    await t.quiesce();
    const received = JSON.stringify({
      messages: t.fake.messages(),
      updates: t.fake.cardUpdates(),
      files: t.fake.files(),
    });
    expect(t.fake.messages().length).toBeGreaterThan(30);
    for (const word of SECRET_WORDS) expect(received, `WeCom received「${word}」`).not.toContain(word);

    const tables = await t.db.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
    const names = tables.map((table) => table.name);
    expect(names).toEqual(expect.arrayContaining(DOCUMENT_TABLES));
    const rowsIn: Record<string, number> = {};
    for (const name of names) {
      const stored = await t.db.prisma.$queryRawUnsafe<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM "${name}" t`,
      );
      rowsIn[name] = stored.length;
      const holding = stored.filter((each) => SECRET_WORDS.some((word) => each.row.includes(word)));
      expect(
        holding.map((each) => each.row),
        name,
      ).toEqual([]);
    }
    // the tables that record the secret document were read with rows in them
    for (const name of ['incoming_document', 'work_item', 'audit_log', 'outbox_message', 'card', 'item_link', 'task'])
      expect(rowsIn[name], name).toBeGreaterThan(0);
    // the messages that carried the words were processed; their record keeps none of the text
    const forgotten = await t.db.prisma.inboundEvent.findMany({
      where: { payload: { path: ['Content'], equals: FORGOTTEN_TEXT } },
      select: { fromUserId: true, status: true },
      orderBy: { id: 'asc' },
    });
    expect(forgotten.map((event) => `${event.fromUserId} ${event.status}`)).toEqual([
      // 收文 with a title, 收文 with a title and a question, 取消 with a reason, two 拟办 with a 提示
      'yangxue processed',
      'yangxue processed',
      'yangxue processed',
      'yangxue processed',
      'yangxue processed',
      // two 批示
      'qianjun processed',
      'qianjun processed',
      // 反馈, 办结
      'luowei processed',
      'luowei processed',
    ]);
    // the file nobody asked for was not taken, and its name was not kept either
    expect(
      await t.db.prisma.inboundEvent.count({ where: { payload: { path: ['FileName'], equals: FORGOTTEN_TEXT } } }),
    ).toBe(1);
  });

  describe('查找 respects secrecy', () => {
    beforeAll(async () => {
      await say(
        t,
        'yangxue',
        '收文 标题:关于开展冬季消防安全检查的通知 来文单位:区应急管理局 来文字号:区应急〔2026〕70号',
        '已登记收文 S3',
      );
    });

    it('the office finds the ordinary document by its title’s words, and the secret one only by reference or 字号', async () => {
      expect(await say(t, 'majie', '查找 消防安全检查', '查找')).toBe(
        [
          '查找「消防安全检查」：找到1项，最新的在前',
          'S3 收〔2026〕3号《关于开展冬季消防安全检查的通知》 区应急管理局 区应急〔2026〕70号 11-30',
          '发送「查询 S3」查看详情。',
        ].join('\n'),
      );
      const secretLine = 'S1 收〔2026〕1号【秘密】 公发〔2026〕9号 11-30 请到综合办公室阅件';
      expect(await say(t, 'majie', '查找 公发〔2026〕9号', '查找')).toBe(
        ['查找「公发〔2026〕9号」：找到1项，最新的在前', secretLine, '发送「查询 S1」查看详情。'].join('\n'),
      );
      expect(await say(t, 'majie', '查找 S1', '查找')).toContain(secretLine);
      for (const words of ['反恐', '应急演练部署', '涉密件', '市公安局'])
        expect(await say(t, 'majie', `查找 ${words}`, '查找'), words).not.toContain('S1 ');
      expect(await say(t, 'majie', '查找 应急', '查找')).toBe(
        [
          '查找「应急」：找到1项，最新的在前',
          'S3 收〔2026〕3号《关于开展冬季消防安全检查的通知》 区应急管理局 区应急〔2026〕70号 11-30',
          '发送「查询 S3」查看详情。',
        ].join('\n'),
      );
    });

    it('a teacher on neither routing finds neither', async () => {
      for (const words of ['消防安全检查', '公发〔2026〕9号', 'S1', 'S3'])
        expect(await say(t, 'wanglei', `查找 ${words}`, '查找'), words).toMatch(
          /^没有找到与「.*」相符、您可以查看的公文。/,
        );
    });
  });
});
