import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGOTTEN_TEXT } from '../../../src/inbound/dispatch-event.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { yearPeriod } from '../../../src/kit/ledger-period.js';
import { outgoingRegister } from '../../../src/workflows/outgoing/outgoing-ledger.js';
import { receivedInOrder, sendFileToBot } from '../../support/file-helpers.js';
import {
  cardFacts,
  cardFor,
  cardsFor,
  mark,
  press,
  textsSince,
  updatesOf,
  waitForCardUpdate,
  waitForText,
} from '../../support/seal-helpers.js';
import { say } from '../../support/task-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

/**
 * 发文 (spec 3.3, issue 12's done-when) end to end: every message a signed, encrypted WeCom callback
 * through the gateway, every file sent to the bot fetched from the fake WeCom and stored, every
 * answer, card and file read back from what the fake WeCom received, on real PostgreSQL and Redis.
 * The clock stands at Monday 30 November 2026, 09:00 in Beijing. 陈浩 (教务处) drafts; the office
 * (王芳, 刘强, 杨雪, 朱红, 马杰) reviews; 李华 (教务处), 冯涛 (学生发展中心) and 何军 (总务处) co-sign;
 * 周敏, 教务处's 分管校领导, signs off; 刘强 keeps the seals; 朱红 archives. The tests go on from
 * each other's documents, as a week in the office would.
 */
