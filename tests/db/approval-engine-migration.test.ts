import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/db/prisma.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import { saveDirectory } from '../../src/directory/save-directory.js';
import { applicantLabel, sealRequestSubject } from '../../src/workflows/seal/describe-seal-request.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { createDatabaseBefore, type OlderDatabase } from '../support/test-database.js';

/*
 * Migration 20261130010000_approval_engine moves the seal requests of the previous version (a chain
 * in jsonb, current_step, holder_userid, seal_decision rows, cards sent for `in_approval:<n>`) onto
 * the approval engine. Rows are written here as that version wrote them, the migration runs, and
 * then the engine's own code goes on from the migrated rows: a waiting approver decides, the keeper
 * stamps, a suspended seal is restored.
 */

const MIGRATION = '20261130010000_approval_engine';

// Asia/Shanghai is UTC+8: submitted at 09:00, first decision 10:00, second 11:00, then 12:00, 13:00.
const T0 = '2026-11-29T01:00:00.000Z';
const T1 = '2026-11-29T02:00:00.000Z';
const T2 = '2026-11-29T03:00:00.000Z';
const T3 = '2026-11-29T04:00:00.000Z';
const T4 = '2026-11-29T05:00:00.000Z';
/** the migrated service's clock: the next morning, 09:00 */
const NOW = '2026-11-30T01:00:00.000Z';

const LONG_DOCUMENT = '2026学年第一学期期末考试考务安排及监考人员名单（含各考场座位表）';
const SCHOOL_CHAIN: [string, string][] = [
  ['dept_head', 'lihua'],
  ['dept_leader', 'zhoumin'],
];

/** A seal request as the previous version kept it. */
interface OldRequest {
  ref: string;
  state: string;
  applicant: string;
  seal: 'school' | 'legal';
  document?: string;
  plannedAt?: string;
  chain: [step: string, userId: string][];
  currentStep: number;
  holder: string | null;
  decisions?: [stepIndex: number, approver: string, decision: 'approved' | 'rejected', at: string, comment?: string][];
  cards?: [to: string, sentFor: string, status: 'open' | 'answered' | 'stale', resultText?: string][];
  createdAt: string;
  updatedAt: string;
  stampedCopies?: number;
  usedAt?: string;
  closingReason?: string;
}

