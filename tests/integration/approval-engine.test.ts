import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/app/build-catalog.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { holderIdOfCard, type GivenApproval, type StepSpec } from '../../src/kit/approvals/index.js';
import { fullTime, shortTime } from '../../src/kit/format-time.js';
import { actAs } from '../support/act-as.js';
import { tapFromProcesses } from '../support/spawn-tappers.js';
import { asSent, createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import {
  DOC_WORKFLOW,
  decideDocument,
  openDocument,
  resubmitDocument,
  testApprovalWorkflow,
} from '../support/test-approval-workflow.js';

const ENGINE_ORG_FILE = 'tests/fixtures/org/approval-engine.yaml';
const START = '2026-11-30T01:00:00Z';
const MINUTE = 60_000;

const CHAIN: StepSpec[] = [{ rules: ['dept_head'] }, { rules: ['dept_leader'] }, { rules: ['principal'] }];
const COUNTERSIGN: StepSpec = {
  rules: ['head_of:academic', 'head_of:student', 'head_of:general'],
  mode: 'parallel',
  name: '会签',
};
const OFFICE: StepSpec = { rules: ['role:office'] };
const PRINCIPAL: StepSpec = { rules: ['principal'] };

/**
 * The approval engine (src/kit/approvals) on its own, at handler level: a workflow that exists only
 * in tests (tests/support/test-approval-workflow.ts) opens documents with the steps each test needs,
 * and people tap the cards through the real dispatch on a migrated database. The clock starts on
 * Monday 30 November 2026, 09:00 in Beijing. What is asserted is what people see — who got which
 * card, what a closed card now says, what waits in whose 我的待办 — and the engine's rows only where
 * an operator would look (work_item, card).
 */
describe('the approval engine, through a workflow of its own', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({
      orgFile: ENGINE_ORG_FILE,
      now: START,
      catalog: buildCatalog([...SHIPPED_WORKFLOWS, testApprovalWorkflow]),
    });
  });
  // each case starts at 09:00, so times read as the case's own
  beforeEach(() => {
    h.clock.set(START);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** 「lihua card 文件审批 T1」: one line per message, in the order they were queued. */
  const lines = (sent: Sent[]): string[] => sent.map((message) => `${message.to} ${message.kind} ${message.text}`);
  const cardOf = (sent: Sent[], userId: string): Sent => {
    const card = sent.find((message) => message.to === userId && message.kind === 'card');
    if (!card) throw new Error(`${userId} got no card in ${JSON.stringify(lines(sent))}`);
    return card;
  };
  /** the card's 已同意 row: who approved so far */
  const approvalsOn = (card: Sent) =>
    card.card?.horizontal_content_list?.find((row) => row.keyname === '已同意')?.value;
  /** what a decided card shows now: 「已同意 · 李华 11-30 09:10」 */
  const stamp = (verb: string, name: string): string =>
    `${verb} · ${name} ${shortTime(h.clock.now(), 'Asia/Shanghai')}`;

  function open(userId: string, steps: readonly StepSpec[], given?: readonly GivenApproval[]) {
    return actAs(h, userId, (ctx) => openDocument(ctx, { steps, ...(given ? { given } : {}) }));
  }

  /** The document's work items as an operator reads the table: who, since, done. */
  async function workItems(itemId: string): Promise<string[]> {
    const rows = await h.db.prisma.workItem.findMany({
      where: { workflow: DOC_WORKFLOW, itemId },
      orderBy: { id: 'asc' },
    });
    const time = (value: Date | null) => (value ? fullTime(value, 'Asia/Shanghai').slice(11) : 'open');
    return rows.map((row) => `${row.holderId} ${row.kind} ${time(row.since)}–${time(row.doneAt)}`);
  }

  const cardStatus = async (taskId: string | undefined) =>
    (await h.db.prisma.card.findUniqueOrThrow({ where: { taskId: taskId! } })).status;

  const todo = async (userId: string) => (await h.say(userId, '我的待办'))[0]!.text;

  const approvalOf = (itemId: string) =>
    h.db.prisma.approval.findFirstOrThrow({ where: { workflow: DOC_WORKFLOW, itemId } });

  it('takes a chain of three one step after the other: each holder is asked in turn, then it is approved', async () => {
    const opened = await open('chenhao', CHAIN);
    const { ref, itemId } = opened.result;
    expect(lines(opened.sent)).toEqual([
      `lihua card 文件审批 ${ref}`,
      `chenhao text 已提交 ${ref}。审批顺序：李华（部门负责人） → 周敏（分管校领导） → 赵立（校长）`,
    ]);
    const first = cardOf(opened.sent, 'lihua');
    expect(first.card?.main_title.desc).toBe('第1/3步 · 部门负责人');
    expect(first.buttons).toEqual(['approve', 'return', 'reject']);
    expect(await todo('lihua')).toBe(
      `您有1项待办（最早的在前）：\n${ref} 文件审批｜陈浩（教务处）｜《${ref}号测试文件》｜11-30 09:00 提交\n发送「查询 ${ref}」查看详情。`,
    );
    expect(await todo('zhoumin')).toBe('您目前没有待办事项。');

    h.clock.advance(10 * MINUTE);
    const second = await h.tap('lihua', first.taskId!, 'approve');
    expect(lines(second)).toEqual([
      `lihua card_update 已同意 · 李华 11-30 09:10`,
      `zhoumin card 文件审批 ${ref}`,
      `chenhao text ${ref}：现在等待周敏（分管校领导）审批。`,
    ]);
    expect(cardOf(second, 'zhoumin').card?.horizontal_content_list).toEqual([
      { keyname: '申请人', value: '陈浩（教务处）' },
      { keyname: '已同意', value: '李华' },
    ]);

    h.clock.advance(15 * MINUTE);
    const third = await h.tap('zhoumin', cardOf(second, 'zhoumin').taskId!, 'approve');
    expect(lines(third)).toEqual([
      `zhoumin card_update 已同意 · 周敏 11-30 09:25`,
      `zhaoli card 文件审批 ${ref}`,
      `chenhao text ${ref}：现在等待赵立（校长）审批。`,
    ]);
    expect(cardOf(third, 'zhaoli').card?.main_title.desc).toBe('第3/3步 · 校长');

    h.clock.advance(15 * MINUTE);
    const last = await h.tap('zhaoli', cardOf(third, 'zhaoli').taskId!, 'approve');
    expect(lines(last)).toEqual([
      `zhaoli card_update 已同意 · 赵立 11-30 09:40`,
      `chenhao text ${ref} 已全部审批通过。`,
    ]);

    expect(await workItems(itemId)).toEqual([
      'lihua approval 09:00–09:10',
      'zhoumin approval 09:10–09:25',
      'zhaoli approval 09:25–09:40',
    ]);
    expect(await approvalOf(itemId)).toMatchObject({ state: 'approved', round: 1 });
    for (const userId of ['lihua', 'zhoumin', 'zhaoli']) expect(await todo(userId)).toBe('您目前没有待办事项。');
  });

  it('sends a 会签 to three heads at once; a return ends the round, and a resubmission asks all three again', async () => {
    const opened = await open('chenhao', [COUNTERSIGN, PRINCIPAL]);
    const { ref, itemId } = opened.result;
    expect(lines(opened.sent)).toEqual([
      `lihua card 文件审批 ${ref}`,
      `fengtao card 文件审批 ${ref}`,
      `hejun card 文件审批 ${ref}`,
      `chenhao text 已提交 ${ref}。审批顺序：李华、冯涛、何军（会签） → 赵立（校长）`,
    ]);
    const round1 = Object.fromEntries(
      ['lihua', 'fengtao', 'hejun'].map((userId) => [userId, cardOf(opened.sent, userId).taskId!]),
    );

    // one agrees: nothing moves until every head has
    expect(lines(await h.tap('lihua', round1.lihua!, 'approve'))).toEqual([
      `lihua card_update ${stamp('已同意', '李华')}`,
    ]);

    // 冯涛 returns it while 何军 has not answered: the round is over, 何军's card says why
    h.clock.advance(5 * MINUTE);
    expect(lines(await h.tap('fengtao', round1.fengtao!, 'return'))).toEqual([
      `fengtao card_update ${stamp('已退回', '冯涛')}`,
      'hejun card_update 已由冯涛退回',
      `chenhao text ${ref} 被冯涛退回，请修改后重新提交。`,
    ]);
    expect(await cardStatus(round1.hejun)).toBe('stale');
    expect(await workItems(itemId)).toEqual([
      'lihua approval 09:00–09:00',
      'fengtao approval 09:00–09:05',
      'hejun approval 09:00–09:05',
    ]);
    expect(await todo('hejun')).toBe('您目前没有待办事项。');
    expect(await approvalOf(itemId)).toMatchObject({ state: 'returned', round: 1 });
    expect(await h.tap('hejun', round1.hejun!, 'approve')).toEqual([
      {
        to: 'hejun',
        kind: 'text',
        text: `${ref} 的这张卡片已失效（已由冯涛退回），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
      },
    ]);

    // round 2: fresh cards to all three, 李华's agreement of round 1 does not carry over
    h.clock.advance(30 * MINUTE);
    const resubmitted = await actAs(h, 'chenhao', (ctx) => resubmitDocument(ctx, itemId, [COUNTERSIGN, PRINCIPAL]));
    expect(lines(resubmitted.sent)).toEqual([
      `lihua card 文件审批 ${ref}`,
      `fengtao card 文件审批 ${ref}`,
      `hejun card 文件审批 ${ref}`,
      `chenhao text 已重新提交 ${ref}（第2轮）。`,
    ]);
    expect(cardOf(resubmitted.sent, 'fengtao').card?.main_title.desc).toBe('第2轮 · 第1/2步 · 会签');
    const round2 = Object.fromEntries(
      ['lihua', 'fengtao', 'hejun'].map((userId) => [userId, cardOf(resubmitted.sent, userId).taskId!]),
    );
    for (const userId of ['lihua', 'fengtao', 'hejun']) expect(round2[userId]).not.toBe(round1[userId]);
    expect(await todo('lihua')).toContain(`${ref} 文件审批｜陈浩（教务处）`);

    // round 1's cards stay as they were closed, and a tap on one changes nothing
    expect(await Promise.all(Object.values(round1).map(cardStatus))).toEqual(['answered', 'answered', 'stale']);
    expect(lines(await h.tap('fengtao', round1.fengtao!, 'approve'))).toEqual([
      `fengtao text ${ref} 的这张卡片已处理（已退回 · 冯涛 11-30 09:05），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
    ]);

    // all three agree in round 2: on to the principal, once
    for (const userId of ['hejun', 'fengtao']) {
      h.clock.advance(MINUTE);
      await h.tap(userId, round2[userId]!, 'approve');
    }
    h.clock.advance(MINUTE);
    const complete = await h.tap('lihua', round2.lihua!, 'approve');
    expect(lines(complete)).toEqual([
      `lihua card_update ${stamp('已同意', '李华')}`,
      `zhaoli card 文件审批 ${ref}`,
      `chenhao text ${ref}：现在等待赵立（校长）审批。`,
    ]);
    // in the order they agreed
    expect(approvalsOn(cardOf(complete, 'zhaoli'))).toBe('何军、冯涛、李华');
    expect(await approvalOf(itemId)).toMatchObject({ state: 'open', round: 2 });
  });

  it('ends a 会签 in which two heads agreed and the third returned it: the next step is never asked', async () => {
    const opened = await open('chenhao', [COUNTERSIGN, PRINCIPAL]);
    const { ref, itemId } = opened.result;
    await h.tap('lihua', cardOf(opened.sent, 'lihua').taskId!, 'approve');
    await h.tap('hejun', cardOf(opened.sent, 'hejun').taskId!, 'approve');
    expect(lines(await h.tap('fengtao', cardOf(opened.sent, 'fengtao').taskId!, 'return'))).toEqual([
      `fengtao card_update ${stamp('已退回', '冯涛')}`,
      `chenhao text ${ref} 被冯涛退回，请修改后重新提交。`,
    ]);
    expect(await approvalOf(itemId)).toMatchObject({ state: 'returned' });
    expect(await h.db.prisma.card.count({ where: { itemId, addresseeId: 'zhaoli' } })).toBe(0);
    expect(await h.db.prisma.workItem.count({ where: { itemId, doneAt: null } })).toBe(0);
  });

  it('lets the first of the office decide an any-of step, closing the other card saying who decided', async () => {
    const opened = await open('chenhao', [OFFICE, PRINCIPAL]);
    const { ref, itemId } = opened.result;
    expect(lines(opened.sent)).toEqual([
      `wangfang card 文件审批 ${ref}`,
      `yangxue card 文件审批 ${ref}`,
      `chenhao text 已提交 ${ref}。审批顺序：王芳或杨雪（综合办公室） → 赵立（校长）`,
    ]);
    const yangxueCard = cardOf(opened.sent, 'yangxue').taskId!;
    expect(await todo('yangxue')).toContain(`${ref} 文件审批`);

    h.clock.advance(3 * MINUTE);
    const decided = await h.tap('wangfang', cardOf(opened.sent, 'wangfang').taskId!, 'approve');
    expect(lines(decided)).toEqual([
      `wangfang card_update ${stamp('已同意', '王芳')}`,
      'yangxue card_update 已由王芳同意',
      `zhaoli card 文件审批 ${ref}`,
      `chenhao text ${ref}：现在等待赵立（校长）审批。`,
    ]);
    expect(await cardStatus(yangxueCard)).toBe('stale');
    expect(await todo('yangxue')).toBe('您目前没有待办事项。');
    expect((await workItems(itemId)).slice(0, 2)).toEqual([
      'wangfang approval 09:00–09:03',
      'yangxue approval 09:00–09:03',
    ]);

    // 杨雪 taps her card before its update reached her: nothing changes
    const late = await h.tap('yangxue', yangxueCard, 'approve');
    expect(late).toHaveLength(1);
    // …and is told who already decided
    expect(late[0]!.text).toBe(
      `${ref} 的这张卡片已失效（已由王芳同意），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
    );
    const { result: view } = await actAs(h, 'yangxue', (ctx) => testApprovalWorkflow.statusView(ctx, ref));
    expect(view).toBe(`${ref}（第1轮）：open\n审批：王芳（综合办公室） → 赵立（校长）\n等待：赵立`);
    expect(await h.db.prisma.approvalHolder.count({ where: { userId: 'yangxue', state: 'approved' } })).toBe(0);
  });

  it('never sends the requester a card for their own step, and asks a person holding two steps in a row once', async () => {
    // 李华 heads 教务处: their dept_head step is skipped
    const own = await open('lihua', CHAIN);
    expect(lines(own.sent)).toEqual([
      `zhoumin card 文件审批 ${own.result.ref}`,
      `lihua text 已提交 ${own.result.ref}。审批顺序：周敏（分管校领导） → 赵立（校长）`,
    ]);
    // ... and in a 会签 only the other two heads sign
    const countersign = await open('lihua', [COUNTERSIGN]);
    expect(lines(countersign.sent).filter((line) => line.includes(' card '))).toEqual([
      `fengtao card 文件审批 ${countersign.result.ref}`,
      `hejun card 文件审批 ${countersign.result.ref}`,
    ]);

    // 杨雪 of the office: 王芳, then 赵立 once for 分管领导 and 校长
    const merged = await open('yangxue', CHAIN);
    const { ref, itemId } = merged.result;
    expect(lines(merged.sent)).toEqual([
      `wangfang card 文件审批 ${ref}`,
      `yangxue text 已提交 ${ref}。审批顺序：王芳（部门负责人） → 赵立（分管校领导）`,
    ]);
    const toZhaoli = await h.tap('wangfang', cardOf(merged.sent, 'wangfang').taskId!, 'approve');
    expect(cardOf(toZhaoli, 'zhaoli').card?.main_title.desc).toBe('第2/2步 · 分管校领导');
    expect(lines(await h.tap('zhaoli', cardOf(toZhaoli, 'zhaoli').taskId!, 'approve'))).toEqual([
      `zhaoli card_update ${stamp('已同意', '赵立')}`,
      `yangxue text ${ref} 已全部审批通过。`,
    ]);
    expect(await h.db.prisma.card.count({ where: { itemId, addresseeId: 'zhaoli' } })).toBe(1);

    // 赵立 holds every step of their own request: nothing to approve, nobody asked
    const none = await open('zhaoli', CHAIN);
    expect(lines(none.sent)).toEqual([`zhaoli text 已提交 ${none.result.ref}，无需审批。`]);
    expect(await approvalOf(none.result.itemId)).toMatchObject({ state: 'approved' });
  });

  it('refuses a rejection without a reason, and records one with a reason', async () => {
    const opened = await open('chenhao', CHAIN);
    const { ref, itemId } = opened.result;
    const card = cardOf(opened.sent, 'lihua');
    expect(lines(await h.tap('lihua', card.taskId!, 'reject'))).toEqual(['lihua text 驳回需要写明原因。']);
    expect(await cardStatus(card.taskId)).toBe('open');
    expect(await todo('lihua')).toContain(`${ref} 文件审批`);
    expect(await approvalOf(itemId)).toMatchObject({ state: 'open' });

    const holderId = holderIdOfCard(
      (await h.db.prisma.card.findUniqueOrThrow({ where: { taskId: card.taskId! } })).sentForState,
    )!;
    await expect(actAs(h, 'lihua', (ctx) => decideDocument(ctx, itemId, holderId, 'reject', ''))).rejects.toThrow(
      '驳回需要写明原因。',
    );
    const rejected = await actAs(h, 'lihua', (ctx) => decideDocument(ctx, itemId, holderId, 'reject', '缺少附件'));
    expect(lines(rejected.sent)).toEqual([
      `lihua card_update ${stamp('已驳回', '李华')}`,
      `chenhao text ${ref} 被李华驳回。原因：缺少附件`,
    ]);
    expect(await approvalOf(itemId)).toMatchObject({ state: 'rejected' });
    expect(await h.db.prisma.card.count({ where: { itemId, addresseeId: 'zhoumin' } })).toBe(0);
  });

  it('counts a step given elsewhere: its holder gets no card, and the route shows it approved', async () => {
    const signedOff: GivenApproval = { userId: 'zhaoli', at: new Date('2026-11-27T06:00:00Z'), note: '已在 F3 签发' };
    const opened = await open('chenhao', CHAIN, [signedOff]);
    const { ref, itemId } = opened.result;
    expect(lines(opened.sent)).toEqual([
      `lihua card 文件审批 ${ref}`,
      `chenhao text 已提交 ${ref}。审批顺序：李华（部门负责人） → 周敏（分管校领导） → 赵立（校长，已同意）`,
    ]);
    const toZhoumin = await h.tap('lihua', cardOf(opened.sent, 'lihua').taskId!, 'approve');
    // the card shows approvals so far, the one given elsewhere first
    expect(approvalsOn(cardOf(toZhoumin, 'zhoumin'))).toBe('赵立、李华');
    expect(lines(await h.tap('zhoumin', cardOf(toZhoumin, 'zhoumin').taskId!, 'approve'))).toEqual([
      `zhoumin card_update ${stamp('已同意', '周敏')}`,
      `chenhao text ${ref} 已全部审批通过。`,
    ]);
    expect(await h.db.prisma.card.count({ where: { itemId, addresseeId: 'zhaoli' } })).toBe(0);
    expect(await h.db.prisma.workItem.count({ where: { itemId, holderId: 'zhaoli' } })).toBe(0);
    expect(await approvalOf(itemId)).toMatchObject({ state: 'approved' });
    const given = await h.db.prisma.approvalHolder.findFirstOrThrow({
      where: { userId: 'zhaoli', step: { approval: { itemId } } },
    });
    expect(given).toMatchObject({ state: 'approved', comment: '已在 F3 签发', decidedAt: signedOff.at });
  });

  it('refuses to open an approval with a step nobody holds, naming it, and opens nothing', async () => {
    const before = await h.db.prisma.approval.count();
    await expect(open('chenhao', [{ rules: ['head_of:planning'] }, PRINCIPAL])).rejects.toThrow(
      '审批流程中有环节（筹备组负责人）找不到审批人，请联系综合办公室核对组织架构。',
    );
    expect(await h.db.prisma.approval.count()).toBe(before);
  });

  it('lets two processes deciding an any-of step at the same moment record one decision, and advance once', async () => {
    for (let run = 1; run <= 2; run++) {
      const opened = await open('chenhao', [OFFICE, PRINCIPAL]);
      const { ref, itemId } = opened.result;
      const [mark] = await h.db.prisma.$queryRaw<{ last: bigint }[]>`SELECT max(id) AS last FROM outbox_message`;
      const attempts = await tapFromProcesses({
        databaseUrl: h.db.url,
        orgFile: ENGINE_ORG_FILE,
        now: h.clock.now(),
        taps: ['wangfang', 'yangxue'].map((userId) => ({
          userId,
          taskId: cardOf(opened.sent, userId).taskId!,
          key: 'approve',
        })),
      });
      // both ended well at the first attempt: nobody waited for a retry
      expect(attempts).toEqual([[{ ok: true }], [{ ok: true }]]);

      const decided = await h.db.prisma.approvalHolder.findMany({
        where: { step: { approval: { itemId } }, rule: 'role:office' },
        orderBy: { id: 'asc' },
      });
      expect(decided.map((holder) => holder.state).sort()).toEqual(['approved', 'closed']);
      const winner = decided.find((holder) => holder.state === 'approved')!.userId;
      const loser = winner === 'wangfang' ? 'yangxue' : 'wangfang';
      const names: Record<string, string> = { wangfang: '王芳', yangxue: '杨雪' };

      const sent = (
        await h.db.prisma.outboxMessage.findMany({ where: { id: { gt: mark!.last } }, orderBy: { id: 'asc' } })
      ).map(asSent);
      const of = (userId: string) => lines(sent.filter((message) => message.to === userId));
      expect(of(winner)).toEqual([`${winner} card_update ${stamp('已同意', names[winner]!)}`]);
      expect(of('zhaoli')).toEqual([`zhaoli card 文件审批 ${ref}`]);
      expect(of('chenhao')).toEqual([`chenhao text ${ref}：现在等待赵立（校长）审批。`]);
      // the loser's card closed saying who decided; their tap was answered in a line
      const [update, reply, ...more] = of(loser);
      expect(more).toEqual([]);
      expect(update).toMatch(
        new RegExp(`^${loser} card_update (已由${names[winner]}同意|已失效：${ref} 的这一步已由${names[winner]}同意)`),
      );
      expect([
        `${loser} text ${ref} 的这一步已由${names[winner]}同意，无需您再处理。`,
        `${loser} text ${ref} 的这张卡片已失效（已由${names[winner]}同意），不能再次操作。发送「查询 ${ref}」查看当前状态。`,
      ]).toContain(reply);
      expect(await h.db.prisma.workItem.count({ where: { itemId, doneAt: null } })).toBe(1);
      expect(await h.db.prisma.card.count({ where: { itemId, status: 'open' } })).toBe(1);
    }
  }, 120_000);
});