describe('outgoing documents (发文) through the gateway', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ clock: fixedClock('2026-11-30T01:00:00Z') });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const OFFICE = ['wangfang', 'liuqiang', 'yangxue', 'zhuhong', 'majie'];
  const HEADS = ['lihua', 'fengtao', 'hejun'];
  const draftFile = (version: number) => ({
    name: `期末考试安排-第${version}稿.docx`,
    bytes: Buffer.from(`PK 关于期末考试安排的通知 第${version}稿 ${'正文'.repeat(2000 * version)}`),
  });
  /** What `user` received since `since`, as receivedInOrder names it (card:…, file:…, text:…). */
  const receivedSince = (user: string, since: number): string[] => receivedInOrder(t.fake, user).slice(since);
  /** How many messages each of `users` has received so far, to see what each gets next (receivedByEach). */
  const markEach = (users: string[]): Map<string, number> => new Map(users.map((user) => [user, mark(t, user)]));
  /** What each person received since their mark, by person. */
  const receivedByEach = (marks: Map<string, number>): Record<string, string[]> =>
    Object.fromEntries([...marks].map(([user, since]) => [user, receivedSince(user, since)]));
  /** The same messages for each of `users`. */
  const each = (users: string[], received: string[]): Record<string, string[]> =>
    Object.fromEntries(users.map((user) => [user, received]));

  it('goes from the draft through review, a co-sign returned once and a second round, to sign-off, seal, distribution and archive', async () => {
    // 发文: registered, the review cards to the whole office, the drafter asked for the file
    const drafted = await say(
      t,
      'chenhao',
      '发文 标题:关于期末考试安排的通知 类型:校发 会签:教务处、学生发展中心、总务处 主送:教务处、学生发展中心、区教育局 抄送:何军 附件:考试日程表 印发份数:3',
      /^已登记发文 F\d+/,
    );
    expect(drafted).toBe(
      [
        '已登记发文 F1《关于期末考试安排的通知》（校发），拟稿：陈浩。',
        '审批顺序：王芳或刘强或杨雪或朱红或马杰（核稿） → 李华、冯涛、何军（会签） → 周敏（签发）',
        '应于 12-07 18:00（周一）前印发。',
        '请现在把正文文件（Word 或 PDF）发给我，30分钟内发来的文件会附到 F1；以后可发送「附件 F1」再发。',
        '发送「查询 F1」随时查看进度。',
      ].join('\n'),
    );
    const firstReview = await Promise.all(OFFICE.map((user) => cardFor(t, user, 'F1')));
    expect(cardFacts(firstReview[2]!)).toMatchObject({
      title: '核稿 F1',
      desc: '核稿 · 第1/3步',
      buttons: ['outgoing_agree', 'outgoing_return'],
      rows: { 类型: '校发', 拟稿: '陈浩（教务处）', 会签: '教务处、学生发展中心、总务处', 签发: '周敏' },
    });

    // the file, sent right after: stored as version 1 and sent beside every open review card
    const since = mark(t, 'chenhao');
    await sendFileToBot(t, 'chenhao', draftFile(1));
    await t.quiesce();
    expect(textsSince(t, 'chenhao', since)).toEqual([
      expect.stringMatching(/^已收到 F1 的文件《期末考试安排-第1稿\.docx》：第1版，\d+ KB。$/),
      '已另发给正在核稿的王芳、刘强、杨雪、朱红、马杰。',
    ]);
    // everything the office has received: the card, then the file
    expect(receivedByEach(new Map(OFFICE.map((user) => [user, 0])))).toEqual(
      each(OFFICE, ['card:核稿 F1', 'file:期末考试安排-第1稿.docx']),
    );

    // 核稿: any one of the office; the others' cards close saying who; the three heads get theirs at once
    const heads = markEach(HEADS);
    await press(t, 'yangxue', firstReview[2]!.taskId, 'outgoing_agree');
    expect(await waitForCardUpdate(t, firstReview[2]!.taskId)).toBe('已同意 · 杨雪 11-30 09:00');
    await t.quiesce();
    for (const [index, user] of OFFICE.entries())
      if (user !== 'yangxue') expect(updatesOf(t, firstReview[index]!.taskId)).toEqual(['已由杨雪同意']);
    expect(receivedByEach(heads)).toEqual(each(HEADS, ['card:会签 F1', 'file:期末考试安排-第1稿.docx']));
    expect(t.textsTo('chenhao').at(-1)).toBe(
      'F1《关于期末考试安排的通知》：杨雪核稿同意，现在等待李华、冯涛、何军会签。',
    );
    const [lihua1, fengtao1, hejun1] = await Promise.all(HEADS.map((user) => cardFor(t, user, 'F1')));
    expect(cardFacts(lihua1!).desc).toBe('会签 · 第2/3步');

    // 李华 agrees; 冯涛 returns it: the reason is typed after the tap, the drafter told, 何军's card closes
    await press(t, 'lihua', lihua1!.taskId, 'outgoing_agree');
    expect(await waitForCardUpdate(t, lihua1!.taskId)).toBe('已同意 · 李华 11-30 09:00');
    expect(await say(t, 'chenhao', '查询 F1', '【F1 发文】')).toContain(
      '会签：已同意 1/3（教务处）；待 学生发展中心、总务处',
    );
    const asked = mark(t, 'fengtao');
    await press(t, 'fengtao', fengtao1!.taskId, 'outgoing_return');
    expect(await waitForText(t, 'fengtao', '原因', { since: asked })).toBe(
      '退回 F1《关于期末考试安排的通知》（会签）的原因是什么？需要怎么修改？\n原因会转告拟稿人，修改后重新提交。请直接回复；回复「取消」放弃退回。',
    );
    const drafterSince = mark(t, 'chenhao');
    expect(await say(t, 'fengtao', '请补充学生返校安排', '已退回')).toBe('已退回 F1，原因已转告拟稿人陈浩。');
    expect(await waitForCardUpdate(t, fengtao1!.taskId)).toBe('已退回 · 冯涛 11-30 09:00');
    expect(await waitForText(t, 'chenhao', '退回', { since: drafterSince })).toBe(
      '您拟稿的 F1《关于期末考试安排的通知》被冯涛（学生发展中心）会签时退回。\n原因：请补充学生返校安排\n请修改后发送「附件 F1」发来新版本（第2版），再发送「重新提交 F1」。',
    );
    expect(await waitForCardUpdate(t, hejun1!.taskId)).toBe('已由冯涛退回');
    expect(await t.db.prisma.outgoingDocument.findFirst({ where: { ref: 'F1' } })).toMatchObject({
      state: 'returned',
      round: 1,
    });

    // only the drafter resubmits, and only with a new version of the file
    expect(await say(t, 'lihua', '重新提交 F1', 'F1')).toBe('F1 只能由拟稿人陈浩重新提交。');
    expect(await say(t, 'chenhao', '重新提交 F1', 'F1')).toBe(
      'F1 退回时的正文是第1版，还没有收到修改稿。请先发送「附件 F1」，把修改后的文件发给我，再发送「重新提交 F1」。',
    );
    expect(await say(t, 'chenhao', '附件 F1', 'F1')).toMatch(/^请在30分钟内把 F1 的文件发给我/);
    const attached = mark(t, 'chenhao');
    await sendFileToBot(t, 'chenhao', draftFile(2));
    await t.quiesce();
    expect(textsSince(t, 'chenhao', attached)).toEqual([
      expect.stringMatching(/^已收到 F1 的文件《期末考试安排-第2稿\.docx》：第2版，\d+ KB。$/),
      '修改完成后请发送「重新提交 F1」，新一轮核稿、会签、签发会用这一版。',
    ]);

    // 重新提交: a new round from 核稿, fresh cards with the new file right after each
    const office = markEach(OFFICE);
    expect(await say(t, 'chenhao', '重新提交 F1', '已重新提交')).toBe(
      [
        '已重新提交 F1《关于期末考试安排的通知》（第2轮）。',
        '审批顺序：王芳或刘强或杨雪或朱红或马杰（核稿） → 李华、冯涛、何军（会签） → 周敏（签发）',
        '现在等待王芳或刘强或杨雪或朱红或马杰核稿。',
      ].join('\n'),
    );
    await t.quiesce();
    expect(receivedByEach(office)).toEqual(each(OFFICE, ['card:核稿 F1', 'file:期末考试安排-第2稿.docx']));
    const secondReview = await cardFor(t, 'wangfang', 'F1', 2);
    expect(secondReview.taskId).not.toBe(firstReview[0]!.taskId);
    expect(cardFacts(secondReview).desc).toBe('核稿 · 第1/3步 · 第2轮');

    // round 2: 王芳 reviews, all three heads agree on the new version, 周敏 signs off
    const heads2 = markEach(HEADS);
    await press(t, 'wangfang', secondReview.taskId, 'outgoing_agree');
    await waitForCardUpdate(t, secondReview.taskId);
    await t.quiesce();
    expect(receivedByEach(heads2)).toEqual(each(HEADS, ['card:会签 F1', 'file:期末考试安排-第2稿.docx']));
    const signer = mark(t, 'zhoumin');
    for (const user of HEADS) {
      const card = await cardFor(t, user, 'F1', 2);
      await press(t, user, card.taskId, 'outgoing_agree');
      await waitForCardUpdate(t, card.taskId);
    }
    await t.quiesce();
    expect(receivedSince('zhoumin', signer)).toEqual(['card:签发 F1', 'file:期末考试安排-第2稿.docx']);
    expect(t.textsTo('chenhao').at(-1)).toBe(
      'F1《关于期末考试安排的通知》：何军（总务处）会签同意，现在等待周敏签发。',
    );
    const seen = await t.db.prisma.approvalHolder.findMany({
      where: { step: { approval: { itemRef: 'F1' } }, userId: { in: HEADS } },
      orderBy: { id: 'asc' },
      select: { userId: true, state: true, fileVersion: true },
    });
    expect(seen).toEqual([
      { userId: 'lihua', state: 'approved', fileVersion: 1 },
      { userId: 'fengtao', state: 'returned', fileVersion: 1 },
      { userId: 'hejun', state: 'closed', fileVersion: null },
      { userId: 'lihua', state: 'approved', fileVersion: 2 },
      { userId: 'fengtao', state: 'approved', fileVersion: 2 },
      { userId: 'hejun', state: 'approved', fileVersion: 2 },
    ]);

    // 签发: the 文号, the seal request linked and already approved (李华's 会签, 周敏's 签发): the keeper's card
    const signCard = await cardFor(t, 'zhoumin', 'F1');
    const keeper = mark(t, 'liuqiang');
    await press(t, 'zhoumin', signCard.taskId, 'outgoing_agree');
    expect(await waitForCardUpdate(t, signCard.taskId)).toBe('已签发 · 周敏 11-30 09:00');
    expect(await waitForText(t, 'zhoumin', '文号', { since: signer })).toBe(
      '已签发 F1《关于期末考试安排的通知》，文号：校发〔2026〕1号。用印申请 Y1 已提交，由王芳分发。',
    );
    const keeperCard = await cardFor(t, 'liuqiang', 'Y1');
    expect(cardFacts(keeperCard)).toMatchObject({
      title: '待用印 Y1',
      buttons: ['stamped', 'cannot_stamp'],
      rows: { 申请人: '陈浩（教务处）', 份数: '3份', 印章: '校章', 已审批: '李华 11-30 09:00；周敏 11-30 09:00' },
    });
    await t.quiesce();
    expect(receivedSince('liuqiang', keeper)).toEqual(['card:待用印 Y1']);
    expect(await waitForText(t, 'wangfang', '已签发（校发〔2026〕1号）')).toBe(
      'F1《关于期末考试安排的通知》已签发（校发〔2026〕1号）。用印申请 Y1 已提交。用印后请发送「分发 F1」，期限 12-07 18:00（周一）。',
    );
    expect(await waitForText(t, 'chenhao', '文号：校发〔2026〕1号')).toBe(
      '您拟稿的 F1《关于期末考试安排的通知》已签发，文号：校发〔2026〕1号。用印申请 Y1 已提交。',
    );
    const linked = await say(t, 'chenhao', '查询 F1', '【F1 发文】');
    expect(linked).toContain('【F1 发文】已签发，用印中\n关联：Y1（用印申请）');
    expect(linked).toContain('类型：校发；文号：校发〔2026〕1号');
    expect(linked).toContain('用印：Y1（已批准，待用印）');
    expect(linked).toContain('退回意见：\n· 11-30 09:00 冯涛：请补充学生返校安排');

    // the keeper taps 已用印: recorded as used by him; 查询 F1 shows the seal's new state
    const stampedSince = mark(t, 'chenhao');
    await press(t, 'liuqiang', keeperCard.taskId, 'stamped');
    expect(await waitForCardUpdate(t, keeperCard.taskId)).toBe('已用印 3份 · 刘强 11-30 09:00');
    expect(await waitForText(t, 'chenhao', 'Y1 已用印', { since: stampedSince })).toBe(
      'Y1 已用印：校章 3份，刘强 2026-11-30 09:00 登记（用印登记第1号）。',
    );
    expect(await t.db.prisma.sealRequest.findFirst({ where: { ref: 'Y1' } })).toMatchObject({
      state: 'used',
      relatedRef: 'F1',
      stampedCopies: 3,
    });
    expect(await t.db.prisma.sealRegisterEntry.findMany({ select: { requestRef: true, keeperId: true } })).toEqual([
      { requestRef: 'Y1', keeperId: 'liuqiang' },
    ]);
    expect(await say(t, 'chenhao', '查询 F1', '【F1 发文】')).toContain('用印：Y1（已用印）');
    expect(await say(t, 'chenhao', '查询 Y1', '【Y1 用印申请】')).toContain('关联：F1（所用印的发文）');

    // 分发: the heads and 何军 get a card [已收到] with the file right after; 区教育局 is outside
    const recipients = markEach(HEADS);
    expect(await say(t, 'wangfang', '分发 F1', '已分发')).toBe(
      [
        '已分发 F1《关于期末考试安排的通知》（校发〔2026〕1号）：',
        '主送：教务处（李华）、学生发展中心（冯涛）',
        '抄送：何军',
        '外部：区教育局（外部，无需确认）',
        '已请3人在 12-01 18:00（周二）前确认收到，全部确认后告诉您。',
      ].join('\n'),
    );
    await t.quiesce();
    expect(receivedByEach(recipients)).toEqual(
      each(HEADS, ['card:请签收 校发〔2026〕1号', 'file:期末考试安排-第2稿.docx']),
    );
    expect(await say(t, 'wangfang', '查询 F1', '【F1 发文】')).toContain(
      '分发：已确认 0/3（未确认：冯涛、李华、何军）',
    );
    const receipts = await Promise.all(HEADS.map((user) => cardFor(t, user, 'F1', 3)));
    expect(cardFacts(receipts[2]!)).toMatchObject({
      buttons: ['outgoing_received'],
      rows: { 文号: '校发〔2026〕1号', 送达: '抄送', 请确认: '12-01 18:00（周二）前' },
    });
    await press(t, 'lihua', receipts[0]!.taskId, 'outgoing_received');
    expect(await waitForCardUpdate(t, receipts[0]!.taskId)).toBe('已收到 · 李华 11-30 09:00');
    expect(await say(t, 'wangfang', '查询 F1', '【F1 发文】')).toContain('分发：已确认 1/3（未确认：冯涛、何军）');
    const distributor = mark(t, 'wangfang');
    for (const [index, user] of HEADS.entries())
      if (index > 0) await press(t, user, receipts[index]!.taskId, 'outgoing_received');
    expect(await waitForText(t, 'wangfang', '全部确认收到', { since: distributor })).toBe(
      'F1《关于期末考试安排的通知》（校发〔2026〕1号）的3位收件人已全部确认收到。',
    );
    expect(await say(t, 'wangfang', '查询 F1', '【F1 发文】')).toContain('分发：已确认 3/3');

    // 归档 by the archivist: the 档号 in 教务处's series
    expect(await say(t, 'zhuhong', '归档 F1 保管期限:30年', 'F1')).toBe(
      '已归档 F1《关于期末考试安排的通知》，档号：0194-WS·2026-D30-JWC-0001（文书，保管期限30年）。',
    );
    const archived = await say(t, 'chenhao', '查询 F1', '【F1 发文】');
    expect(archived).toContain('【F1 发文】已归档');
    expect(archived).toContain('档号：0194-WS·2026-D30-JWC-0001（文书，30年）');
    expect(await say(t, 'chenhao', '我的待办', /^您/)).not.toContain('F1');
    // nobody still has an open card or a waiting item on F1 or its seal request
    expect(await t.db.prisma.workItem.count({ where: { itemRef: { in: ['F1', 'Y1'] }, doneAt: null } })).toBe(0);
    expect(await t.db.prisma.card.count({ where: { itemRef: { in: ['F1', 'Y1'] }, status: 'open' } })).toBe(0);
  });

  it('cancelling a signed-off, undistributed document voids its 文号: the next document skips it, and the 发文登记簿 shows 作废', async () => {
    const drafted = await say(t, 'xieting', '发文 标题:关于调整作息时间的通知 类型:校发 主送:总务处', /^已登记发文/);
    const ref = /^已登记发文 (F\d+)/.exec(drafted)![1]!;
    const signed = await signOff(ref);
    expect(signed).toBe(
      `已签发 ${ref}《关于调整作息时间的通知》，文号：校发〔2026〕2号。用印申请 Y2 已提交，由杨雪分发。`,
    );

    // a head's seal card is waiting (教科室's head did not approve the draft)
    const sealCard = await cardFor(t, 'xuli', 'Y2');
    await t.quiesce();
    const drafter = mark(t, 'xieting');
    expect(await say(t, 'xieting', `取消 ${ref} 原因:作息方案未定`, '已撤销')).toBe(
      [
        `已撤销 ${ref}《关于调整作息时间的通知》。`,
        '文号 校发〔2026〕2号 已作废，不再使用。',
        '用印申请 Y2 已撤回。',
      ].join('\n'),
    );
    expect(await waitForCardUpdate(t, sealCard.taskId)).toBe(`${ref}已撤销`);
    await t.quiesce();
    // the one who withdrew it is not told again that it was withdrawn
    expect(textsSince(t, 'xieting', drafter)).toHaveLength(1);
    expect(await say(t, 'xieting', `查询 ${ref}`, `【${ref} 发文】`)).toContain('撤销原因：作息方案未定');

    // the next document gets 3号, never 2号
    const next = await say(t, 'xieting', '发文 标题:关于冬季安全检查的通知 类型:校发 主送:安全保卫处', /^已登记发文/);
    const nextRef = /^已登记发文 (F\d+)/.exec(next)![1]!;
    expect(await signOff(nextRef)).toContain('文号：校发〔2026〕3号。');

    // the register: 1号, 2号 作废 in its place with why, 3号
    const register = await t.service.prisma.$transaction(async (tx) => {
      const ctx = t.contextIn(tx);
      return outgoingRegister(ctx, {
        ...yearPeriod(2026, ctx.timezone),
        viewer: ctx.directory.person('wangfang')!,
      });
    });
    expect(register.map((row) => row.slice(0, 3))).toEqual([
      ['1', '校发〔2026〕1号', '关于期末考试安排的通知'],
      ['2', '校发〔2026〕2号', '作废'],
      ['3', '校发〔2026〕3号', '关于冬季安全检查的通知'],
    ]);
    expect(register[1]!.at(-1)).toBe(`作废：${ref} 撤销：作息方案未定；谢婷 2026-11-30`);
  });

  it('refuses with what a person would read: a stranger’s 重新提交, 分发 before sign-off, an unknown 会签 department, a bad 生效 date', async () => {
    const drafted = await say(t, 'liuyang', '发文 标题:关于课后服务的通知 类型:校发', /^已登记发文/);
    const ref = /^已登记发文 (F\d+)/.exec(drafted)![1]!;
    const before = await t.db.prisma.outgoingDocument.findFirstOrThrow({ where: { ref } });

    expect(await say(t, 'hejun', `重新提交 ${ref}`, ref)).toBe(`${ref} 只能由拟稿人刘洋重新提交。`);
    expect(await say(t, 'liuyang', `重新提交 ${ref}`, ref)).toBe(
      `${ref} 当前状态为「核稿中」，没有被退回，不需要重新提交。`,
    );
    expect(await say(t, 'yangxue', `分发 ${ref}`, ref)).toBe(
      `${ref} 当前状态为「核稿中」，不能「分发」。您现在可以：撤销。`,
    );
    expect(await say(t, 'liuyang', `分发 ${ref}`, '分发')).toBe(
      '「分发」只有综合办公室、办公室主任可以使用。发送「帮助」查看您可以使用的命令。',
    );
    expect(await say(t, 'zhuhong', `归档 ${ref} 保管期限:10年`, ref)).toBe(
      `${ref} 当前状态为「核稿中」，发文分发后才能归档。`,
    );
    // a tap on someone else's card
    const review = await cardFor(t, 'yangxue', ref);
    const stranger = mark(t, 'liuyang');
    await press(t, 'liuyang', review.taskId, 'outgoing_agree');
    expect(await waitForText(t, 'liuyang', ref, { since: stranger })).toBe(
      `${ref} 的这一步由杨雪处理，您不能代为操作。`,
    );
    await t.quiesce();
    expect(updatesOf(t, review.taskId)).toEqual([]);
    expect(await t.db.prisma.outgoingDocument.findFirstOrThrow({ where: { ref } })).toEqual(before);

    const documents = await t.db.prisma.outgoingDocument.count();
    expect(await say(t, 'zhangyan', '发文 标题:关于运动会的通知 类型:校发 会签:总务处、后勤处', '会签')).toBe(
      '会签：没有找到部门「后勤处」。可写的部门：校领导、综合办公室、党群工作部、教务处、学生发展中心、总务处、教科室、人事处、财务室、安全保卫处、信息中心、高一年级组。',
    );
    const ask = [
      '「生效」填什么？',
      '可写 2026-11-25、11月25日、明天、下周一、周五、3天后',
      '（回复「跳过」不填，回复「取消」放弃）',
    ];
    expect(await say(t, 'zhangyan', '发文 标题:关于运动会的通知 类型:校发 生效:13月40日', '生效')).toBe(
      ['生效「13月40日」不是有效的日期。', ...ask].join('\n'),
    );
    expect(await say(t, 'zhangyan', '2026-11-20', '生效')).toBe(
      ['生效「2026-11-20」已经过去了，请填写今后的时间，例如「明天上午9点」。', ...ask].join('\n'),
    );
    expect(await say(t, 'zhangyan', '取消', '取消')).toBe('已取消「发文」，没有做任何更改。');
    expect(await t.db.prisma.outgoingDocument.count()).toBe(documents);
    expect(cardsFor(t, 'yangxue', `F${documents + 1}`)).toEqual([]);
  });

  it('keeps a 机密 draft’s title, 主题词 and 附件 out of every message and every row, a question in between too', async () => {
    const words = ['拟任干部名单', '干部任免', '考察材料'];
    const asked = await say(
      t,
      'tangjie',
      '发文 标题:关于拟任干部名单的请示 密级:机密 主题词:干部任免 附件:考察材料 主送:人事处',
      '类型',
    );
    expect(asked).toBe(
      [
        '涉密文件不在本系统登记标题：您写的标题没有保存，只登记为「涉密件」。',
        '涉密文件不在本系统登记主题词和附件说明：您填写的没有保存。',
        '用哪个发文字号（类型），如 校发？',
        '可写任意文字（最多500字）',
        '（回复「取消」放弃）',
      ].join('\n'),
    );
    const question = await t.db.prisma.conversation.findFirstOrThrow({ where: { userId: 'tangjie' } });
    for (const word of words) expect(JSON.stringify(question.state)).not.toContain(word);
    const registered = await say(t, 'tangjie', '校办', /^已登记发文/);
    const ref = /^已登记发文 (F\d+)（机密）（校办）/.exec(registered)![1]!;
    expect(registered).toContain('机密文件不在本系统传输标题和正文，核稿、会签、签发请到综合办公室阅件。');
    const review = await cardFor(t, 'yangxue', ref);
    expect(cardFacts(review)).toMatchObject({
      title: `${ref}（机密）`,
      rows: { 编号: ref, 密级: '机密', 期限: '12-07 18:00（周一）', 阅处地点: '综合办公室' },
    });
    expect(await say(t, 'tangjie', `附件 ${ref}`, ref)).toBe(
      `${ref} 是机密文件，按保密规定正文不能发到本系统，请到综合办公室办理。`,
    );
    // withdrawn: its reason is words about it too
    expect(await say(t, 'tangjie', `取消 ${ref} 原因:拟任干部名单有变`, '已撤销')).toBe(`已撤销 ${ref}（机密）。`);
    expect(await waitForCardUpdate(t, review.taskId)).toBe('发文已撤销');
    await t.quiesce();

    const everything = JSON.stringify([t.fake.messages(), t.fake.cardUpdates()]);
    for (const word of words) expect(everything).not.toContain(word);
    // every row, the messages' own records (inbound_event) included
    const tables = await t.db.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    for (const { table_name: table } of tables) {
      const dump = await t.db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table}" t`);
      for (const { row } of dump) for (const word of words) expect(`${table}: ${row}`).not.toContain(word);
    }
    expect(await t.db.prisma.outgoingDocument.findFirstOrThrow({ where: { ref } })).toMatchObject({
      title: '涉密件',
      subjectWords: null,
      attachments: null,
      mainTo: '人事处',
      secrecy: '机密',
      state: 'cancelled',
      closingReason: '（涉密，原因请到综合办公室了解）',
    });
    const forgotten = await t.db.prisma.inboundEvent.count({
      where: { fromUserId: 'tangjie', payload: { path: ['Content'], equals: FORGOTTEN_TEXT } },
    });
    expect(forgotten).toBe(2);
  });

  /** 核稿 by 杨雪 and 签发 by the leader, through their cards; returns the leader's reply. */
  async function signOff(ref: string): Promise<string> {
    const review = await cardFor(t, 'yangxue', ref);
    await press(t, 'yangxue', review.taskId, 'outgoing_agree');
    await waitForCardUpdate(t, review.taskId);
    const leaderCard = await cardFor(t, 'zhoumin', ref);
    const since = mark(t, 'zhoumin');
    await press(t, 'zhoumin', leaderCard.taskId, 'outgoing_agree');
    return waitForText(t, 'zhoumin', '已签发', { since });
  }
});