const OLD_REQUESTS: OldRequest[] = [
  // never committed by that version (start_approval ran in the same transaction), but allowed by its CHECK
  {
    ref: 'Y1',
    state: 'submitted',
    applicant: 'chenhao',
    seal: 'school',
    chain: SCHOOL_CHAIN,
    currentStep: 0,
    holder: null,
    createdAt: T0,
    updatedAt: T0,
  },
  {
    ref: 'Y2',
    state: 'in_approval',
    applicant: 'zhangyan',
    seal: 'school',
    document: LONG_DOCUMENT,
    plannedAt: '2026-12-02T07:00:00.000Z',
    chain: SCHOOL_CHAIN,
    currentStep: 0,
    holder: 'lihua',
    cards: [['lihua', 'in_approval:0', 'open']],
    createdAt: T0,
    updatedAt: T0,
  },
  {
    ref: 'Y3',
    state: 'in_approval',
    applicant: 'chenhao',
    seal: 'school',
    chain: SCHOOL_CHAIN,
    currentStep: 1,
    holder: 'zhoumin',
    decisions: [[0, 'lihua', 'approved', T1]],
    cards: [
      ['lihua', 'in_approval:0', 'answered', '已同意 · 李华 11-29 10:00'],
      ['zhoumin', 'in_approval:1', 'open'],
    ],
    createdAt: T0,
    updatedAt: T1,
  },
  {
    ref: 'Y4',
    state: 'approved',
    applicant: 'liuyang',
    seal: 'school',
    plannedAt: '2026-12-01T02:00:00.000Z',
    chain: SCHOOL_CHAIN,
    currentStep: 1,
    holder: 'liuqiang',
    decisions: [
      [0, 'lihua', 'approved', T1],
      [1, 'zhoumin', 'approved', T2],
    ],
    cards: [
      ['lihua', 'in_approval:0', 'answered', '已同意 · 李华 11-29 10:00'],
      ['zhoumin', 'in_approval:1', 'answered', '已同意 · 周敏 11-29 11:00'],
      ['liuqiang', 'approved', 'open'],
    ],
    createdAt: T0,
    updatedAt: T2,
  },
  // approved, then 法人章 was suspended (印章异常)
  {
    ref: 'Y5',
    state: 'blocked',
    applicant: 'chenhao',
    seal: 'legal',
    chain: [...SCHOOL_CHAIN, ['principal', 'zhaoli']],
    currentStep: 2,
    holder: 'liuqiang',
    decisions: [
      [0, 'lihua', 'approved', T1],
      [1, 'zhoumin', 'approved', T2],
      [2, 'zhaoli', 'approved', T3],
    ],
    cards: [['liuqiang', 'approved', 'open']],
    createdAt: T0,
    updatedAt: T4,
  },
  // the second step answered by whoever held it then (spec 2.6), not its addressee
  {
    ref: 'Y6',
    state: 'used',
    applicant: 'zhangyan',
    seal: 'school',
    chain: SCHOOL_CHAIN,
    currentStep: 1,
    holder: null,
    decisions: [
      [0, 'lihua', 'approved', T1],
      [1, 'wujing', 'approved', T2],
    ],
    cards: [['liuqiang', 'approved', 'answered', '已用印 2份 · 刘强 11-29 12:00']],
    createdAt: T0,
    updatedAt: T3,
    stampedCopies: 2,
    usedAt: T3,
  },
  {
    ref: 'Y7',
    state: 'rejected',
    applicant: 'chenhao',
    seal: 'school',
    chain: SCHOOL_CHAIN,
    currentStep: 0,
    holder: null,
    decisions: [[0, 'lihua', 'rejected', T1, '附件缺少盖章页，请补齐后再申请']],
    cards: [['lihua', 'in_approval:0', 'answered', '已驳回 · 李华 11-29 10:00']],
    createdAt: T0,
    updatedAt: T1,
    closingReason: '附件缺少盖章页，请补齐后再申请',
  },
  {
    ref: 'Y8',
    state: 'cancelled',
    applicant: 'zhangyan',
    seal: 'school',
    chain: SCHOOL_CHAIN,
    currentStep: 1,
    holder: null,
    decisions: [[0, 'lihua', 'approved', T1]],
    cards: [
      ['lihua', 'in_approval:0', 'answered', '已同意 · 李华 11-29 10:00'],
      ['zhoumin', 'in_approval:1', 'stale', '申请人已撤回'],
    ],
    createdAt: T0,
    updatedAt: T3,
    closingReason: '活动延期，暂不需要盖章',
  },
  // a `role:office` step: its card went to the first of the office, any of them could answer
  {
    ref: 'Y9',
    state: 'in_approval',
    applicant: 'chenhao',
    seal: 'school',
    chain: [['role:office', 'wangfang']],
    currentStep: 0,
    holder: 'wangfang',
    cards: [['wangfang', 'in_approval:0', 'open']],
    createdAt: T2,
    updatedAt: T2,
  },
];

const SEAL_NAMES = { school: '校章', legal: '法人章' };

