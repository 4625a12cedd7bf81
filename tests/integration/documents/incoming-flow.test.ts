import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.js';
import { filesReceivedBy, receivedInOrder, sendFileToBot } from '../../support/file-helpers.js';
import {
  cardFacts,
  cardFor,
  mark,
  press,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';
import { say } from '../../support/task-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

/** A scanned notice as the office receives it: a PDF of about 200 KB. */
const NOTICE = Buffer.concat([Buffer.from('%PDF-1.7\n关于做好寒假安全工作的通知\n'), Buffer.alloc(200_000, 0x2e)]);
const NOTICE_NAME = '关于做好寒假安全工作的通知.pdf';
const CHECK = Buffer.concat([Buffer.from('%PDF-1.7\n关于开展校园设施安全排查的通知\n'), Buffer.alloc(50_000, 0x2e)]);
const CHECK_NAME = '校园设施安全排查通知.pdf';
const CHECK_REVISED = Buffer.concat([CHECK, Buffer.from('\n（附件：排查表）')]);
const CHECK_REVISED_NAME = '校园设施安全排查通知（含排查表）.pdf';

/**
 * 收文 (spec 3.2, issue 12) end to end: every message a signed, encrypted WeCom callback through
 * the gateway, every file a WeCom file message fetched with media/get and sent on with media/upload,
 * every answer read back from the fake WeCom, on real PostgreSQL and Redis. The clock stands at
 * Monday 30 November 2026, 09:00 in Beijing. 杨雪 (office) registers and proposes; 教务处 (李华,
 * head) handles S1 with 周敏 signing; 冯涛 and 何军 read it for their departments; 朱红 archives.
 * The tests run in order and go on from each other's documents, as a week in the office would.
 */
describe('incoming documents through the gateway', () => {
  let t: TestService;
  const clock = fixedClock(at('2026-11-30T09:00:00'));
  beforeAll(async () => {
    t = await startTestService({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const document = (ref: string) => t.db.prisma.incomingDocument.findFirstOrThrow({ where: { ref } });
  /** What `userId` received as cards and files only, in order: a card's file must come right after it. */
  const cardsAndFiles = (userId: string): string[] =>
    receivedInOrder(t.fake, userId).filter((line) => line.startsWith('card:') || line.startsWith('file:'));

  describe('a document from registration to archive, circulated to two departments', () => {
    let fileSha = '';

    it('收文 registers it; the file sent right after is stored as version 1 with exactly one receipt', async () => {
      expect(
        await say(
          t,
          'yangxue',
          '收文 标题:关于做好寒假安全工作的通知 来文单位:区教育局 来文字号:区教发〔2026〕58号 份数:2 缓急:加急 期限:12月10日',
          '已登记收文',
        ),
      ).toBe(
        [
          '已登记收文 S1，收文编号 收〔2026〕1号。',
          '请把来文文件（PDF/Word）发给我，我会附在 S1 上，随拟办单和传阅单一起发出。',
          '拟办期限：12-02 18:00（周三），请发送「拟办 S1 承办:… 期限:…」。',
        ].join('\n'),
      );

      const since = mark(t, 'yangxue');
      fileSha = (await sendFileToBot(t, 'yangxue', { name: NOTICE_NAME, bytes: NOTICE })).sha256;
      await t.quiesce();
      expect(textsSince(t, 'yangxue', since)).toEqual([`已收到 S1 的文件《${NOTICE_NAME}》：第1版，195 KB。`]);
      const versions = await t.db.prisma.documentFile.findMany({ where: { itemRef: 'S1' } });
      expect(versions.map((row) => [row.version, row.sha256, row.fileName, row.workflow])).toEqual([
        [1, fileSha, NOTICE_NAME, 'incoming'],
      ]);
      expect(await document('S1')).toMatchObject({
        incomingNumber: '收〔2026〕1号',
        title: '关于做好寒假安全工作的通知',
        senderOrg: '区教育局',
        senderNumber: '区教发〔2026〕58号',
        copies: 2,
        urgency: '加急',
        state: 'registered',
      });
    });

    it('拟办 sends 周敏 the card with the proposal, and the file right after it', async () => {
      expect(await say(t, 'yangxue', '拟办 S1 承办:教务处 期限:12月10日 提示:涉及期末考试安排', '已拟办 S1')).toBe(
        [
          '已拟办 S1，拟办单已送周敏签批。',
          '承办：教务处；期限：12-10 18:00（周四）',
          '签批期限：12-01 18:00（周二）',
        ].join('\n'),
      );
      const card = await cardFor(t, 'zhoumin', 'S1');
      expect(cardFacts(card)).toEqual({
        title: '拟办呈批 S1',
        desc: '加急 · 杨雪拟办 · 请于 12-01 18:00（周二） 前签批',
        rows: {
          收文编号: '收〔2026〕1号',
          来文单位: '区教育局',
          来文字号: '区教发〔2026〕58号',
          承办: '教务处',
          期限: '12-10 18:00（周四）',
          提示: '涉及期末考试安排',
        },
        buttons: ['incoming_approve', 'incoming_return'],
      });
      await t.quiesce();
      expect(receivedInOrder(t.fake, 'zhoumin')).toEqual(['card:拟办呈批 S1', `file:${NOTICE_NAME}`]);
      expect(filesReceivedBy(t.fake, 'zhoumin')).toEqual([
        { fileName: NOTICE_NAME, sha256: fileSha, sizeBytes: NOTICE.byteLength },
      ]);
    });

    it('[同意拟办] by a tap: the office is due to circulate, 教务处 is told with the file beside', async () => {
      const card = await cardFor(t, 'zhoumin', 'S1');
      const leaderSince = mark(t, 'zhoumin');
      const officeSince = mark(t, 'yangxue');
      await press(t, 'zhoumin', card.taskId, 'incoming_approve');
      expect(await waitForCardUpdate(t, card.taskId)).toBe('已同意拟办 · 周敏 11-30 09:00');
      expect(await waitForText(t, 'zhoumin', 'S1', { since: leaderSince })).toBe(
        '已同意 S1 的拟办意见，已通知教务处办理。需要批示时发送「批示 S1 批示内容」。',
      );
      expect(await waitForText(t, 'yangxue', 'S1', { since: officeSince })).toBe(
        '周敏已同意 S1《关于做好寒假安全工作的通知》的拟办意见。请在 12-01 09:00（周二） 前发起传阅：「传阅 S1 人员:… 部门:…」。',
      );
      await t.quiesce();
      expect(receivedInOrder(t.fake, 'lihua')).toEqual([
        'text:S1《关于做好寒假安全工作的通知》（收〔2026〕1号，区教育局）由教务处承办，周敏已同意拟办。',
        `file:${NOTICE_NAME}`,
      ]);
      expect(t.textsTo('lihua')[0]).toBe(
        [
          'S1《关于做好寒假安全工作的通知》（收〔2026〕1号，区教育局）由教务处承办，周敏已同意拟办。',
          '提示：涉及期末考试安排',
          '办理期限：12-10 18:00（周四）。请在 12-07 18:00（周一） 前反馈办理情况：「反馈 S1 内容」；办完后发送「办结 S1 办理结果」。',
        ].join('\n'),
      );
      const decided = await t.db.prisma.approvalHolder.findFirstOrThrow({
        where: { userId: 'zhoumin', step: { approval: { itemRef: 'S1' } } },
      });
      expect(decided).toMatchObject({ state: 'approved', fileVersion: 1 });
      expect(await document('S1')).toMatchObject({ state: 'handling', approvedBy: 'zhoumin' });
    });

    it('传阅 to two departments: each head gets an [已阅] card with the file right after it', async () => {
      clock.set(at('2026-11-30T10:00:00'));
      expect(await say(t, 'yangxue', '传阅 S1 部门:学生发展中心 总务处', '已送 S1 传阅')).toBe(
        '已送 S1 传阅：冯涛（学生发展中心负责人）、何军（总务处负责人），请于 12-01 10:00（周二） 前阅知。\n发送「查询 S1」查看谁已阅。',
      );
      for (const reader of ['fengtao', 'hejun']) {
        const card = await cardFor(t, reader, 'S1');
        expect(cardFacts(card)).toEqual({
          title: '传阅 S1',
          desc: '加急 · 杨雪送阅 · 请于 12-01 10:00（周二） 前阅知',
          rows: { 收文编号: '收〔2026〕1号', 来文单位: '区教育局', 来文字号: '区教发〔2026〕58号', 承办: '教务处' },
          buttons: ['incoming_read'],
        });
      }
      await t.quiesce();
      for (const reader of ['fengtao', 'hejun']) {
        expect(receivedInOrder(t.fake, reader), reader).toEqual(['card:传阅 S1', `file:${NOTICE_NAME}`]);
        expect(filesReceivedBy(t.fake, reader).map((file) => file.sha256)).toEqual([fileSha]);
      }
      const readings = await t.db.prisma.documentReading.findMany({ orderBy: { readerId: 'asc' } });
      expect(readings.map((reading) => [reading.readerId, reading.departmentId, reading.fileVersion])).toEqual([
        ['fengtao', 'student', 1],
        ['hejun', 'general', 1],
      ]);
    });

    it('the taps are counted: 查询 shows who has not read, then 已阅 2/2, and the office hears it is done', async () => {
      const first = await cardFor(t, 'fengtao', 'S1');
      await press(t, 'fengtao', first.taskId, 'incoming_read');
      expect(await waitForCardUpdate(t, first.taskId)).toBe('已阅 · 冯涛 11-30 10:00');
      expect(await say(t, 'yangxue', '查询 S1', '【S1 收文】')).toContain('传阅：已阅 1/2，未阅：何军');

      const officeSince = mark(t, 'yangxue');
      const second = await cardFor(t, 'hejun', 'S1');
      await press(t, 'hejun', second.taskId, 'incoming_read');
      expect(await waitForCardUpdate(t, second.taskId)).toBe('已阅 · 何军 11-30 10:00');
      expect(await waitForText(t, 'yangxue', '传阅完毕', { since: officeSince })).toBe(
        'S1《关于做好寒假安全工作的通知》传阅完毕：2人已全部阅知。',
      );
      expect(await say(t, 'yangxue', '查询 S1', '【S1 收文】')).toContain('传阅：已阅 2/2，已全部阅知');
      expect(
        (await t.db.prisma.documentReading.findMany()).map((reading) => [reading.readerId, reading.readAt]),
      ).toEqual(
        expect.arrayContaining([
          ['fengtao', at('2026-11-30T10:00:00')],
          ['hejun', at('2026-11-30T10:00:00')],
        ]),
      );
    });

    it('反馈 and 办结 by 教务处 tell the office and the leader', async () => {
      const officeSince = mark(t, 'yangxue');
      expect(await say(t, 'lihua', '反馈 S1 已召开年级组长会布置', 'S1')).toBe(
        '已记录 S1 的办理反馈，已告知杨雪、周敏。办完后发送「办结 S1 办理结果」。',
      );
      expect(await waitForText(t, 'yangxue', '办理反馈', { since: officeSince })).toBe(
        'S1《关于做好寒假安全工作的通知》办理反馈（李华）：已召开年级组长会布置',
      );
      expect(await say(t, 'lihua', '办结 S1 已完成寒假安全教育并上报区教育局', 'S1')).toBe(
        '已办结 S1（按期），已告知杨雪、周敏。综合办公室将归档。',
      );
      expect(await waitForText(t, 'zhoumin', '办结', { since: 0 })).toBe(
        'S1《关于做好寒假安全工作的通知》已由李华办结（按期）：已完成寒假安全教育并上报区教育局\n归档请发送「归档 S1 保管期限:30年」（永久/30年/10年）。',
      );
    });

    it('归档 gives the 档号 in the DA/T 22 form, and 查询 shows the whole way', async () => {
      const reply = await say(t, 'zhuhong', '归档 S1 保管期限:30年', 'S1');
      expect(reply).toBe('已归档 S1（收〔2026〕1号），档号 0194-WS·2026-D30-JWC-0001（类别：文书，保管期限：30年）。');
      // 全宗号-WS·年度-保管期限-机构代码-件号 (spec 2.4)
      const code = (await document('S1')).archiveCode!;
      expect(code).toMatch(/^\d{4}-WS·\d{4}-(Y|D30|D10)-[A-Z0-9]+-\d{4}$/);
      expect(await document('S1')).toMatchObject({ state: 'archived', archiveCategory: '文书', retention: '30年' });

      const status = await say(t, 'yangxue', '查询 S1', '【S1 收文】');
      for (const line of [
        '【S1 收文】已归档',
        '标题：《关于做好寒假安全工作的通知》',
        '拟办：承办 教务处；期限 12-10 18:00（周四）；提示 涉及期末考试安排；签批 周敏（杨雪拟办）',
        '签批：周敏 11-30 09:00 同意拟办',
        '当前处理人：—',
        '传阅：已阅 2/2，已全部阅知',
        '· 11-30 10:00 李华：已召开年级组长会布置',
        '办结：李华 11-30 10:00；办理结果：已完成寒假安全教育并上报区教育局',
        `档号：${code}（文书，保管期限30年）`,
      ])
        expect(status).toContain(line);
      expect(await t.db.prisma.workItem.count({ where: { itemRef: 'S1', doneAt: null } })).toBe(0);
      // one file, fetched once, uploaded once for everyone it went to
      expect(t.fake.calls().byPath['/cgi-bin/media/get']).toBe(1);
      expect(t.fake.calls().byPath['/cgi-bin/media/upload']).toBe(1);
    });
  });

  describe('a returned proposal, then a 批示 that becomes a task', () => {
    it('[退回] asks the reason after the tap; the proposer is told it; the next 拟办 is a new round', async () => {
      await say(
        t,
        'yangxue',
        '收文 标题:关于开展校园设施安全排查的通知 来文单位:区教育局 来文字号:区教发〔2026〕61号',
        '已登记收文 S2',
      );
      await sendFileToBot(t, 'yangxue', { name: CHECK_NAME, bytes: CHECK });
      await waitForText(t, 'yangxue', '已收到 S2 的文件');
      await say(t, 'yangxue', '拟办 S2 承办:总务处 期限:12月18日', '已拟办 S2，拟办单已送钱军签批。');
      const first = await cardFor(t, 'qianjun', 'S2');

      const leaderSince = mark(t, 'qianjun');
      await press(t, 'qianjun', first.taskId, 'incoming_return');
      expect(await waitForText(t, 'qianjun', '原因', { since: leaderSince })).toBe(
        '退回 S2《关于开展校园设施安全排查的通知》的拟办意见，原因是什么？\n原因会转告拟办人，重新拟办后再送您签批。请直接回复；回复「取消」放弃退回。',
      );
      // nothing is decided before the reason arrives
      expect(updatesOf(t, first.taskId)).toEqual([]);
      expect((await document('S2')).state).toBe('proposed');

      const officeSince = mark(t, 'yangxue');
      expect(await say(t, 'qianjun', '请改由安全保卫处牵头', '已退回')).toBe('已退回 S2 的拟办意见，原因已转告杨雪。');
      expect(await waitForCardUpdate(t, first.taskId)).toBe('已退回 · 钱军 11-30 10:00');
      expect(await waitForText(t, 'yangxue', '退回', { since: officeSince })).toBe(
        '钱军退回了 S2《关于开展校园设施安全排查的通知》的拟办意见，请重新拟办（「拟办 S2 承办:… 期限:…」）。\n原因：请改由安全保卫处牵头',
      );
      expect(await document('S2')).toMatchObject({ state: 'returned' });

      await say(t, 'yangxue', '拟办 S2 承办:安全保卫处 期限:12月18日', '已拟办 S2，拟办单已送钱军签批。');
      const second = await cardFor(t, 'qianjun', 'S2', 2);
      expect(second.taskId).not.toBe(first.taskId);
      expect(cardFacts(second).rows['承办']).toBe('安全保卫处');
      await t.quiesce();
      expect(cardsAndFiles('qianjun')).toEqual([
        'card:拟办呈批 S2',
        `file:${CHECK_NAME}`,
        'card:拟办呈批 S2',
        `file:${CHECK_NAME}`,
      ]);
      const approval = await t.db.prisma.approval.findFirstOrThrow({ where: { itemRef: 'S2' } });
      expect(approval).toMatchObject({ purpose: 'instruction', round: 2, state: 'open' });

      // the first round's card was answered by the 退回: tapping it now changes nothing
      const staleSince = mark(t, 'qianjun');
      await press(t, 'qianjun', first.taskId, 'incoming_approve');
      expect(await waitForText(t, 'qianjun', 'S2', { since: staleSince })).toBe(
        'S2 的这张卡片已处理（已退回 · 钱军 11-30 10:00），不能再次操作。发送「查询 S2」查看当前状态。',
      );
      expect((await document('S2')).state).toBe('proposed');
    });

    it('a revised file sent with 附件 while the card is open: one receipt, and it goes to 钱军 beside the card', async () => {
      expect(await say(t, 'yangxue', '附件 S2', 'S2')).toMatch(/^请在30分钟内把 S2 的文件发给我/);
      const since = mark(t, 'yangxue');
      await sendFileToBot(t, 'yangxue', { name: CHECK_REVISED_NAME, bytes: CHECK_REVISED });
      await t.quiesce();
      expect(textsSince(t, 'yangxue', since)).toEqual([
        `已收到 S2 的文件《${CHECK_REVISED_NAME}》：第2版，49 KB。`,
        '已另发给正在签批或阅件的钱军。',
      ]);
      expect(cardsAndFiles('qianjun').slice(-1)).toEqual([`file:${CHECK_REVISED_NAME}`]);
    });

    it('批示 S2 … 负责 截止 approves in words and assigns a task: its owner gets the card; 查询 links both ways', async () => {
      const second = await cardFor(t, 'qianjun', 'S2', 2);
      const headSince = mark(t, 'luowei');
      expect(
        await say(
          t,
          'qianjun',
          '批示 S2 请安全保卫处牵头全面排查 负责:罗伟 截止:12月15日 验收:排查台账报校办',
          '已批示 S2',
        ),
      ).toBe(
        '已批示 S2，同意拟办，已通知安全保卫处办理。\n已交办督办事项 R1：负责人罗伟，截止 12-15 18:00（周二），完成后由您验收。',
      );
      expect(await waitForCardUpdate(t, second.taskId)).toBe('已批示 · 钱军 11-30 10:00');

      const taskCard = await cardFor(t, 'luowei', 'R1');
      expect(cardFacts(taskCard)).toMatchObject({
        title: '督办事项 R1',
        rows: expect.objectContaining({ 负责人: '罗伟（安全保卫处）', 截止: '12-15 18:00（周二）', 交办领导: '钱军' }),
        buttons: ['task_start', 'task_complete'],
      });
      expect(await waitForText(t, 'luowei', 'S2', { since: headSince })).toContain(
        '钱军已同意拟办，批示：请安全保卫处牵头全面排查。',
      );
      expect(await t.db.prisma.task.findFirstOrThrow({ where: { ref: 'R1' } })).toMatchObject({
        sourceKind: 'document',
        sourceRef: 'S2',
        ownerId: 'luowei',
        assignerId: 'qianjun',
        content: '请安全保卫处牵头全面排查',
        acceptance: '排查台账报校办',
      });
      expect(await document('S2')).toMatchObject({
        state: 'handling',
        approvedBy: 'qianjun',
        instruction: '请安全保卫处牵头全面排查',
      });
      // each decision records the version it saw: the 退回 the first, the 批示 the revised one
      const decisions = await t.db.prisma.approvalHolder.findMany({
        where: { step: { approval: { itemRef: 'S2' } } },
        orderBy: { id: 'asc' },
      });
      expect(decisions.map((holder) => [holder.state, holder.fileVersion])).toEqual([
        ['returned', 1],
        ['approved', 2],
      ]);

      expect(await say(t, 'yangxue', '查询 S2', '【S2 收文】')).toContain('关联：R1（督办事项）');
      expect(await say(t, 'luowei', '查询 R1', '【R1 督办事项】')).toContain('S2 领导批示');
    });
  });

  describe('refusals a person sees through the gateway', () => {
    it('wrong state, unknown department and a bad date before the 拟办; each says what is possible', async () => {
      await say(t, 'yangxue', '收文 标题:关于报送学期工作总结的通知 来文单位:区教育局', '已登记收文 S3');
      expect(await say(t, 'yangxue', '传阅 S3 人员:陈浩', 'S3')).toBe(
        'S3 还没有经领导批示，请先「拟办 S3」，批示后才能传阅。',
      );
      expect(await say(t, 'yangxue', '拟办 S3 承办:教物处 期限:12月10日', '由哪个部门承办？')).toBe(
        [
          '承办：没有找到部门「教物处」。',
          '由哪个部门承办？',
          '可选 校领导、综合办公室、党群工作部、教务处、学生发展中心、总务处、教科室、人事处、财务室、安全保卫处、信息中心、高一年级组',
          '（回复「取消」放弃）',
        ].join('\n'),
      );
      await say(t, 'yangxue', '取消', '');
      const past = await say(t, 'yangxue', '拟办 S3 承办:教务处 期限:2026-11-20', '办理期限是什么时候？');
      expect(past).toContain('期限「2026-11-20」已经过去了');
      await say(t, 'yangxue', '取消', '');
      await t.quiesce();
      expect((await document('S3')).state).toBe('registered');
    });

    it('wrong person: staff cannot 拟办, another leader cannot 批示 nor tap the card, 归档 waits for 办结', async () => {
      expect(await say(t, 'chenhao', '拟办 S3 承办:教务处 期限:12月10日', '拟办')).toMatch(/^「拟办」只有.*可以使用。/);
      await say(t, 'yangxue', '拟办 S3 承办:教务处 期限:12月10日', '已拟办 S3');
      const card = await cardFor(t, 'zhoumin', 'S3');
      await t.quiesce();
      const before = await document('S3');

      expect(await say(t, 'zhaoli', '批示 S3 同意', 'S3')).toBe(
        'S3 正在等周敏签批，您不能代为批示。签批后可以再作批示。',
      );
      const strangerSince = mark(t, 'wangfang');
      await press(t, 'wangfang', card.taskId, 'incoming_approve');
      expect(await waitForText(t, 'wangfang', 'S3', { since: strangerSince })).toBe(
        'S3 的这一步由周敏处理，您不能代为操作。',
      );
      expect(await say(t, 'hejun', '反馈 S3 已布置', 'S3')).toBe(
        'S3 由教务处承办，只有承办部门或综合办公室可以反馈办理情况。',
      );
      expect(await say(t, 'zhuhong', '归档 S3 保管期限:30年', 'S3')).toBe(
        'S3 还没有办结，办结后才能归档（承办部门发送「办结 S3」）。',
      );
      await t.quiesce();
      expect(updatesOf(t, card.taskId)).toEqual([]);
      expect(await document('S3')).toEqual(before);
    });
  });
});
