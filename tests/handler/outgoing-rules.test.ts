import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutgoingWorkflow } from '../../src/workflows/outgoing/outgoing-module.js';
import { sealOffers } from '../../src/workflows/seal/seal-offers.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { cardRows, cardTo as firstCardTo, sentTo, textTo } from '../support/sent-to.js';

/** The module as the app builds it; its hooks (附件, 归档) are called the way their builtins will. */
const outgoing = createOutgoingWorkflow({ seals: sealOffers });

/**
 * 发文 (spec 3.3, issue 12) at handler level, with the clock at Monday 30 November 2026, 09:00 in
 * Beijing. 陈浩 (教务处) drafts; the office (王芳, 刘强, 杨雪, 朱红, 马杰) reviews; department heads
 * co-sign; 周敏, 教务处's 分管校领导, signs off; 刘强 keeps the seals; 朱红 archives.
 */
describe('outgoing documents (发文), rule by rule', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: '2026-11-30T01:00:00Z' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const to = sentTo;
  const cardTo = (sent: Sent[], userId: string): Sent =>
    firstCardTo(sent, userId) ?? expect.fail(`no card to ${userId}`);
  const rows = cardRows;
  const refOf = (sent: Sent[]): string =>
    /已登记发文 (F\d+)/.exec(sent.map((message) => message.text).join('\n'))?.[1] ?? '';
  const OFFICE = ['wangfang', 'liuqiang', 'yangxue', 'zhuhong', 'majie'];

  /** The files sent since `mark` (outbox kind `file`), as `userid:fileName`. */
  async function filesSince(mark: bigint): Promise<string[]> {
    const files = await h.db.prisma.outboxMessage.findMany({
      where: { kind: 'file', id: { gt: mark } },
      orderBy: { id: 'asc' },
    });
    return files.map((file) => `${file.toUserId}:${(file.body as { fileName: string }).fileName}`);
  }
  async function outboxMark(): Promise<bigint> {
    const last = await h.db.prisma.outboxMessage.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    return last?.id ?? 0n;
  }

  /**
   * The drafter's next version of the document's file, sent as a person sends one (fetched and
   * stored by src/inbound, then the workflow's hook): right after 发文, or after 「附件 F<n>」.
   */
  async function sendDraftFile(ref: string, by: string, options: { afterAttach?: boolean } = {}): Promise<Sent[]> {
    if (options.afterAttach) await h.say(by, `附件 ${ref}`);
    const version = (await h.db.prisma.documentFile.count({ where: { itemRef: ref } })) + 1;
    return h.sendFile(by, { name: `${ref}-第${version}稿.docx`, bytes: Buffer.from(`${ref} 正文 第${version}稿`) });
  }

  async function draft(from: string, fields: string): Promise<{ ref: string; sent: Sent[] }> {
    const sent = await h.say(from, `发文 ${fields}`);
    return { ref: refOf(sent), sent };
  }

  /** Takes a draft through 核稿 (杨雪), every co-signer and 签发; returns what the sign-off sent. */
  async function approveAll(first: Sent[], cosigners: string[], leader = 'zhoumin'): Promise<Sent[]> {
    const reviewed = await h.tap('yangxue', cardTo(first, 'yangxue').taskId!, 'outgoing_agree');
    let last = reviewed;
    for (const head of cosigners) last = await h.tap(head, cardTo(reviewed, head).taskId!, 'outgoing_agree');
    return h.tap(leader, cardTo(last, leader).taskId!, 'outgoing_agree');
  }

  it('goes through review, a three-department co-sign returned once, a second round with a new file, sign-off, seal, distribution and archive', async () => {
    const { ref, sent } = await draft(
      'chenhao',
      '标题:关于期末考试安排的通知 类型:校发 会签:教务处、学生发展中心、总务处 主送:教务处、学生发展中心、区教育局 抄送:何军 附件:考试日程表 印发份数:3',
    );
    expect(ref).toBe('F1');
    expect(textTo(sent, 'chenhao')).toBe(
      [
        '已登记发文 F1《关于期末考试安排的通知》（校发），拟稿：陈浩。',
        '审批顺序：王芳或刘强或杨雪或朱红或马杰（核稿） → 李华、冯涛、何军（会签） → 周敏（签发）',
        '应于 12-07 18:00（周一）前印发。',
        '请现在把正文文件（Word 或 PDF）发给我，30分钟内发来的文件会附到 F1；以后可发送「附件 F1」再发。',
        '发送「查询 F1」随时查看进度。',
      ].join('\n'),
    );
    // 核稿: any one of the office; the drafter's next file is expected for F1
    expect(sent.filter((message) => message.kind === 'card').map((card) => card.to)).toEqual(OFFICE);
    const review = cardTo(sent, 'yangxue');
    expect(review).toMatchObject({ text: '核稿 F1', buttons: ['outgoing_agree', 'outgoing_return'] });
    expect(review.card?.main_title.desc).toBe('核稿 · 第1/3步');
    expect(review.card?.sub_title_text).toBe('《关于期末考试安排的通知》\n正文尚未附上，请向拟稿人索取');
    expect(rows(review)).toEqual({
      类型: '校发',
      拟稿: '陈浩（教务处）',
      缓急: '平件',
      会签: '教务处、学生发展中心、总务处',
      签发: '周敏',
      印发期限: '12-07 18:00（周一）',
    });
    expect(await h.db.prisma.expectedFile.findFirst({ where: { userId: 'chenhao' } })).toMatchObject({ itemRef: 'F1' });
    expect(textTo(await h.say('yangxue', '我的待办'), 'yangxue')).toContain(
      'F1 发文核稿｜陈浩（教务处）｜校发《关于期末考试安排的通知》｜期限 12-07 18:00',
    );

    // the file arrives while 核稿 waits: every office holder gets it beside their card
    let mark = await outboxMark();
    const attached = await sendDraftFile('F1', 'chenhao');
    expect(textTo(attached, 'chenhao')).toMatch(
      /^已收到 F1 的文件《F1-第1稿\.docx》：第1版，.+。\n已另发给正在核稿的王芳、刘强、杨雪、朱红、马杰。$/,
    );
    expect(await filesSince(mark)).toEqual(OFFICE.map((userId) => `${userId}:F1-第1稿.docx`));

    // 杨雪 reviews: the others' cards close saying who; the three heads get their cards and the file at once
    mark = await outboxMark();
    const reviewed = await h.tap('yangxue', review.taskId!, 'outgoing_agree');
    expect(to(reviewed, 'yangxue')).toEqual([
      { to: 'yangxue', kind: 'card_update', text: '已同意 · 杨雪 11-30 09:00', taskId: review.taskId },
    ]);
    for (const userId of ['wangfang', 'liuqiang', 'zhuhong', 'majie'])
      expect(to(reviewed, userId)).toEqual([expect.objectContaining({ kind: 'card_update', text: '已由杨雪同意' })]);
    for (const head of ['lihua', 'fengtao', 'hejun']) {
      expect(cardTo(reviewed, head)).toMatchObject({ text: '会签 F1' });
      expect(cardTo(reviewed, head).card?.sub_title_text).toBe('《关于期末考试安排的通知》\n正文见下一条文件（第1版）');
    }
    expect(await filesSince(mark)).toEqual(['lihua', 'fengtao', 'hejun'].map((userId) => `${userId}:F1-第1稿.docx`));
    expect(textTo(reviewed, 'chenhao')).toBe(
      'F1《关于期末考试安排的通知》：杨雪核稿同意，现在等待李华、冯涛、何军会签。',
    );
    expect(await h.db.prisma.outgoingDocument.findFirst({ where: { ref: 'F1' } })).toMatchObject({
      state: 'cosigning',
      reviewedBy: 'yangxue',
    });

    // one head agrees; another returns it with a reason typed in chat; the third's card closes
    await h.tap('lihua', cardTo(reviewed, 'lihua').taskId!, 'outgoing_agree');
    expect(textTo(await h.say('chenhao', '查询 F1'), 'chenhao')).toContain(
      '会签：已同意 1/3（教务处）；待 学生发展中心、总务处',
    );
    const asked = await h.tap('fengtao', cardTo(reviewed, 'fengtao').taskId!, 'outgoing_return');
    expect(textTo(asked, 'fengtao')).toBe(
      '退回 F1《关于期末考试安排的通知》（会签）的原因是什么？需要怎么修改？\n原因会转告拟稿人，修改后重新提交。请直接回复；回复「取消」放弃退回。',
    );
    const returned = await h.say('fengtao', '请补充学生返校安排');
    expect(textTo(returned, 'fengtao')).toBe('已退回 F1，原因已转告拟稿人陈浩。');
    expect(textTo(returned, 'chenhao')).toBe(
      '您拟稿的 F1《关于期末考试安排的通知》被冯涛（学生发展中心）会签时退回。\n原因：请补充学生返校安排\n请修改后发送「附件 F1」发来新版本（第2版），再发送「重新提交 F1」。',
    );
    expect(to(returned, 'hejun')).toEqual([expect.objectContaining({ kind: 'card_update', text: '已由冯涛退回' })]);
    expect(textTo(await h.say('chenhao', '我的待办'), 'chenhao')).toContain('F1 发文退回修改｜陈浩（教务处）');

    // 重新提交 needs the new version first
    expect(textTo(await h.say('chenhao', '重新提交 F1'), 'chenhao')).toBe(
      'F1 退回时的正文是第1版，还没有收到修改稿。请先发送「附件 F1」，把修改后的文件发给我，再发送「重新提交 F1」。',
    );
    expect(textTo(await sendDraftFile('F1', 'chenhao', { afterAttach: true }), 'chenhao')).toMatch(
      /^已收到 F1 的文件《F1-第2稿\.docx》：第2版，.+。\n修改完成后请发送「重新提交 F1」，新一轮核稿、会签、签发会用这一版。$/,
    );
    mark = await outboxMark();
    const resubmitted = await h.say('chenhao', '重新提交 F1');
    expect(textTo(resubmitted, 'chenhao')).toBe(
      [
        '已重新提交 F1《关于期末考试安排的通知》（第2轮）。',
        '审批顺序：王芳或刘强或杨雪或朱红或马杰（核稿） → 李华、冯涛、何军（会签） → 周敏（签发）',
        '现在等待王芳或刘强或杨雪或朱红或马杰核稿。',
      ].join('\n'),
    );
    const secondReview = cardTo(resubmitted, 'wangfang');
    expect(secondReview.taskId).not.toBe(cardTo(sent, 'wangfang').taskId);
    expect(secondReview.card?.main_title.desc).toBe('核稿 · 第1/3步 · 第2轮');
    expect(await filesSince(mark)).toEqual(OFFICE.map((userId) => `${userId}:F1-第2稿.docx`));
    expect(textTo(await h.say('chenhao', '我的待办'), 'chenhao')).not.toContain('F1');

    // round 2: 王芳 reviews, all three co-sign (the file they saw is recorded), 周敏 signs off
    const reviewedAgain = await h.tap('wangfang', secondReview.taskId!, 'outgoing_agree');
    await h.tap('lihua', cardTo(reviewedAgain, 'lihua').taskId!, 'outgoing_agree');
    await h.tap('fengtao', cardTo(reviewedAgain, 'fengtao').taskId!, 'outgoing_agree');
    const cosigned = await h.tap('hejun', cardTo(reviewedAgain, 'hejun').taskId!, 'outgoing_agree');
    expect(cardTo(cosigned, 'zhoumin')).toMatchObject({
      text: '签发 F1',
      buttons: ['outgoing_agree', 'outgoing_return'],
    });
    expect(textTo(cosigned, 'chenhao')).toBe(
      'F1《关于期末考试安排的通知》：何军（总务处）会签同意，现在等待周敏签发。',
    );
    const seen = await h.db.prisma.approvalHolder.findMany({
      where: { step: { approval: { itemRef: 'F1' } }, userId: 'fengtao' },
      orderBy: { id: 'asc' },
      select: { state: true, fileVersion: true },
    });
    expect(seen).toEqual([
      { state: 'returned', fileVersion: 1 },
      { state: 'approved', fileVersion: 2 },
    ]);

    const signed = await h.tap('zhoumin', cardTo(cosigned, 'zhoumin').taskId!, 'outgoing_agree');
    expect(to(signed, 'zhoumin')[0]).toMatchObject({ kind: 'card_update', text: '已签发 · 周敏 11-30 09:00' });
    expect(textTo(signed, 'zhoumin')).toBe(
      '已签发 F1《关于期末考试安排的通知》，文号：校发〔2026〕1号。用印申请 Y1 已提交，由王芳分发。',
    );
    // the seal request counts the 会签 of 教务处's head and the 签发 of its 分管领导: nothing left to
    // approve, so it goes straight to the keeper, whose card lists both
    const keeper = cardTo(signed, 'liuqiang');
    expect(keeper).toMatchObject({ text: '待用印 Y1', buttons: ['stamped', 'cannot_stamp'] });
    expect(keeper.card?.sub_title_text).toBe('事由：印发 校发〔2026〕1号（关联 F1）');
    expect(rows(keeper)).toMatchObject({
      申请人: '陈浩（教务处）',
      文件: '关于期末考试安排的通知',
      份数: '3份',
      印章: '校章',
      已审批: '李华 11-30 09:00；周敏 11-30 09:00',
    });
    expect(textTo(signed, 'chenhao')).toBe(
      [
        '已为 F1 提交用印申请 Y1（校章 3份《关于期末考试安排的通知》）。',
        '审批已在 F1 完成，已通知印章管理员用印。',
        '您拟稿的 F1《关于期末考试安排的通知》已签发，文号：校发〔2026〕1号。用印申请 Y1 已提交。',
      ].join('\n'),
    );
    expect(textTo(signed, 'wangfang')).toBe(
      'F1《关于期末考试安排的通知》已签发（校发〔2026〕1号）。用印申请 Y1 已提交。用印后请发送「分发 F1」，期限 12-07 18:00（周一）。',
    );
    expect(await h.db.prisma.outgoingDocument.findFirst({ where: { ref: 'F1' } })).toMatchObject({
      state: 'sealing',
      round: 2,
      documentNumber: '校发〔2026〕1号',
      numberScope: '发文:xiaofa:2026',
      numberSeq: 1,
      signedBy: 'zhoumin',
      sealRequestRef: 'Y1',
    });
    expect(await h.db.prisma.itemLink.findFirst({ where: { fromRef: 'Y1', toRef: 'F1' } })).toMatchObject({
      kind: 'seal_for',
    });
    expect(textTo(await h.say('wangfang', '我的待办'), 'wangfang')).toContain(
      'F1 发文分发｜陈浩（教务处）｜校发《关于期末考试安排的通知》｜期限 12-07 18:00',
    );
    const status = textTo(await h.say('chenhao', '查询 F1'), 'chenhao');
    expect(status).toContain('【F1 发文】已签发，用印中\n关联：Y1（用印申请）\n标题：《关于期末考试安排的通知》');
    expect(status).toContain('类型：校发；文号：校发〔2026〕1号');
    expect(status).toContain('审批（第2轮）：王芳（核稿） → 李华、冯涛、何军（会签） → 周敏（签发）');
    expect(status).toContain('正文：第2版（陈浩 11-30 09:00）');
    expect(status).toContain('用印：Y1（已批准，待用印）');
    expect(status).toContain('时限：应于 12-07 18:00（周一）前印发，已按时签发');
    expect(status).toContain('退回意见：\n· 11-30 09:00 冯涛：请补充学生返校安排');
    expect(status).toContain('冯涛 退回：冯涛（学生发展中心）会签时退回：请补充学生返校安排');
    expect(status).toContain('周敏 签发：文号 校发〔2026〕1号');
    // a signed text does not change
    expect(textTo(await h.say('chenhao', '附件 F1'), 'chenhao')).toBe(
      'F1 当前状态为「已签发，用印中」：签发后的正文不能再更改。',
    );

    // 分发 while the keeper has not stamped yet: departments' heads and a person confirm; 区教育局 is outside
    h.clock.advance(3600_000);
    mark = await outboxMark();
    const distributed = await h.say('wangfang', '分发 F1');
    expect(textTo(distributed, 'wangfang')).toBe(
      [
        '已分发 F1《关于期末考试安排的通知》（校发〔2026〕1号）：',
        '主送：教务处（李华）、学生发展中心（冯涛）',
        '抄送：何军',
        '外部：区教育局（外部，无需确认）',
        '已请3人在 12-01 18:00（周二）前确认收到，全部确认后告诉您。',
        '注意：用印申请 Y1 还没有用印（已批准，待用印），纸质件请盖章后再发出。',
      ].join('\n'),
    );
    const receipt = cardTo(distributed, 'hejun');
    expect(receipt).toMatchObject({ text: '请签收 校发〔2026〕1号', buttons: ['outgoing_received'] });
    expect(rows(receipt)).toMatchObject({ 文号: '校发〔2026〕1号', 送达: '抄送', 请确认: '12-01 18:00（周二）前' });
    expect(await filesSince(mark)).toEqual(['lihua', 'fengtao', 'hejun'].map((userId) => `${userId}:F1-第2稿.docx`));
    expect(textTo(await h.say('wangfang', '我的待办'), 'wangfang')).not.toContain('F1');
    expect(textTo(await h.say('hejun', '我的待办'), 'hejun')).toContain('F1 发文签收｜陈浩（教务处）');

    await h.tap('lihua', cardTo(distributed, 'lihua').taskId!, 'outgoing_received');
    expect(textTo(await h.say('wangfang', '查询 F1'), 'wangfang')).toContain('分发：已确认 1/3（未确认：冯涛、何军）');
    await h.tap('fengtao', cardTo(distributed, 'fengtao').taskId!, 'outgoing_received');
    const last = await h.tap('hejun', receipt.taskId!, 'outgoing_received');
    expect(to(last, 'hejun')).toEqual([
      { to: 'hejun', kind: 'card_update', text: '已收到 · 何军 11-30 10:00', taskId: receipt.taskId },
    ]);
    expect(textTo(last, 'wangfang')).toBe('F1《关于期末考试安排的通知》（校发〔2026〕1号）的3位收件人已全部确认收到。');
    expect(
      await h.db.prisma.documentDistribution.findMany({
        where: { document: { ref: 'F1' } },
        orderBy: { recipientId: 'asc' },
        select: { recipientId: true, departmentId: true, copyKind: true, confirmedAt: true },
      }),
    ).toEqual([
      { recipientId: 'fengtao', departmentId: 'student', copyKind: 'main', confirmedAt: expect.any(Date) },
      { recipientId: 'hejun', departmentId: null, copyKind: 'copy', confirmedAt: expect.any(Date) },
      { recipientId: 'lihua', departmentId: 'academic', copyKind: 'main', confirmedAt: expect.any(Date) },
    ]);

    // 归档 by the archivist: the 档号 in 教务处's series
    expect(textTo(await h.say('zhuhong', '归档 F1 保管期限:30年'), 'zhuhong')).toBe(
      '已归档 F1《关于期末考试安排的通知》，档号：0194-WS·2026-D30-JWC-0001（文书，保管期限30年）。',
    );
    const final = textTo(await h.say('chenhao', '查询 F1'), 'chenhao');
    expect(final).toContain('【F1 发文】已归档');
    expect(final).toContain('分发：已确认 3/3');
    expect(final).toContain('档号：0194-WS·2026-D30-JWC-0001（文书，30年）');
    expect(final).toContain('（更早的');
    // 档案检索 finds it by its title and by its 文号
    for (const words of ['期末考试', '校发〔2026〕1号'])
      expect(textTo(await h.say('chenhao', `查找 ${words}`), 'chenhao')).toContain(
        'F1 校发〔2026〕1号《关于期末考试安排的通知》 教务处 11-30',
      );
    expect(final.split('\n').filter((line) => line.startsWith('· ') && !line.includes('：请补充'))).toHaveLength(12);
  });

  it('numbers a series in order (校发 1号, 2号; 校办 its own 1号); a seal step not yet given is asked', async () => {
    const { ref, sent } = await draft('xieting', '关于寒假值班安排的通知 类型:校发 缓急:特急');
    expect(textTo(sent, 'xieting')).toContain('应于 12-01 10:00（周二）前印发（特急）。');
    expect(cardTo(sent, 'yangxue').card?.main_title.desc).toBe('核稿 · 第1/2步 · 特急');
    expect(rows(cardTo(sent, 'yangxue'))['缓急']).toBe('特急！');
    // the deadline the org's urgent_issue_hours gives, not a number written into the card
    expect(rows(cardTo(sent, 'yangxue'))['印发期限']).toMatch(/^12-01 10:00/);
    const signed = await approveAll(sent, []);
    expect(textTo(signed, 'zhoumin')).toContain(`已签发 ${ref}《关于寒假值班安排的通知》，文号：校发〔2026〕2号。`);
    // 教科室's head did not approve the draft: the seal request asks 徐丽, with 周敏's 签发 counted
    const sealCard = cardTo(signed, 'xuli');
    expect(sealCard).toMatchObject({ text: '用印审批 Y2', buttons: ['approve', 'reject'] });
    expect(sealCard.card?.main_title.desc).toBe('第1/2步 · 部门负责人');
    expect(rows(sealCard)['已审批']).toBe('周敏 11-30 10:00');
    expect(to(signed, 'liuqiang')).toEqual([]);
    expect(textTo(signed, 'xieting')).toContain(
      '审批顺序：徐丽（部门负责人） → 周敏（分管校领导，已同意） → 刘强（用印）\n现在等待徐丽审批。',
    );
    expect(textTo(await h.say('xieting', '查询 Y2'), 'xieting')).toContain(
      `审批顺序：徐丽（部门负责人） → 周敏（分管校领导，已在 ${ref} 签发） → 刘强（用印）`,
    );

    const other = await draft('xieting', '标题:关于教研组长例会的通知 类型:校办');
    expect(textTo(await approveAll(other.sent, []), 'zhoumin')).toContain('文号：校办〔2026〕1号。');
  });

  it('cancelling a signed, undistributed document voids its 文号 and withdraws its seal request; the next number is never the voided one', async () => {
    const { ref, sent } = await draft('chenhao', '标题:关于调整作息时间的通知 类型:校发 会签:总务处 主送:总务处');
    const signed = await approveAll(sent, ['hejun']);
    expect(textTo(signed, 'zhoumin')).toContain('文号：校发〔2026〕3号');
    const sealRef = /用印申请 (Y\d+)/.exec(textTo(signed, 'zhoumin'))![1]!;
    const sealCard = cardTo(signed, 'lihua');

    expect(textTo(await h.say('hejun', `取消 ${ref} 原因:不需要了`), 'hejun')).toBe(
      `${ref} 只能由拟稿人陈浩或综合办公室撤销。`,
    );
    const cancelled = await h.say('chenhao', `取消 ${ref} 原因:作息方案未定`);
    expect(textTo(cancelled, 'chenhao')).toBe(
      [
        `已撤销 ${ref}《关于调整作息时间的通知》。`,
        '文号 校发〔2026〕3号 已作废，不再使用。',
        `用印申请 ${sealRef} 已撤回。`,
      ].join('\n'),
    );
    expect(to(cancelled, 'lihua')).toContainEqual(
      expect.objectContaining({ kind: 'card_update', taskId: sealCard.taskId, text: `${ref}已撤销` }),
    );
    expect(textTo(cancelled, 'lihua')).toContain(`因 ${ref} 撤销而撤回，无需再处理。`);
    expect(textTo(cancelled, 'yangxue')).toBe(
      `${ref}《关于调整作息时间的通知》已由陈浩撤销，无需再处理。原因：作息方案未定`,
    );
    expect(await h.db.prisma.numberVoid.findMany({ select: { scope: true, number: true, reason: true } })).toEqual([
      { scope: '发文:xiaofa:2026', number: 3, reason: `${ref} 撤销：作息方案未定` },
    ]);
    expect(await h.db.prisma.sealRequest.findFirst({ where: { ref: sealRef } })).toMatchObject({ state: 'cancelled' });
    expect(await h.db.prisma.workItem.count({ where: { itemRef: { in: [ref, sealRef] }, doneAt: null } })).toBe(0);

    const next = await draft('chenhao', '标题:关于冬季安全检查的通知 类型:校发 主送:安全保卫处');
    expect(textTo(await approveAll(next.sent, []), 'zhoumin')).toContain('文号：校发〔2026〕4号');
    await h.say('yangxue', `分发 ${next.ref}`);
    expect(textTo(await h.say('yangxue', `取消 ${next.ref} 原因:写错了`), 'yangxue')).toBe(
      `${next.ref} 已分发，不能撤销。如需废止，请另行发文。`,
    );
  });

  it('cancelling before sign-off closes every card and work item; nothing is numbered', async () => {
    const { ref, sent } = await draft('chenhao', '标题:关于图书借阅的通知 类型:校发');
    const cancelled = await h.say('yangxue', `取消 ${ref} 原因:拟稿部门撤回`);
    expect(textTo(cancelled, 'yangxue')).toBe(`已撤销 ${ref}《关于图书借阅的通知》。`);
    for (const userId of OFFICE)
      expect(to(cancelled, userId)).toContainEqual(
        expect.objectContaining({ kind: 'card_update', taskId: cardTo(sent, userId).taskId, text: '发文已撤销' }),
      );
    expect(textTo(cancelled, 'chenhao')).toBe(
      `${ref}《关于图书借阅的通知》已由杨雪撤销，无需再处理。原因：拟稿部门撤回`,
    );
    expect(await h.db.prisma.workItem.count({ where: { itemRef: ref, doneAt: null } })).toBe(0);
    expect(textTo(await h.tap('wangfang', cardTo(sent, 'wangfang').taskId!, 'outgoing_agree'), 'wangfang')).toContain(
      '已失效',
    );
  });

  it('keeps a 秘密 document to its reference, 密级 and deadline in every message and every stored row', async () => {
    const secretWords = ['干部任免', '人事调整', '拟任名单'];
    const { ref, sent } = await draft(
      'chenhao',
      '标题:关于干部任免的请示 类型:校发 密级:秘密 主题词:人事调整 附件:拟任名单 会签:人事处 主送:人事处',
    );
    expect(textTo(sent, 'chenhao')).toBe(
      [
        '涉密文件不在本系统登记标题：您写的标题没有保存，只登记为「涉密件」。',
        '涉密文件不在本系统登记主题词和附件说明：您填写的没有保存。',
        `已登记发文 ${ref}（秘密）（校发），拟稿：陈浩。`,
        '审批顺序：王芳或刘强或杨雪或朱红或马杰（核稿） → 高静（会签） → 周敏（签发）',
        '应于 12-07 18:00（周一）前印发。',
        '秘密文件不在本系统传输标题和正文，核稿、会签、签发请到综合办公室阅件。',
        `发送「查询 ${ref}」随时查看进度。`,
      ].join('\n'),
    );
    const review = cardTo(sent, 'yangxue');
    expect(review.card).toMatchObject({
      main_title: { title: `${ref}（秘密）`, desc: '核稿 · 第1/3步' },
      sub_title_text: '涉密件：内容不在此显示，请到综合办公室阅处。',
      horizontal_content_list: [
        { keyname: '编号', value: ref },
        { keyname: '密级', value: '秘密' },
        { keyname: '期限', value: '12-07 18:00（周一）' },
        { keyname: '阅处地点', value: '综合办公室' },
      ],
    });
    expect(textTo(await h.say('chenhao', `附件 ${ref}`), 'chenhao')).toBe(
      `${ref} 是秘密文件，按保密规定正文不能发到本系统，请到综合办公室办理。`,
    );

    // a 退回 asks for no words: it goes back at once, and the drafter hears it at the office
    const reviewed = await h.tap('yangxue', review.taskId!, 'outgoing_agree');
    const returned = await h.tap('gaojing', cardTo(reviewed, 'gaojing').taskId!, 'outgoing_return');
    expect(textTo(returned, 'gaojing')).toBe(`已退回 ${ref}（秘密）。退回意见请当面告知拟稿人陈浩。`);
    expect(textTo(returned, 'chenhao')).toBe(
      `${ref}（秘密）被高静（人事处）会签时退回，退回意见请到综合办公室了解。修改后请发送「重新提交 ${ref}」。`,
    );
    const again = await h.say('chenhao', `重新提交 ${ref}`);
    expect(textTo(again, 'chenhao')).toContain(`已重新提交 ${ref}（秘密）（第2轮）。`);
    const signed = await approveAll(again, ['gaojing']);
    expect(textTo(signed, 'zhoumin')).toContain(`已签发 ${ref}（秘密），文号：校发〔2026〕5号。`);
    const distributed = await h.say('yangxue', `分发 ${ref}`);
    expect(cardTo(distributed, 'gaojing').card?.horizontal_content_list).toEqual([
      { keyname: '编号', value: ref },
      { keyname: '密级', value: '秘密' },
      { keyname: '期限', value: '12-01 18:00（周二）' },
      { keyname: '阅处地点', value: '综合办公室' },
    ]);
    const status = textTo(await h.say('gaojing', `查询 ${ref}`), 'gaojing');
    expect(status).toContain('密级：秘密（标题和正文请到综合办公室阅件）');
    // a member of the drafting department does not see a secret document; one of an ordinary one does
    expect(textTo(await h.say('zhangyan', `查询 ${ref}`), 'zhangyan')).toBe(
      `没有找到 ${ref}，或您无权查看。请核对编号。`,
    );
    expect(textTo(await h.say('zhangyan', '查询 F1'), 'zhangyan')).toContain('【F1 发文】');

    // every message the service wrote and every row it stored
    const document = await h.db.prisma.outgoingDocument.findFirstOrThrow({ where: { ref } });
    expect(document).toMatchObject({ title: '涉密件', subjectWords: null, attachments: null, secrecy: '秘密' });
    expect(await h.db.prisma.documentNote.count({ where: { itemRef: ref } })).toBe(0);
    expect(await h.db.prisma.documentFile.count({ where: { itemRef: ref } })).toBe(0);
    expect(
      await h.db.prisma.approvalHolder.count({
        where: { step: { approval: { itemRef: ref } }, comment: { not: null } },
      }),
    ).toBe(0);
    const tables = await h.db.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    for (const { table_name: table } of tables) {
      const dump = await h.db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table}" t`);
      for (const { row } of dump) for (const word of secretWords) expect(`${table}: ${row}`).not.toContain(word);
    }
  });

  it('keeps a 机密 draft’s 主题词 and 附件 out of the conversation row while the bot asks for its 类型', async () => {
    const secretWords = ['学籍异动', '转学名单'];
    const asked = await h.say('chenhao', '发文 密级:机密 主题词:学籍异动 附件:转学名单 主送:教务处');
    expect(textTo(asked, 'chenhao')).toMatch(
      /^涉密文件不在本系统登记主题词和附件说明：您填写的没有保存。\n用哪个发文字号（类型），如 校发？/,
    );
    const waiting = await h.db.prisma.conversation.findFirstOrThrow({ where: { userId: 'chenhao' } });
    expect(JSON.stringify(waiting.state)).toContain('教务处');
    for (const word of secretWords) expect(JSON.stringify(waiting.state)).not.toContain(word);

    const registered = textTo(await h.say('chenhao', '校发'), 'chenhao');
    expect(registered).toMatch(/^已登记发文 F\d+（机密）（校发），拟稿：陈浩。/);
    expect(registered).not.toContain('主题词');
    const ref = /已登记发文 (F\d+)/.exec(registered)![1]!;
    expect(await h.db.prisma.outgoingDocument.findFirstOrThrow({ where: { ref } })).toMatchObject({
      title: '涉密件',
      subjectWords: null,
      attachments: null,
      mainTo: '教务处',
    });
    expect(await h.db.prisma.conversation.count({ where: { userId: 'chenhao' } })).toBe(0);
    // an ordinary draft keeps both, and is never asked for them
    const plain = textTo(await h.say('chenhao', '发文 标题:关于学籍核查的通知 主题词:学籍 附件:核查表'), 'chenhao');
    expect(plain).toMatch(/^用哪个发文字号（类型），如 校发？/);
    const plainRef = /已登记发文 (F\d+)/.exec(textTo(await h.say('chenhao', '校发'), 'chenhao'))![1]!;
    expect(await h.db.prisma.outgoingDocument.findFirstOrThrow({ where: { ref: plainRef } })).toMatchObject({
      subjectWords: '学籍',
      attachments: '核查表',
    });
    await h.say('chenhao', `取消 ${ref} 原因:改为纸质流转`);
    await h.say('chenhao', `取消 ${plainRef} 原因:重复`);
  });

  it('a suspended seal does not undo a sign-off: the document is issued, the office told, and 分发 still possible', async () => {
    await h.say('liuqiang', '印章异常 印章:校章 说明:印章送修');
    const { ref, sent } = await draft('chenhao', '标题:关于消防演练的通知 类型:校办 主送:安全保卫处');
    const signed = await approveAll(sent, []);
    expect(textTo(signed, 'zhoumin')).toBe(`已签发 ${ref}《关于消防演练的通知》，文号：校办〔2026〕2号。由杨雪分发。`);
    expect(textTo(signed, 'yangxue')).toBe(
      `${ref}《关于消防演练的通知》已签发（校办〔2026〕2号）。用印申请没有提交成功：印章「校章」已暂停使用（印章送修），暂不能申请。恢复后会另行通知。请综合办公室处理后用「用印 … 关联:${ref}」提交。用印后请发送「分发 ${ref}」，期限 12-07 18:00（周一）。`,
    );
    expect(await h.db.prisma.outgoingDocument.findFirst({ where: { ref } })).toMatchObject({
      state: 'issued',
      sealRequestRef: null,
    });
    expect(await h.db.prisma.sealRequest.count({ where: { relatedRef: ref } })).toBe(0);
    expect(textTo(await h.say('yangxue', `分发 ${ref}`), 'yangxue')).toContain(
      `已分发 ${ref}《关于消防演练的通知》（校办〔2026〕2号）：\n主送：安全保卫处（罗伟）`,
    );
    await h.say('wangfang', '印章恢复 印章:校章');
  });

  it('refuses what a person may not do, with the reason and what is possible now', async () => {
    const said = async (from: string, text: string) => textTo(await h.say(from, text), from);
    expect(await said('chenhao', '发文 标题:关于运动会的通知 类型:区发')).toBe(
      '没有「区发」这个发文字号系列。现有：校发、校办。',
    );
    expect(await said('chenhao', '发文 标题:关于运动会的通知 类型:校发 会签:总务处、财务处、后勤处')).toBe(
      '会签：没有找到部门「财务处」「后勤处」。可写的部门：校领导、综合办公室、党群工作部、教务处、学生发展中心、总务处、教科室、人事处、财务室、安全保卫处、信息中心、高一年级组。',
    );
    expect(await said('chenhao', '发文 标题:关于运动会的通知 类型:校发 签发:李华')).toBe(
      '李华不是校领导。「签发」请写签发这份发文的校领导。',
    );
    expect(await said('zhoumin', '发文 标题:关于运动会的通知 类型:校发 签发:周敏')).toBe(
      '签发人不能是拟稿人本人。请在「签发」中写另一位校领导。',
    );
    const badDate = await said('chenhao', '发文 标题:关于运动会的通知 类型:校发 生效:13月40日');
    expect(badDate).toContain('生效「13月40日」不是有效的日期。');
    await h.say('chenhao', '取消');
    // the title is asked for an ordinary document, never for a secret one
    expect(await said('chenhao', '发文 类型:校发')).toContain('发文的标题是什么？');
    expect(await said('chenhao', '关于运动会的通知')).toMatch(/^已登记发文 F\d+《关于运动会的通知》（校发）/);
    expect(await said('chenhao', '发文 类型:校发 密级:机密')).toMatch(/^已登记发文 F\d+（机密）（校发）/);

    const { ref, sent } = await draft('chenhao', '标题:关于课后服务的通知 类型:校发');
    expect(await said('lihua', `重新提交 ${ref}`)).toBe(`${ref} 只能由拟稿人陈浩重新提交。`);
    expect(await said('chenhao', `重新提交 ${ref}`)).toBe(`${ref} 当前状态为「核稿中」，没有被退回，不需要重新提交。`);
    expect(await said('chenhao', `分发 ${ref}`)).toMatch(/^「分发」只有.*可以使用。/);
    expect(await said('yangxue', `分发 ${ref}`)).toBe(`${ref} 当前状态为「核稿中」，不能「分发」。您现在可以：撤销。`);
    expect(textTo(await h.tap('chenhao', cardTo(sent, 'yangxue').taskId!, 'outgoing_agree'), 'chenhao')).toBe(
      `${ref} 的这一步由杨雪处理，您不能代为操作。`,
    );
    expect(await said('zhuhong', `归档 ${ref} 保管期限:10年`)).toBe(
      `${ref} 当前状态为「核稿中」，发文分发后才能归档。`,
    );
    expect(await said('zhuhong', '归档 F1 保管期限:10年')).toBe('F1 已归档，档号 0194-WS·2026-D30-JWC-0001。');
    await expect(actAs(h, 'chenhao', (ctx) => outgoing.archive!(ctx, 'F1', { retention: '10年' }))).rejects.toThrow(
      '只有综合办公室、档案员和系统管理员可以归档。',
    );
    expect(textTo(await h.say('lihua', `附件 ${ref}`), 'lihua')).toBe(
      `只有拟稿人陈浩或综合办公室可以给 ${ref} 附正文。`,
    );
    expect(await said('wanglei', `查询 ${ref}`)).toBe(`没有找到 ${ref}，或您无权查看。请核对编号。`);
  });

  it('a co-sign handed on with 转交 reaches the new holder as a 会签 card and 我的待办 line', async () => {
    const { ref, sent } = await draft('xieting', '标题:关于教研成果评选的通知 类型:校发 会签:教务处');
    await h.tap('yangxue', cardTo(sent, 'yangxue').taskId!, 'outgoing_agree');
    await sendDraftFile(ref, 'xieting');
    const mark = await outboxMark();
    const moved = await h.say('lihua', `转交 ${ref} 给:张岩 原因:出差`);
    expect(cardTo(moved, 'zhangyan')).toMatchObject({ text: `会签 ${ref}` });
    // the file goes with the step
    expect(await filesSince(mark)).toEqual([`zhangyan:${ref}-第1稿.docx`]);
    expect(textTo(await h.say('zhangyan', '我的待办'), 'zhangyan')).toContain(`${ref} 发文会签｜谢婷（教科室）`);
  });

  it('帮助 发文 explains the command and how the document goes on', async () => {
    const help = textTo(await h.say('lvxiao', '帮助 发文'), 'lvxiao');
    expect(help).toMatch(/^【发文】拟写发文：/);
    expect(help).toContain('· 标题（必填）');
    expect(help).toContain(
      '流程：「发文」拟稿（秘密、机密件不写标题、不传正文）→ 综合办公室核稿 → 会签部门负责人同时会签',
    );
  });
});