/** Writes one request, its decisions and its cards with the previous version's columns. */
async function writeOldRequest(client: pg.Client, request: OldRequest): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO seal_request (id, org_id, ref, applicant_userid, department_id, purpose, document, copies, seal_id,
       seal_name, planned_at, state, chain, current_step, holder_userid, stamped_copies, keeper_userid, used_at,
       closing_reason, created_at, updated_at)
     VALUES ($1, 'demo', $2, $3, 'academic', '报送区教育局', $4, 3, $5, $6, $7, $8, $9, $10, $11, $12, 'liuqiang', $13,
       $14, $15, $16)`,
    [
      id,
      request.ref,
      request.applicant,
      request.document ?? `${request.ref}号文件`,
      request.seal,
      SEAL_NAMES[request.seal],
      request.plannedAt ?? null,
      request.state,
      JSON.stringify(request.chain.map(([step, userId]) => ({ step, userId }))),
      request.currentStep,
      request.holder,
      request.stampedCopies ?? null,
      request.usedAt ?? null,
      request.closingReason ?? null,
      request.createdAt,
      request.updatedAt,
    ],
  );
  for (const [stepIndex, approver, decision, at, comment] of request.decisions ?? [])
    await client.query(
      `INSERT INTO seal_decision (request_id, step_index, step, approver_userid, decision, comment, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, stepIndex, request.chain[stepIndex]![0], approver, decision, comment ?? null, at],
    );
  for (const [index, [to, sentFor, status, resultText]] of (request.cards ?? []).entries())
    await client.query(
      `INSERT INTO card (task_id, org_id, addressee_userid, workflow, item_id, item_ref, sent_for_state, status,
         answered_by, answered_at, result_text, created_at)
       VALUES ($1, 'demo', $2, 'seal', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        `${request.ref}-old-${index}`,
        to,
        id,
        request.ref,
        sentFor,
        status,
        status === 'answered' ? to : null,
        status === 'open' ? null : request.updatedAt,
        resultText ?? null,
        request.createdAt,
      ],
    );
  return id;
}

type StepRow = [
  position: number,
  rule: string,
  name: string,
  state: string,
  openedAt: string | null,
  decidedAt: string | null,
];
type HolderRow = [
  position: number,
  userId: string,
  state: string,
  decidedBy: string | null,
  comment: string | null,
  decidedAt: string | null,
];

const EXPECTED: Record<string, { state: string; steps: StepRow[]; holders: HolderRow[] }> = {
  Y1: {
    state: 'open',
    steps: [
      [0, 'dept_head', '部门负责人', 'waiting', null, null],
      [1, 'dept_leader', '分管校领导', 'waiting', null, null],
    ],
    holders: [
      [0, 'lihua', 'pending', null, null, null],
      [1, 'zhoumin', 'pending', null, null, null],
    ],
  },
  Y2: {
    state: 'open',
    steps: [
      [0, 'dept_head', '部门负责人', 'open', T0, null],
      [1, 'dept_leader', '分管校领导', 'waiting', null, null],
    ],
    holders: [
      [0, 'lihua', 'pending', null, null, null],
      [1, 'zhoumin', 'pending', null, null, null],
    ],
  },
  Y3: {
    state: 'open',
    steps: [
      [0, 'dept_head', '部门负责人', 'approved', T0, T1],
      [1, 'dept_leader', '分管校领导', 'open', T1, null],
    ],
    holders: [
      [0, 'lihua', 'approved', 'lihua', null, T1],
      [1, 'zhoumin', 'pending', null, null, null],
    ],
  },
  Y4: {
    state: 'approved',
    steps: [
      [0, 'dept_head', '部门负责人', 'approved', T0, T1],
      [1, 'dept_leader', '分管校领导', 'approved', T1, T2],
    ],
    holders: [
      [0, 'lihua', 'approved', 'lihua', null, T1],
      [1, 'zhoumin', 'approved', 'zhoumin', null, T2],
    ],
  },
  Y5: {
    state: 'approved',
    steps: [
      [0, 'dept_head', '部门负责人', 'approved', T0, T1],
      [1, 'dept_leader', '分管校领导', 'approved', T1, T2],
      [2, 'principal', '校长', 'approved', T2, T3],
    ],
    holders: [
      [0, 'lihua', 'approved', 'lihua', null, T1],
      [1, 'zhoumin', 'approved', 'zhoumin', null, T2],
      [2, 'zhaoli', 'approved', 'zhaoli', null, T3],
    ],
  },
  Y6: {
    state: 'approved',
    steps: [
      [0, 'dept_head', '部门负责人', 'approved', T0, T1],
      [1, 'dept_leader', '分管校领导', 'approved', T1, T2],
    ],
    holders: [
      [0, 'lihua', 'approved', 'lihua', null, T1],
      // the slot stays the addressee's; who decided is decided_by, as the engine records it
      [1, 'zhoumin', 'approved', 'wujing', null, T2],
    ],
  },
  Y7: {
    state: 'rejected',
    steps: [
      [0, 'dept_head', '部门负责人', 'rejected', T0, T1],
      [1, 'dept_leader', '分管校领导', 'cancelled', null, null],
    ],
    holders: [
      [0, 'lihua', 'rejected', 'lihua', '附件缺少盖章页，请补齐后再申请', T1],
      [1, 'zhoumin', 'closed', null, null, null],
    ],
  },
  Y8: {
    state: 'cancelled',
    steps: [
      [0, 'dept_head', '部门负责人', 'approved', T0, T1],
      [1, 'dept_leader', '分管校领导', 'cancelled', null, null],
    ],
    holders: [
      [0, 'lihua', 'approved', 'lihua', null, T1],
      [1, 'zhoumin', 'closed', null, null, null],
    ],
  },
  Y9: {
    state: 'open',
    steps: [[0, 'role:office', '综合办公室', 'open', T2, null]],
    holders: [[0, 'wangfang', 'pending', null, null, null]],
  },
};

describe(`migration ${MIGRATION}: seal requests move onto the approval engine`, () => {
  let older: OlderDatabase | undefined;
  let h: HandlerHarness;
  let applied: string[];
  const requestIds = new Map<string, string>();

  beforeAll(async () => {
    older = await createDatabaseBefore(MIGRATION);
    const config = await loadOrgFile('config/org.yaml');
    const before = createPrisma(older.url, { poolSize: 1 });
    try {
      await saveDirectory(before, config, 'file');
    } finally {
      await before.$disconnect();
    }
    const client = new pg.Client({ connectionString: older.url });
    await client.connect();
    try {
      for (const request of OLD_REQUESTS) requestIds.set(request.ref, await writeOldRequest(client, request));
      await client.query(
        `INSERT INTO seal_suspension (org_id, seal_id, is_suspended, reason, changed_by, changed_at)
         VALUES ('demo', 'legal', true, '印章边缘破损，待重新刻制', 'liuqiang', $1)`,
        [T4],
      );
    } finally {
      await client.end();
    }
    const migrated = await older.migrateRest();
    applied = migrated.applied;
    h = await createHandlerHarness({ db: migrated.db, now: NOW });
    older = undefined; // the harness drops it now
  });
  afterAll(async () => {
    await h?.close();
    await older?.drop();
  });

  /** The migrated holder's id for a request's step (one holder per step: chains had one person a step). */
  async function holderId(ref: string, position: number): Promise<string> {
    const holder = await h.db.prisma.approvalHolder.findFirstOrThrow({
      where: { step: { position, approval: { workflow: 'seal', itemRef: ref } } },
    });
    return holder.id.toString();
  }

  async function requestOf(ref: string) {
    return h.db.prisma.sealRequest.findFirstOrThrow({ where: { ref } });
  }

  function openWorkItems(ref?: string) {
    return h.db.prisma.workItem.findMany({
      where: { doneAt: null, ...(ref ? { itemRef: ref } : {}) },
      orderBy: [{ itemRef: 'asc' }, { id: 'asc' }],
    });
  }

  it('applies this migration on top of the older rows, then only the ones after it', () => {
    expect(applied[0]).toBe(MIGRATION);
    expect(applied.slice(1).every((name) => name > MIGRATION)).toBe(true);
  });

  it('gives every request one approval whose steps and holders say what its chain and decisions said', async () => {
    for (const request of OLD_REQUESTS) {
      const approvals = await h.db.prisma.approval.findMany({
        where: { workflow: 'seal', itemId: requestIds.get(request.ref)! },
        include: { steps: { orderBy: { position: 'asc' }, include: { holders: { orderBy: { id: 'asc' } } } } },
      });
      expect(approvals, request.ref).toHaveLength(1);
      const approval = approvals[0]!;
      expect(approval, request.ref).toMatchObject({
        orgId: 'demo',
        itemRef: request.ref,
        purpose: 'main',
        requesterId: request.applicant,
        departmentId: 'academic',
        round: 1,
        createdAt: new Date(request.createdAt),
        updatedAt: new Date(request.updatedAt),
      });
      const iso = (at: Date | null) => at?.toISOString() ?? null;
      expect(
        {
          state: approval.state,
          steps: approval.steps.map((step): StepRow => [
            step.position,
            step.rule,
            step.name,
            step.state,
            iso(step.openedAt),
            iso(step.decidedAt),
          ]),
          holders: approval.steps.flatMap((step) =>
            step.holders.map((holder): HolderRow => [
              step.position,
              holder.userId,
              holder.state,
              holder.decidedBy,
              holder.comment,
              iso(holder.decidedAt),
            ]),
          ),
        },
        request.ref,
      ).toEqual(EXPECTED[request.ref]);
      for (const step of approval.steps) {
        expect(step.round, request.ref).toBe(1);
        expect(step.mode, request.ref).toBe('sequential');
        for (const holder of step.holders) expect(holder.rule, request.ref).toBe(step.rule);
      }
    }
  });

  it('opens work items only for the holder each request waits on and the keeper of an approved one', async () => {
    const items = await openWorkItems();
    expect(
      items.map((item) => [item.itemRef, item.kind, item.holderId, item.sourceId, item.since.toISOString()]),
    ).toEqual([
      ['Y2', 'approval', 'lihua', await holderId('Y2', 0), T0],
      ['Y3', 'approval', 'zhoumin', await holderId('Y3', 1), T1],
      ['Y4', 'seal_use', 'liuqiang', requestIds.get('Y4'), T2],
      // Y5 is blocked: it waits for 法人章, not for the keeper, until 印章恢复
      ['Y9', 'approval', 'wangfang', await holderId('Y9', 0), T2],
    ]);
    // each line reads as the new code writes it for 我的待办
    for (const item of items) {
      const request = await requestOf(item.itemRef);
      expect(item, item.itemRef).toMatchObject({
        orgId: 'demo',
        workflow: 'seal',
        itemId: request.id,
        role: 'holder',
        action: item.kind === 'seal_use' ? '待用印' : '用印审批',
        requester: applicantLabel(h.directory, request),
        subject: sealRequestSubject(request),
        submittedAt: request.createdAt,
        plannedAt: request.plannedAt,
        dueAt: request.plannedAt,
        escalationLevel: 0,
      });
    }
    expect(items[0]!.subject).toBe('校章 3份《2026学年第一学期期末考试考务安排及监考人员…》');
  });

  it("points each approval card at its step's holder and leaves the keeper's cards as they were", async () => {
    const cards = await h.db.prisma.card.findMany({ orderBy: { taskId: 'asc' } });
    const expected = [];
    for (const request of OLD_REQUESTS)
      for (const [index, [to, sentFor, status]] of (request.cards ?? []).entries()) {
        const step = /^in_approval:(\d+)$/.exec(sentFor);
        expected.push([
          `${request.ref}-old-${index}`,
          to,
          step ? `approval:${await holderId(request.ref, Number(step[1]))}` : sentFor,
          status,
        ]);
      }
    expect(cards.map((card) => [card.taskId, card.addresseeId, card.sentForState, card.status])).toEqual(
      expected.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('drops seal_decision and the chain, step index and holder columns', async () => {
    const [tables] = await h.db.prisma.$queryRaw<
      { decisions: string | null }[]
    >`SELECT to_regclass('public.seal_decision')::text AS decisions`;
    expect(tables).toEqual({ decisions: null });
    const columns = await h.db.prisma.$queryRaw<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns
       WHERE table_name = 'seal_request' AND column_name IN ('chain', 'current_step', 'holder_userid')`;
    expect(columns).toEqual([]);
  });

  describe('the new code goes on from the migrated rows', () => {
    it("我的待办 lists the migrated request for its approver, and the keeper's approved one", async () => {
      const lihua = await h.say('lihua', '我的待办');
      expect(textsTo(lihua, 'lihua').join('\n')).toContain(
        'Y2 用印审批｜张岩（教务处）｜校章 3份《2026学年第一学期期末考试考务安排及监考人员…》｜拟用 12-02 15:00',
      );
      const keeper = textsTo(await h.say('liuqiang', '我的待办'), 'liuqiang').join('\n');
      expect(keeper).toContain('您有1项待办');
      expect(keeper).toContain('Y4 待用印｜刘洋（教务处）｜校章 3份《Y4号文件》｜拟用 12-01 10:00');
    });

    it('the waiting second approver taps 同意 on their old card: the request goes to the keeper', async () => {
      const sent = await h.tap('zhoumin', 'Y3-old-1', 'approve');

      expect(sent).toContainEqual(
        expect.objectContaining({
          to: 'zhoumin',
          kind: 'card_update',
          taskId: 'Y3-old-1',
          text: '已同意 · 周敏 11-30 09:00',
        }),
      );
      const keeperCard = sent.find((message) => message.to === 'liuqiang' && message.kind === 'card');
      expect(keeperCard?.text).toBe('待用印 Y3');
      // the first approval comes from the migrated seal_decision
      expect(keeperCard?.card?.horizontal_content_list).toContainEqual({
        keyname: '已审批',
        value: '李华 11-29 10:00；周敏 11-30 09:00',
      });
      expect(textsTo(sent, 'chenhao').join('\n')).toContain('已全部审批通过（最后由周敏同意）');
      expect(await requestOf('Y3')).toMatchObject({ state: 'approved' });
      expect((await openWorkItems('Y3')).map((item) => [item.kind, item.holderId])).toEqual([['seal_use', 'liuqiang']]);
    });

    it('the first approver taps 同意 on theirs: the next step opens with a card and a work item', async () => {
      const sent = await h.tap('lihua', 'Y2-old-0', 'approve');

      const next = sent.find((message) => message.to === 'zhoumin' && message.kind === 'card');
      expect(next?.buttons).toEqual(['approve', 'reject']);
      const card = await h.db.prisma.card.findFirstOrThrow({ where: { taskId: next!.taskId! } });
      expect(card.sentForState).toBe(`approval:${await holderId('Y2', 1)}`);
      expect(await requestOf('Y2')).toMatchObject({ state: 'in_approval' });
      expect((await openWorkItems('Y2')).map((item) => [item.kind, item.holderId, item.since.toISOString()])).toEqual([
        ['approval', 'zhoumin', NOW],
      ]);
    });

    it("another member of the office answers a migrated role:office step in the addressee's place", async () => {
      const sent = await h.tap('yangxue', 'Y9-old-0', 'approve');

      expect(sent.find((message) => message.to === 'liuqiang' && message.kind === 'card')?.text).toBe('待用印 Y9');
      expect(await requestOf('Y9')).toMatchObject({ state: 'approved' });
      const holder = await h.db.prisma.approvalHolder.findUniqueOrThrow({
        where: { id: BigInt(await holderId('Y9', 0)) },
      });
      expect(holder).toMatchObject({ userId: 'wangfang', state: 'approved', decidedBy: 'yangxue' });
    });

    it('the keeper stamps a migrated approved request; the register names its migrated approvers', async () => {
      await h.tap('liuqiang', 'Y4-old-2', 'stamped');

      expect(await requestOf('Y4')).toMatchObject({ state: 'used', stampedCopies: 3 });
      expect(await openWorkItems('Y4')).toEqual([]);
      const entry = await h.db.prisma.sealRegisterEntry.findFirstOrThrow({ where: { requestRef: 'Y4' } });
      expect(entry.approverIds).toBe('lihua|zhoumin');
    });

    it('印章恢复 gives the blocked request back to the keeper', async () => {
      await h.say('wangfang', '印章恢复 印章:法人章');

      expect(await requestOf('Y5')).toMatchObject({ state: 'approved' });
      expect((await openWorkItems('Y5')).map((item) => [item.kind, item.holderId])).toEqual([['seal_use', 'liuqiang']]);
    });

    it('the applicant withdraws the never-started request; its approval is cancelled', async () => {
      await h.say('chenhao', '取消 Y1 原因:不需要了');

      expect(await requestOf('Y1')).toMatchObject({ state: 'cancelled' });
      const approval = await h.db.prisma.approval.findFirstOrThrow({
        where: { itemRef: 'Y1' },
        include: { steps: { include: { holders: true } } },
      });
      expect(approval.state).toBe('cancelled');
      expect(approval.steps.flatMap((step) => step.holders.map((holder) => holder.state))).toEqual([
        'closed',
        'closed',
      ]);
    });
  });
});

function textsTo(sent: Sent[], to: string): string[] {
  return sent.filter((message) => message.to === to && message.kind === 'text').map((message) => message.text);
}
