import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { loadDirectory } from '../../src/directory/load-directory.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import { saveDirectory } from '../../src/directory/save-directory.js';
import type { DocumentFileVersion } from '../../src/kit/files/document-files.js';
import { asSent } from '../support/handler-harness.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';

/**
 * 收文 (spec 3.2, issue 12) at handler level: the same router and workflow code as in production,
 * on a database of its own, with the clock at Monday 30 November 2026, 09:00 in Beijing. 杨雪 (office)
 * registers and proposes; 教务处 (李华, head; 陈浩, staff) handles; 周敏 and 赵立 sign.
 */
describe('incoming documents, rule by rule', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: '2026-11-30T01:00:00Z' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const incoming = SHIPPED_WORKFLOWS.find((module) => module.id === 'incoming')!;
  const to = (sent: Sent[], userId: string): Sent[] => sent.filter((message) => message.to === userId);
  const textTo = (sent: Sent[], userId: string): string =>
    to(sent, userId)
      .filter((message) => message.kind === 'text')
      .map((message) => message.text)
      .join('\n');
  const cardTo = (sent: Sent[], userId: string): Sent => to(sent, userId).find((message) => message.kind === 'card')!;
  const rows = (card: Sent): Record<string, string> =>
    Object.fromEntries((card.card?.horizontal_content_list ?? []).map((row) => [row.keyname, row.value ?? '']));
  const at = (local: string): Date => new Date(`${local}+08:00`);

  /** The files queued to `userId` so far, as `name` in order (the outbox's `file` rows). */
  async function filesTo(userId: string): Promise<string[]> {
    const queued = await h.db.prisma.outboxMessage.findMany({
      where: { toUserId: userId, kind: 'file' },
      orderBy: { id: 'asc' },
    });
    return queued.map((row) => (row.body as { fileName: string }).fileName);
  }

  /** What the files path does after a file arrives: the module's check, the stored version, its hook. */
  async function attach(from: string, ref: string, fileName: string): Promise<Sent[]> {
    const { sent } = await actAs(h, from, async (ctx) => {
      const { itemId } = await incoming.mayAttach!(ctx, ref);
      const version = (await ctx.tx.documentFile.count({ where: { itemRef: ref } })) + 1;
      const file: DocumentFileVersion = await ctx.tx.documentFile.create({
        data: {
          id: randomUUID(),
          orgId: ctx.orgId,
          workflow: 'incoming',
          itemId,
          itemRef: ref,
          version,
          sha256: String(version).repeat(64),
          fileName,
          sizeBytes: 1024,
          uploadedBy: from,
          uploadedAt: ctx.clock.now(),
        },
      });
      await incoming.onFileAttached!(ctx, file);
    });
    return sent;
  }

  async function openWork(ref: string) {
    return h.db.prisma.workItem.findMany({
      where: { itemRef: ref, doneAt: null },
      orderBy: { id: 'asc' },
      select: { kind: true, holderId: true, dueAt: true },
    });
  }

  const document = (ref: string) => h.db.prisma.incomingDocument.findFirstOrThrow({ where: { ref } });

  describe('an ordinary document from registration to archive', () => {
    it('收文 registers it with every field, a 收文编号, the file asked for and the 拟办 due in two working days', async () => {
      const sent = await h.say(
        'yangxue',
        '收文 标题:关于做好寒假安全工作的通知 来文单位:区教育局 来文字号:区教发〔2026〕58号 份数:2 缓急:加急 期限:12月10日',
      );
      expect(sent).toEqual([
        {
          to: 'yangxue',
          kind: 'text',
          text: [
            '已登记收文 S1，收文编号 收〔2026〕1号。',
            '请把来文文件（PDF/Word）发给我，我会附在 S1 上，随拟办单和传阅单一起发出。',
            '拟办期限：12-02 18:00（周三），请发送「拟办 S1 承办:… 期限:…」。',
          ].join('\n'),
        },
      ]);
      expect(await document('S1')).toMatchObject({
        incomingNumber: '收〔2026〕1号',
        title: '关于做好寒假安全工作的通知',
        senderOrg: '区教育局',
        senderNumber: '区教发〔2026〕58号',
        copies: 2,
        secrecy: '普通',
        urgency: '加急',
        receivedAt: at('2026-11-30T09:00:00'),
        deadlineAt: at('2026-12-10T18:00:00'),
        registeredBy: 'yangxue',
        state: 'registered',
      });
      expect(await h.db.prisma.expectedFile.findFirst({ where: { userId: 'yangxue' } })).toMatchObject({
        itemRef: 'S1',
        workflow: 'incoming',
      });
      expect(await openWork('S1')).toEqual([
        { kind: 'doc_proposal', holderId: 'yangxue', dueAt: at('2026-12-02T18:00:00') },
      ]);
      expect(textTo(await h.say('yangxue', '我的待办'), 'yangxue')).toContain(
        'S1 收文拟办｜区教育局｜《关于做好寒假安全工作的通知》｜期限 12-02 18:00',
      );
    });

    it('the file sent after it is attached and waits for the 拟办', async () => {
      // the files pipeline has told the sender 「已收到 S1 的文件…」: with no card open, nothing more
      expect(await attach('yangxue', 'S1', '寒假安全通知.pdf')).toEqual([]);
      await expect(actAs(h, 'lihua', (ctx) => incoming.mayAttach!(ctx, 'S1'))).rejects.toThrow(
        '只有综合办公室可以给收文 S1 添加文件。',
      );
    });

    it('refuses 拟办 by staff, with a past deadline, with a 签批 who is no leader, and 传阅 before any 拟办', async () => {
      expect(textTo(await h.say('lihua', '拟办 S1 承办:教务处 期限:12月10日'), 'lihua')).toMatch(
        /^「拟办」只有.*可以使用。/,
      );
      const past = textTo(await h.say('yangxue', '拟办 S1 承办:教务处 期限:2026-11-20'), 'yangxue');
      expect(past).toContain('期限「2026-11-20」已经过去了');
      expect(past).toContain('办理期限是什么时候？');
      await h.say('yangxue', '取消');
      expect(textTo(await h.say('yangxue', '拟办 S1 承办:教务处 期限:12月10日 签批:李华'), 'yangxue')).toBe(
        '李华不是校领导。「签批」请写一位校领导，或不写（默认分管领导）。',
      );
      expect(textTo(await h.say('yangxue', '传阅 S1 人员:陈浩'), 'yangxue')).toBe(
        'S1 还没有经领导批示，请先「拟办 S1」，批示后才能传阅。',
      );
      expect(textTo(await h.say('zhoumin', '批示 S1 同意'), 'zhoumin')).toBe(
        'S1 还没有送签的拟办意见，请等综合办公室拟办后再批示（拟办单会送到您这里）。',
      );
    });

    it('an unknown department is asked again with the list of departments, keeping the rest', async () => {
      const asked = textTo(
        await h.say('yangxue', '拟办 S1 承办:教物处 期限:12月10日 提示:涉及期末考试安排'),
        'yangxue',
      );
      expect(asked).toBe(
        [
          '承办：没有找到部门「教物处」。',
          '由哪个部门承办？',
          '可选 校领导、综合办公室、党群工作部、教务处、学生发展中心、总务处、教科室、人事处、财务室、安全保卫处、信息中心、高一年级组',
          '（回复「取消」放弃）',
        ].join('\n'),
      );
    });

    it('拟办 sends the 分管领导 the card with the proposal and the file beside it', async () => {
      const sent = await h.say('yangxue', '教务处');
      expect(textTo(sent, 'yangxue')).toBe(
        [
          '已拟办 S1，拟办单已送周敏签批。',
          '承办：教务处；期限：12-10 18:00（周四）',
          '签批期限：12-01 18:00（周二）',
        ].join('\n'),
      );
      const card = cardTo(sent, 'zhoumin');
      expect(card).toMatchObject({ text: '拟办呈批 S1', buttons: ['incoming_approve', 'incoming_return'] });
      expect(card.card?.main_title.desc).toBe('加急 · 杨雪拟办 · 请于 12-01 18:00（周二） 前签批');
      expect(card.card?.sub_title_text).toBe('《关于做好寒假安全工作的通知》');
      expect(rows(card)).toEqual({
        收文编号: '收〔2026〕1号',
        来文单位: '区教育局',
        来文字号: '区教发〔2026〕58号',
        承办: '教务处',
        期限: '12-10 18:00（周四）',
        提示: '涉及期末考试安排',
      });
      // the file goes right after the card
      expect(to(sent, 'zhoumin').map((message) => message.kind)).toEqual(['card', 'file']);
      expect(await filesTo('zhoumin')).toEqual(['寒假安全通知.pdf']);
      expect(await document('S1')).toMatchObject({
        state: 'proposed',
        leadDepartmentId: 'academic',
        handlingDueAt: at('2026-12-10T18:00:00'),
        riskNote: '涉及期末考试安排',
        proposalLeaderId: 'zhoumin',
        proposedBy: 'yangxue',
      });
      expect(await openWork('S1')).toEqual([
        { kind: 'approval', holderId: 'zhoumin', dueAt: at('2026-12-01T18:00:00') },
      ]);
      expect(
        await h.db.prisma.documentNote.findMany({ where: { itemRef: 'S1' }, select: { kind: true, text: true } }),
      ).toEqual([
        { kind: 'proposal', text: '承办：教务处；期限：12-10 18:00（周四）；提示：涉及期末考试安排；签批：周敏' },
      ]);
      expect(textTo(await h.say('zhoumin', '我的待办'), 'zhoumin')).toContain(
        'S1 收文签批｜区教育局｜《关于做好寒假安全工作的通知》｜期限 12-01 18:00',
      );
    });

    it('while it waits on the leader: no 传阅, no second 拟办, no 批示 by another leader', async () => {
      expect(textTo(await h.say('yangxue', '传阅 S1 人员:陈浩'), 'yangxue')).toBe(
        'S1 还在等周敏批示，批示后才能传阅。',
      );
      expect(textTo(await h.say('yangxue', '拟办 S1 承办:教务处 期限:12月10日'), 'yangxue')).toBe(
        'S1 已拟办，正在等周敏签批。',
      );
      expect(textTo(await h.say('zhaoli', '批示 S1 同意'), 'zhaoli')).toBe(
        'S1 正在等周敏签批，您不能代为批示。签批后可以再作批示。',
      );
    });

    it('[退回] asks why, tells the proposer, and the next 拟办 is a new round with a fresh card', async () => {
      const card = await h.lastCardTo('zhoumin');
      const asked = await h.tap('zhoumin', card.taskId!, 'incoming_return');
      expect(textTo(asked, 'zhoumin')).toBe(
        '退回 S1《关于做好寒假安全工作的通知》的拟办意见，原因是什么？\n原因会转告拟办人，重新拟办后再送您签批。请直接回复；回复「取消」放弃退回。',
      );
      const back = await h.say('zhoumin', '寒假安全请校长签批');
      expect(textTo(back, 'zhoumin')).toBe('已退回 S1 的拟办意见，原因已转告杨雪。');
      expect(to(back, 'zhoumin')).toContainEqual({
        to: 'zhoumin',
        kind: 'card_update',
        text: '已退回 · 周敏 11-30 09:00',
        taskId: card.taskId,
      });
      expect(textTo(back, 'yangxue')).toBe(
        '周敏退回了 S1《关于做好寒假安全工作的通知》的拟办意见，请重新拟办（「拟办 S1 承办:… 期限:…」）。\n原因：寒假安全请校长签批',
      );
      expect((await document('S1')).state).toBe('returned');
      expect(await openWork('S1')).toEqual([
        { kind: 'doc_proposal', holderId: 'yangxue', dueAt: at('2026-12-02T18:00:00') },
      ]);

      await attach('yangxue', 'S1', '寒假安全通知（修订）.pdf');
      const again = await h.say('yangxue', '拟办 S1 承办:教务处 期限:12月10日 提示:涉及期末考试安排 签批:赵立');
      const second = cardTo(again, 'zhaoli');
      expect(second.text).toBe('拟办呈批 S1');
      expect(await filesTo('zhaoli')).toEqual(['寒假安全通知（修订）.pdf']);
      const approval = await h.db.prisma.approval.findFirstOrThrow({ where: { itemRef: 'S1' } });
      expect(approval).toMatchObject({ purpose: 'instruction', round: 2, state: 'open' });
      expect(textTo(await h.tap('zhoumin', card.taskId!, 'incoming_approve'), 'zhoumin')).toContain('不能再次操作');
    });

    it('a new version of the file goes out beside the open card; the decision records the version it saw', async () => {
      const sent = await attach('yangxue', 'S1', '寒假安全通知（终稿）.pdf');
      expect(textTo(sent, 'yangxue')).toBe('已另发给正在签批或阅件的赵立。');
      expect(await filesTo('zhaoli')).toEqual(['寒假安全通知（修订）.pdf', '寒假安全通知（终稿）.pdf']);

      const card = await h.lastCardTo('zhaoli');
      const approved = await h.tap('zhaoli', card.taskId!, 'incoming_approve');
      expect(to(approved, 'zhaoli')).toContainEqual({
        to: 'zhaoli',
        kind: 'card_update',
        text: '已同意拟办 · 赵立 11-30 09:00',
        taskId: card.taskId,
      });
      expect(textTo(approved, 'zhaoli')).toBe(
        '已同意 S1 的拟办意见，已通知教务处办理。需要批示时发送「批示 S1 批示内容」。',
      );
      const holder = await h.db.prisma.approvalHolder.findFirstOrThrow({
        where: { userId: 'zhaoli', state: 'approved', step: { approval: { itemRef: 'S1' } } },
      });
      expect(holder.fileVersion).toBe(3);
      const returned = await h.db.prisma.approvalHolder.findFirstOrThrow({
        where: { userId: 'zhoumin', step: { approval: { itemRef: 'S1' } } },
      });
      expect(returned).toMatchObject({ state: 'returned', fileVersion: 1, comment: '寒假安全请校长签批' });

      expect(textTo(approved, 'yangxue')).toBe(
        '赵立已同意 S1《关于做好寒假安全工作的通知》的拟办意见。请在 12-01 09:00（周二） 前发起传阅：「传阅 S1 人员:… 部门:…」。',
      );
      expect(textTo(approved, 'lihua')).toBe(
        [
          'S1《关于做好寒假安全工作的通知》（收〔2026〕1号，区教育局）由教务处承办，赵立已同意拟办。',
          '提示：涉及期末考试安排',
          '办理期限：12-10 18:00（周四）。请在 12-07 18:00（周一） 前反馈办理情况：「反馈 S1 内容」；办完后发送「办结 S1 办理结果」。',
        ].join('\n'),
      );
      expect(await filesTo('lihua')).toEqual(['寒假安全通知（终稿）.pdf']);
      expect(await document('S1')).toMatchObject({
        state: 'handling',
        approvedBy: 'zhaoli',
        approvedAt: at('2026-11-30T09:00:00'),
      });
      expect(await openWork('S1')).toEqual([
        { kind: 'doc_circulation', holderId: 'yangxue', dueAt: at('2026-12-01T09:00:00') },
        { kind: 'doc_feedback', holderId: 'lihua', dueAt: at('2026-12-07T18:00:00') },
        { kind: 'doc_completion', holderId: 'lihua', dueAt: at('2026-12-10T18:00:00') },
      ]);
    });

    it('传阅 sends each reader (a department: its head) a card [已阅] with the file, skipping those already sent', async () => {
      h.clock.set('2026-11-30T02:00:00Z');
      const sent = await h.say('yangxue', '传阅 S1 人员:陈浩 周敏 部门:总务处');
      expect(textTo(sent, 'yangxue')).toBe(
        '已送 S1 传阅：陈浩、周敏、何军（总务处负责人），请于 12-01 10:00（周二） 前阅知。\n发送「查询 S1」查看谁已阅。',
      );
      for (const reader of ['chenhao', 'zhoumin', 'hejun']) {
        const card = cardTo(sent, reader);
        expect(card).toMatchObject({ text: '传阅 S1', buttons: ['incoming_read'] });
        expect(card.card?.main_title.desc).toBe('加急 · 杨雪送阅 · 请于 12-01 10:00（周二） 前阅知');
        expect(to(sent, reader).map((message) => message.kind)).toEqual(['card', 'file']);
      }
      expect(await filesTo('chenhao')).toEqual(['寒假安全通知（终稿）.pdf']);
      const readings = await h.db.prisma.documentReading.findMany({ orderBy: { sentAt: 'asc' } });
      expect(readings.map((reading) => [reading.readerId, reading.departmentId, reading.fileVersion])).toEqual([
        ['chenhao', null, 3],
        ['zhoumin', null, 3],
        ['hejun', 'general', 3],
      ]);
      const work = await openWork('S1');
      expect(work.filter((item) => item.kind === 'doc_circulation')).toEqual([]);
      expect(work.filter((item) => item.kind === 'doc_reading')).toEqual(
        ['chenhao', 'zhoumin', 'hejun'].map((holderId) => ({
          kind: 'doc_reading',
          holderId,
          dueAt: at('2026-12-01T10:00:00'),
        })),
      );
      expect((await document('S1')).circulationStartedAt).toEqual(at('2026-11-30T10:00:00'));

      const more = await h.say('yangxue', '传阅 S1 人员:陈浩 部门:学生发展中心');
      expect(textTo(more, 'yangxue')).toBe(
        '已送 S1 传阅：冯涛（学生发展中心负责人），请于 12-01 10:00（周二） 前阅知。\n陈浩已在传阅名单中，未重复发送。\n发送「查询 S1」查看谁已阅。',
      );
      expect(to(more, 'chenhao')).toEqual([]);
      expect(textTo(await h.say('yangxue', '传阅 S1 人员:陈浩'), 'yangxue')).toBe(
        '没有新的传阅对象，S1 的传阅名单没有变化。\n陈浩已在传阅名单中，未重复发送。',
      );
      expect(textTo(await h.say('yangxue', '传阅 S1'), 'yangxue')).toBe(
        '请写明传阅给谁，例如「传阅 S1 人员:@李华 部门:教务处」（部门发给部门负责人）。',
      );
      expect(textTo(await h.say('yangxue', '查询 S1'), 'yangxue')).toContain(
        '传阅：已阅 0/4，未阅：周敏、陈浩、冯涛、何军',
      );
    });

    it('[已阅] records the time and the version read; the office sees who has not read; all read tells the sender', async () => {
      const card = await h.lastCardTo('chenhao');
      const read = await h.tap('chenhao', card.taskId!, 'incoming_read');
      expect(read).toEqual([
        { to: 'chenhao', kind: 'card_update', text: '已阅 · 陈浩 11-30 10:00', taskId: card.taskId },
      ]);
      expect(textTo(await h.tap('chenhao', card.taskId!, 'incoming_read'), 'chenhao')).toContain('不能再次操作');
      const reading = await h.db.prisma.documentReading.findFirstOrThrow({ where: { readerId: 'chenhao' } });
      expect(reading).toMatchObject({ readAt: at('2026-11-30T10:00:00'), fileVersion: 3 });
      expect(textTo(await h.say('yangxue', '查询 S1'), 'yangxue')).toContain('传阅：已阅 1/4，未阅：周敏、冯涛、何军');

      for (const reader of ['zhoumin', 'hejun'])
        await h.tap(reader, (await h.lastCardTo(reader)).taskId!, 'incoming_read');
      const last = await h.tap('fengtao', (await h.lastCardTo('fengtao')).taskId!, 'incoming_read');
      expect(textTo(last, 'yangxue')).toBe('S1《关于做好寒假安全工作的通知》传阅完毕：4人已全部阅知。');
      expect((await openWork('S1')).map((item) => item.kind)).toEqual(['doc_feedback', 'doc_completion']);
      expect(textTo(await h.say('yangxue', '查询 S1'), 'yangxue')).toContain('传阅：已阅 4/4，已全部阅知');
    });

    it('反馈 by the lead department tells the office and the leader; others may not', async () => {
      expect(textTo(await h.say('hejun', '反馈 S1 已布置'), 'hejun')).toBe(
        'S1 由教务处承办，只有承办部门或综合办公室可以反馈办理情况。',
      );
      const sent = await h.say('chenhao', '反馈 S1 已召开年级组长会布置');
      expect(textTo(sent, 'chenhao')).toBe('已记录 S1 的办理反馈，已告知杨雪、赵立。办完后发送「办结 S1 办理结果」。');
      expect(textTo(sent, 'yangxue')).toBe('S1《关于做好寒假安全工作的通知》办理反馈（陈浩）：已召开年级组长会布置');
      expect(textTo(sent, 'zhaoli')).toBe('S1《关于做好寒假安全工作的通知》办理反馈（陈浩）：已召开年级组长会布置');
      expect((await document('S1')).feedbackAt).toEqual(at('2026-11-30T10:00:00'));
      expect((await openWork('S1')).map((item) => item.kind)).toEqual(['doc_completion']);
    });

    it('归档 waits for 办结; 办结 by the lead department closes what waited on it', async () => {
      expect(textTo(await h.say('zhuhong', '归档 S1 保管期限:30年'), 'zhuhong')).toBe(
        'S1 还没有办结，办结后才能归档（承办部门发送「办结 S1」）。',
      );
      expect(textTo(await h.say('hejun', '办结 S1'), 'hejun')).toBe(
        'S1 由教务处承办，只有承办部门或综合办公室可以办结。',
      );
      const sent = await h.say('lihua', '办结 S1 已完成寒假安全教育并上报区教育局');
      expect(textTo(sent, 'lihua')).toBe('已办结 S1（按期），已告知杨雪、赵立。综合办公室将归档。');
      expect(textTo(sent, 'yangxue')).toBe(
        'S1《关于做好寒假安全工作的通知》已由李华办结（按期）：已完成寒假安全教育并上报区教育局\n归档请发送「归档 S1 保管期限:30年」（永久/30年/10年）。',
      );
      expect(await document('S1')).toMatchObject({
        state: 'completed',
        completedBy: 'lihua',
        result: '已完成寒假安全教育并上报区教育局',
      });
      expect(await openWork('S1')).toEqual([]);
      expect(textTo(await h.say('lihua', '反馈 S1 补充'), 'lihua')).toBe('S1 已经办结，不能反馈。');
    });

    it('归档 gives the 档号 in the DA/T 22 form under the lead department', async () => {
      expect(textTo(await h.say('lihua', '归档 S1 保管期限:30年'), 'lihua')).toMatch(/^「归档」只有.*可以使用。/);
      const sent = await h.say('zhuhong', '归档 S1 保管期限:30年');
      expect(textTo(sent, 'zhuhong')).toBe(
        '已归档 S1（收〔2026〕1号），档号 0194-WS·2026-D30-JWC-0001（类别：文书，保管期限：30年）。',
      );
      expect(await document('S1')).toMatchObject({
        state: 'archived',
        archiveCode: '0194-WS·2026-D30-JWC-0001',
        archiveCategory: '文书',
        retention: '30年',
      });
      expect(textTo(await h.say('zhuhong', '归档 S1 保管期限:永久'), 'zhuhong')).toBe(
        'S1 已经归档，档号 0194-WS·2026-D30-JWC-0001。',
      );
      // 发文 ships too: an F reference goes to its workflow
      expect(textTo(await h.say('zhuhong', '归档 F3 保管期限:永久'), 'zhuhong')).toBe('没有找到发文 F3，请核对编号。');
      await expect(actAs(h, 'yangxue', (ctx) => incoming.mayAttach!(ctx, 'S1'))).rejects.toThrow(
        'S1 已归档，不能再添加文件。',
      );
    });

    it('查询 shows everything to those on its routing, and refuses anyone else', async () => {
      const status = textTo(await h.say('chenhao', '查询 S1'), 'chenhao');
      for (const line of [
        '【S1 收文】已归档',
        '收文编号：收〔2026〕1号；收文日期：11-30 09:00',
        '标题：《关于做好寒假安全工作的通知》',
        '来文单位：区教育局；来文字号：区教发〔2026〕58号；份数：2',
        '密级：普通；缓急：加急；来文期限：12-10 18:00（周四）',
        '拟办：承办 教务处；期限 12-10 18:00（周四）；提示 涉及期末考试安排；签批 赵立（杨雪拟办）',
        '签批：赵立 11-30 09:00 同意拟办',
        '当前处理人：—',
        '传阅：已阅 4/4，已全部阅知',
        '· 11-30 10:00 陈浩：已召开年级组长会布置',
        '办结：李华 11-30 10:00；办理结果：已完成寒假安全教育并上报区教育局',
        '档号：0194-WS·2026-D30-JWC-0001（文书，保管期限30年）',
        '· 2026-11-30 09:00 周敏 退回拟办：寒假安全请校长签批',
        '· 2026-11-30 10:00 朱红 归档：档号 0194-WS·2026-D30-JWC-0001，文书，保管期限30年',
      ])
        expect(status).toContain(line);
      // the newest 12 lines of the history, the older counted
      expect(status).toMatch(/（更早的\d+条略）/);
      expect(textTo(await h.say('wanglei', '查询 S1'), 'wanglei')).toBe('您无权查看 S1。');
      expect(textTo(await h.say('wanglei', '查询 S99'), 'wanglei')).toBe('没有找到 S99，或您无权查看。请核对编号。');
    });
  });

  describe('批示', () => {
    it('a 批示 by the 签批 leader approves the proposal in words and can make a task in one step', async () => {
      await h.say('yangxue', '收文 标题:关于开展校园设施安全排查的通知 来文单位:区教育局 来文字号:区教发〔2026〕61号');
      const proposed = await h.say('yangxue', '拟办 S2 承办:总务处 期限:12月18日');
      const card = cardTo(proposed, 'qianjun');
      expect(textTo(await h.say('qianjun', '批示 S2 请总务处牵头 负责:何军'), 'qianjun')).toBe(
        '要把批示同时交办为督办事项，请一起写「负责」和「截止」，例如「批示 S2 内容 负责:@李华 截止:12月20日」；只批示不交办就都不写。',
      );
      expect(textTo(await h.say('lihua', '批示 S2 同意'), 'lihua')).toMatch(/^「批示」只有.*可以使用。/);

      const sent = await h.say('qianjun', '批示 S2 请总务处牵头全面排查 负责:何军 截止:12月15日 验收:排查台账报校办');
      expect(textTo(sent, 'qianjun')).toBe(
        '已批示 S2，同意拟办，已通知总务处办理。\n已交办督办事项 R1：负责人何军，截止 12-15 18:00（周二），完成后由您验收。',
      );
      expect(to(sent, 'qianjun')).toContainEqual({
        to: 'qianjun',
        kind: 'card_update',
        text: '已批示 · 钱军 11-30 10:00',
        taskId: card.taskId,
      });
      expect(textTo(sent, 'yangxue')).toContain(
        '钱军已批示同意 S2《关于开展校园设施安全排查的通知》的拟办意见，批示：请总务处牵头全面排查。',
      );
      expect(textTo(sent, 'hejun')).toContain('钱军已同意拟办，批示：请总务处牵头全面排查。');
      expect(cardTo(sent, 'hejun')).toMatchObject({ text: '督办事项 R1' });
      expect(await document('S2')).toMatchObject({
        state: 'handling',
        approvedBy: 'qianjun',
        instruction: '请总务处牵头全面排查',
      });
      expect(await h.db.prisma.task.findFirstOrThrow({ where: { ref: 'R1' } })).toMatchObject({
        sourceKind: 'document',
        sourceRef: 'S2',
        assignerId: 'qianjun',
        ownerId: 'hejun',
        content: '请总务处牵头全面排查',
        acceptance: '排查台账报校办',
      });
      expect(textTo(await h.say('yangxue', '查询 S2'), 'yangxue')).toContain('关联：R1（督办事项）');
      expect(textTo(await h.say('hejun', '查询 R1'), 'hejun')).toContain('S2 领导批示');
    });

    it('after approval a 批示 adds an instruction and tells the lead department', async () => {
      const sent = await h.say('zhaoli', '批示 S2 请于周五前完成排查');
      expect(textTo(sent, 'zhaoli')).toBe('已批示 S2，已转告承办部门总务处。');
      expect(textTo(sent, 'hejun')).toBe('赵立对 S2《关于开展校园设施安全排查的通知》作出批示：请于周五前完成排查');
      expect((await document('S2')).instruction).toBe('请于周五前完成排查');
      const notes = await h.db.prisma.documentNote.findMany({
        where: { itemRef: 'S2', kind: 'instruction' },
        orderBy: { id: 'asc' },
      });
      expect(notes.map((note) => [note.authorId, note.text])).toEqual([
        ['qianjun', '请总务处牵头全面排查'],
        ['zhaoli', '请于周五前完成排查'],
      ]);
    });
  });

  describe('a 机密 document (spec 2.6, 保密法)', () => {
    const SECRET_WORDS = ['反恐', '应急演练部署', '演练路线', '按预案', '路线已确认', '巡逻路线', '撤离'];

    it('registers 「涉密件」: a typed title is dropped with a warning; 特急 reaches the leader at once', async () => {
      const sent = await h.say(
        'yangxue',
        '收文 标题:关于反恐应急演练部署的通知 来文单位:市公安局 来文字号:公发〔2026〕9号 密级:机密 缓急:特急 期限:12月8日',
      );
      expect(textTo(sent, 'yangxue')).toBe(
        [
          '按保密规定，秘密、机密件的标题和内容不能录入本系统：您写的标题没有保存，登记为「涉密件」。',
          '已登记收文 S3（机密，登记为「涉密件」），收文编号 收〔2026〕3号。',
          '涉密件的内容和文件不进入本系统，请按保密规定传递纸质文件。',
          '特急件已即时报送赵立。',
          '拟办期限：12-02 18:00（周三），请发送「拟办 S3 承办:… 期限:…」。',
        ].join('\n'),
      );
      expect(textTo(sent, 'zhaoli')).toBe(
        '【特急】收到特急来文 S3（机密），来文单位 市公安局，请到综合办公室阅件，期限 12-08 18:00（周二）。已登记（收〔2026〕3号），拟办后即送签批。',
      );
      expect(await document('S3')).toMatchObject({ title: '涉密件', senderNumber: '公发〔2026〕9号', secrecy: '机密' });
      expect(await h.db.prisma.expectedFile.findFirst({ where: { itemRef: 'S3' } })).toBeNull();
      await expect(actAs(h, 'yangxue', (ctx) => incoming.mayAttach!(ctx, 'S3'))).rejects.toThrow(
        'S3 是机密件：按保密规定，涉密文件不能发到本系统，请按涉密件管理规定传递纸质文件。',
      );
      expect(textTo(await h.say('yangxue', '我的待办'), 'yangxue')).toContain('S3 收文拟办｜市公安局｜「涉密件」｜');
    });

    it('its cards show only reference, 密级 and deadline (and 特急); its 批示 is recorded as given, not in words', async () => {
      const proposed = await h.say('yangxue', '拟办 S3 承办:安全保卫处 期限:12月8日 提示:演练路线保密');
      const card = cardTo(proposed, 'qianjun');
      expect(card.text).toBe('S3（机密）');
      expect(card.card?.main_title.desc).toBe('特急 · 杨雪拟办 · 请于 12-01 18:00（周二） 前签批');
      expect(rows(card)).toEqual({ 编号: 'S3', 密级: '机密', 期限: '12-08 18:00（周二）', 阅处地点: '综合办公室' });
      expect(card.buttons).toEqual(['incoming_approve', 'incoming_return']);
      expect(to(proposed, 'qianjun').map((message) => message.kind)).toEqual(['card']);

      expect(textTo(await h.say('jiangbo', '查询 S3'), 'jiangbo')).toBe('您无权查看 S3。');
      const instructed = await h.say('qianjun', '批示 S3 按预案组织演练');
      expect(textTo(instructed, 'qianjun')).toBe(
        '已批示 S3，同意拟办，已通知安全保卫处办理。\n涉密件的批示内容不在系统中保存，请在纸质文件上签批。',
      );
      expect(textTo(instructed, 'luowei')).toBe(
        [
          'S3（机密）（收〔2026〕3号，市公安局）由安全保卫处承办，钱军已同意拟办。',
          '请到综合办公室阅件。',
          '办理期限：12-08 18:00（周二）。请在 12-07 18:00（周一） 前反馈办理情况：「反馈 S3 内容」；办完后发送「办结 S3 办理结果」。',
        ].join('\n'),
      );
      expect(await document('S3')).toMatchObject({
        instruction: '（涉密，内容请到综合办公室查阅）',
        riskNote: '（涉密，内容请到综合办公室查阅）',
      });

      const circulated = await h.say('yangxue', '传阅 S3 人员:蒋波');
      expect(rows(cardTo(circulated, 'jiangbo'))).toEqual({
        编号: 'S3',
        密级: '机密',
        期限: '12-01 10:00（周二）',
        阅处地点: '综合办公室',
      });
      expect(to(circulated, 'jiangbo').map((message) => message.kind)).toEqual(['card']);
      expect(textTo(await h.say('jiangbo', '查询 S3'), 'jiangbo')).toContain(
        '标题：「涉密件」（机密，请到综合办公室阅件）',
      );

      const tasked = await h.say('qianjun', '批示 S3 加强巡逻路线保密 负责:蒋波 截止:12月7日');
      expect(textTo(tasked, 'qianjun')).toBe(
        [
          '已批示 S3，已转告承办部门安全保卫处。',
          '涉密件的批示内容不在系统中保存，请在纸质文件上签批。',
          '已交办督办事项 R2：负责人蒋波，截止 12-07 18:00（周一），完成后由您验收。',
        ].join('\n'),
      );
      expect(textTo(tasked, 'luowei')).toBe('钱军对 S3（机密）作出批示，请到综合办公室查阅');
      expect(cardTo(tasked, 'jiangbo').text).toBe('R2（机密）');
      expect(await h.db.prisma.task.findFirstOrThrow({ where: { ref: 'R2' } })).toMatchObject({
        secrecy: '机密',
        content: '涉密事项',
        sourceRef: 'S3',
      });

      const feedback = await h.say('luowei', '反馈 S3 演练路线已确认');
      expect(textTo(feedback, 'yangxue')).toBe('S3（机密）有新的办理反馈（罗伟），请到综合办公室查阅。');
      await h.say('luowei', '办结 S3 按预案完成');
      expect(await h.db.prisma.documentNote.count({ where: { itemRef: 'S3' } })).toBe(0);
    });

    it('a title typed while a question is still to be asked is dropped before the question is stored', async () => {
      const asked = await h.say('yangxue', '收文 标题:关于撤离演练的通知 密级:秘密');
      expect(textTo(asked, 'yangxue')).toBe(
        [
          '按保密规定，秘密、机密件的标题和内容不能录入本系统：您写的标题没有保存，登记为「涉密件」。',
          '来文单位是哪里？',
          '可写任意文字（最多500字）',
          '（回复「取消」放弃）',
        ].join('\n'),
      );
      const waiting = await h.db.prisma.conversation.findMany({ where: { userId: 'yangxue' } });
      expect(waiting).toHaveLength(1);
      expect(JSON.stringify(waiting)).not.toContain('撤离');
      const done = await h.say('yangxue', '市教育局');
      expect(textTo(done, 'yangxue')).toMatch(/^已登记收文 S4（秘密，登记为「涉密件」），收文编号 收〔2026〕4号。/);
      const cancelled = await h.say('yangxue', '取消 S4 原因:撤离演练取消');
      expect(textTo(cancelled, 'yangxue')).toBe('已撤销收文 S4（秘密）。');
      expect((await document('S4')).closingReason).toBe('（涉密，内容请到综合办公室查阅）');
    });

    it('no message sent and no row stored anywhere holds its title or words', async () => {
      const tables = await h.db.prisma.$queryRaw<{ name: string }[]>`
        SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
      expect(tables.map((table) => table.name)).toEqual(
        expect.arrayContaining(['outbox_message', 'incoming_document']),
      );
      for (const { name } of tables) {
        const stored = await h.db.prisma.$queryRawUnsafe<{ row: string }[]>(
          `SELECT row_to_json(t)::text AS row FROM "${name}" t`,
        );
        const text = stored.map((each) => each.row).join('\n');
        for (const word of SECRET_WORDS) expect(text, `${name} holds「${word}」`).not.toContain(word);
      }
    });
  });

  describe('the rest', () => {
    it('a missing title is asked for; 取消 is the registrar’s or the office’s, and closes the leader’s card', async () => {
      const asked = await h.say('majie', '收文 来文单位:区教育局 缓急:特急');
      expect(textTo(asked, 'majie')).toBe(
        '来文的标题是什么（秘密、机密件不要发标题：请回复「取消」，再写明「密级:秘密」重新登记）？\n可写任意文字（最多500字）\n（回复「取消」放弃）',
      );
      const registered = await h.say('majie', '关于报送学期工作总结的通知');
      expect(textTo(registered, 'majie')).toContain('已登记收文 S5');
      expect(textTo(registered, 'zhaoli')).toContain('【特急】收到特急来文 S5《关于报送学期工作总结的通知》');

      const proposed = await h.say('majie', '拟办 S5 承办:教科室 期限:12月4日');
      const card = cardTo(proposed, 'zhoumin');
      expect(card.text).toBe('【特急】拟办呈批 S5');
      expect(textTo(proposed, 'majie')).toContain('已拟办 S5，拟办单已送周敏签批（特急）。');
      expect(textTo(proposed, 'majie')).toContain('还没有收到来文文件：发送「附件 S5」后把文件发给我，会补发给周敏。');

      expect(textTo(await h.say('chenhao', '取消 S5 原因:重复登记'), 'chenhao')).toBe(
        'S5 只能由登记人马杰或综合办公室撤销。',
      );
      const cancelled = await h.say('majie', '取消 S5 原因:重复登记');
      expect(textTo(cancelled, 'majie')).toBe('已撤销收文 S5《关于报送学期工作总结的通知》，已告知周敏。');
      expect(to(cancelled, 'zhoumin')).toContainEqual({
        to: 'zhoumin',
        kind: 'card_update',
        text: '收文已撤销',
        taskId: card.taskId,
      });
      expect(textTo(cancelled, 'zhoumin')).toBe(
        '收文 S5《关于报送学期工作总结的通知》已由马杰撤销，无需再处理。原因：重复登记',
      );
      expect(await openWork('S5')).toEqual([]);
      expect(textTo(await h.say('majie', '取消 S1 原因:不要了'), 'majie')).toBe(
        'S1 当前状态为「已归档」，不能「撤销」。它已经办结，不能再更改。',
      );
    });

    it('a lead department with a new head: its 反馈 and 办结 move to them at the hand-over', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'incoming-'));
      const orgFile = join(folder, 'org.yaml');
      const text = await readFile('config/org.yaml', 'utf8');
      await writeFile(
        orgFile,
        text.replace('{ id: general, name: 总务处, head: hejun', '{ id: general, name: 总务处, head: dengchao'),
      );
      const config = await loadOrgFile(orgFile);
      await rm(folder, { recursive: true });
      await saveDirectory(h.db.prisma, config, 'file');
      const directory = await loadDirectory(h.db.prisma, config);
      const sent = await h.db.prisma.$transaction(async (tx) => {
        const [mark] = await tx.$queryRaw<{ last: bigint | null }[]>`SELECT max(id) AS last FROM outbox_message`;
        const moved = await incoming.handOver!({
          tx,
          orgId: directory.orgId,
          timezone: 'Asia/Shanghai',
          directory,
          clock: h.clock,
        });
        expect(moved).toBe(1);
        const written = await tx.outboxMessage.findMany({
          where: { id: { gt: mark?.last ?? 0n } },
          orderBy: { id: 'asc' },
        });
        return written.map(asSent);
      });
      expect(textTo(sent, 'dengchao')).toBe(
        'S2《关于开展校园设施安全排查的通知》由您的部门承办（原负责人何军），请按期反馈、办结：「反馈 S2 内容」「办结 S2」。',
      );
      expect(await openWork('S2')).toEqual([
        { kind: 'doc_circulation', holderId: 'yangxue', dueAt: at('2026-12-01T10:00:00') },
        { kind: 'doc_feedback', holderId: 'dengchao', dueAt: at('2026-12-07T18:00:00') },
        { kind: 'doc_completion', holderId: 'dengchao', dueAt: at('2026-12-18T18:00:00') },
      ]);
      // the directory of the file is back for the tests that follow
      await saveDirectory(h.db.prisma, await loadOrgFile('config/org.yaml'), 'file');
    });

    it('转交 of the 签批 gives the new leader the card with the file beside it, and their decision counts', async () => {
      await h.say('yangxue', '收文 标题:关于做好元旦假期值班的通知 来文单位:区教育局');
      await attach('yangxue', 'S6', '元旦值班通知.docx');
      const proposed = await h.say('yangxue', '拟办 S6 承办:教务处 期限:12月11日');
      const first = cardTo(proposed, 'zhoumin');
      const moved = await h.say('zhoumin', '转交 S6 给:赵立 原因:出差');
      expect(textTo(moved, 'zhoumin')).toBe('已把 S6 的「领导签批」从周敏转交给赵立，卡片已发给赵立。');
      expect(to(moved, 'zhaoli').map((message) => message.kind)).toEqual(['card', 'file']);
      expect((await filesTo('zhaoli')).at(-1)).toBe('元旦值班通知.docx');
      expect(textTo(await h.tap('zhoumin', first.taskId!, 'incoming_approve'), 'zhoumin')).toContain('不能再次操作');
      const card = cardTo(moved, 'zhaoli');
      await h.tap('zhaoli', card.taskId!, 'incoming_approve');
      expect(await document('S6')).toMatchObject({ state: 'handling', approvedBy: 'zhaoli' });
    });

    it('查询 derives overdue from the working-day calendar', async () => {
      await h.say('yangxue', '收文 标题:关于征订2027年教辅资料的通知 来文单位:区教研室');
      h.clock.set('2026-12-04T02:00:00Z');
      const status = textTo(await h.say('yangxue', '查询 S7'), 'yangxue');
      expect(status).toContain('· 杨雪 收文拟办（期限 12-02 18:00（周三），已逾期1个工作日）');
    });

    it('帮助 收文 explains the command, names the other document commands and the flow', async () => {
      const help = textTo(await h.say('yangxue', '帮助 收文'), 'yangxue');
      expect(help).toContain('【收文】登记一份来文，分配收文编号（秘密、机密件不写标题）');
      expect(help).toContain('· 标题（必填）');
      expect(help).toContain('【收文】其他命令：拟办、批示、传阅、反馈、办结');
      expect(help).toContain('流程：综合办公室「收文」登记');
      expect(help).toContain('秘密、机密件只登记「涉密件」');
    });
  });
});
