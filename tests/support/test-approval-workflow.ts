import { randomUUID } from 'node:crypto';
import {
  decideApproval,
  describeApprovalRoute,
  describeRoute,
  findApproval,
  holderIdOfCard,
  openApproval,
  requesterOf,
  resubmitApproval,
  waitingOn,
  type ApprovalPresenter,
  type ApprovalProgress,
  type Decision,
  type GivenApproval,
  type PlannedStep,
  type StepSpec,
} from '../../src/kit/approvals/index.js';
import { decisionStamp } from '../../src/kit/cards/close-card.js';
import type { ActorContext, BaseContext } from '../../src/kit/context.js';
import { tell } from '../../src/kit/notify.js';
import { personName } from '../../src/kit/people.js';
import type { WorkflowModule } from '../../src/kit/workflow-module.js';
import { refusal } from '../../src/shared/errors.js';

/**
 * A workflow that exists only in tests, to show the approval engine (src/kit/approvals) on its own:
 * a "document" T<n> that is nothing but its approval — no table, no machine of its own. Whoever
 * opens one chooses its steps (a 会签 of department heads, any one of the office, a chain), so a
 * test can put the engine through each kind of step. Its cards carry 同意 / 退回 / 驳回, which map to
 * decideApproval; the requester is told where the approval went after each decision.
 */
export const DOC_WORKFLOW = 'testdoc';

const DECISIONS: Record<string, { decision: Decision; verb: string }> = {
  approve: { decision: 'approve', verb: '同意' },
  return: { decision: 'return', verb: '退回' },
  reject: { decision: 'reject', verb: '驳回' },
};

interface DocFacts {
  itemRef: string;
  requesterId: string;
  departmentId: string;
  submittedAt: Date;
}

/** The card each holder gets (「文件审批 T1」, 第2轮 · 第1/2步 · 会签) and the line in their 我的待办. */
function docPresenter(ctx: BaseContext, doc: DocFacts): ApprovalPresenter {
  const requester = `${personName(ctx.directory, doc.requesterId)}（${ctx.directory.department(doc.departmentId)?.name ?? doc.departmentId}）`;
  return {
    card: (step) => ({
      source: '校办助手 · 测试',
      title: `文件审批 ${step.itemRef}`,
      note: `${step.round > 1 ? `第${step.round}轮 · ` : ''}第${step.number}/${step.total}步 · ${step.name}`,
      rows: [
        { label: '申请人', value: requester },
        { label: '已同意', value: step.approvals.map((each) => personName(ctx.directory, each.userId)).join('、') },
      ],
      buttons: [
        { key: 'approve', label: '同意' },
        { key: 'return', label: '退回', style: 'plain' },
        { key: 'reject', label: '驳回', style: 'danger' },
      ],
    }),
    workItem: { action: '文件审批', requester, subject: `《${doc.itemRef}号测试文件》`, submittedAt: doc.submittedAt },
  };
}

async function presenterFor(ctx: BaseContext, itemId: string): Promise<{ doc: DocFacts; present: ApprovalPresenter }> {
  const row = await ctx.tx.approval.findFirstOrThrow({ where: { orgId: ctx.orgId, workflow: DOC_WORKFLOW, itemId } });
  const doc = {
    itemRef: row.itemRef,
    requesterId: row.requesterId,
    departmentId: row.departmentId,
    submittedAt: row.createdAt,
  };
  return { doc, present: docPresenter(ctx, doc) };
}

/** What the requester is told after a decision. */
async function tellRequester(ctx: ActorContext, doc: DocFacts, progress: ApprovalProgress): Promise<void> {
  const ref = doc.itemRef;
  switch (progress.outcome) {
    case 'approved':
      return tell(ctx, doc.requesterId, `${ref} 已全部审批通过。`);
    case 'returned':
      return tell(ctx, doc.requesterId, `${ref} 被${ctx.actor.name}退回，请修改后重新提交。`);
    case 'rejected':
      return tell(ctx, doc.requesterId, `${ref} 被${ctx.actor.name}驳回。原因：${progress.comment ?? ''}`);
    case 'waiting': {
      // a 会签 still waiting on others says nothing new
      if (!progress.isNewStep) return;
      const names = progress.waitingOn.map((userId) => personName(ctx.directory, userId));
      const who = names.join(progress.step.mode === 'any_of' ? '或' : '、');
      return tell(ctx, doc.requesterId, `${ref}：现在等待${who}（${progress.step.name}）审批。`);
    }
  }
}

/**
 * A holder's decision on a document, as the card's buttons ask for it (a rejection from a card has
 * no reason, and the engine refuses it) or as a test asks for it directly (with a reason).
 */
export async function decideDocument(
  ctx: ActorContext,
  itemId: string,
  holderId: string,
  key: string,
  comment: string | null = null,
): Promise<string> {
  const chosen = DECISIONS[key];
  if (!chosen) throw refusal('CONFLICT', `无法识别的操作「${key}」。`);
  const { doc, present } = await presenterFor(ctx, itemId);
  const { progress } = await decideApproval(ctx, holderId, chosen.decision, comment, present);
  await tellRequester(ctx, doc, progress);
  return decisionStamp(`已${chosen.verb}`, ctx.actor.name, ctx.clock.now(), ctx.timezone);
}

export const testApprovalWorkflow: WorkflowModule = {
  id: DOC_WORKFLOW,
  title: '测试文件',
  refPrefixes: ['T'],
  commands: [],
  async onCardAction(ctx, card, actionKey) {
    const holderId = holderIdOfCard(card.sentForState);
    if (!holderId) throw refusal('CONFLICT', `${card.itemRef} 的这张卡片已失效。`, { isCardStale: true });
    return { kind: 'applied', resultText: await decideDocument(ctx, card.itemId, holderId, actionKey) };
  },
  async approvalPresenter(ctx, itemId) {
    return (await presenterFor(ctx, itemId)).present;
  },
  /** 查询 T1: where the approval stands, its route, whom it waits on */
  async statusView(ctx, ref) {
    const row = await ctx.tx.approval.findFirst({
      where: { orgId: ctx.orgId, workflow: DOC_WORKFLOW, itemRef: ref.toUpperCase() },
    });
    const approval = row ? await findApproval(ctx, { workflow: DOC_WORKFLOW, itemId: row.itemId }) : undefined;
    if (!approval) return undefined;
    const waiting = await waitingOn(ctx, approval);
    return [
      `${approval.itemRef}（第${approval.round}轮）：${approval.state}`,
      `审批：${describeApprovalRoute(ctx, approval)}`,
      ...(waiting ? [`等待：${waiting}`] : []),
    ].join('\n');
  },
};

/** The document the actor opens: T<n>, its approval's first step given to its holders. */
export async function openDocument(
  ctx: ActorContext,
  input: { steps: readonly StepSpec[]; given?: readonly GivenApproval[] },
): Promise<{ itemId: string; ref: string; progress: ApprovalProgress; route: PlannedStep[] }> {
  const count = await ctx.tx.approval.count({ where: { orgId: ctx.orgId, workflow: DOC_WORKFLOW } });
  const itemId = randomUUID();
  const ref = `T${count + 1}`;
  const departmentId = ctx.actor.departmentIds[0]!;
  const doc = { itemRef: ref, requesterId: ctx.actor.userId, departmentId, submittedAt: ctx.clock.now() };
  const { progress, route } = await openApproval(
    ctx,
    {
      workflow: DOC_WORKFLOW,
      itemId,
      itemRef: ref,
      requester: { person: ctx.actor, departmentId },
      steps: input.steps,
      ...(input.given ? { given: input.given } : {}),
    },
    docPresenter(ctx, doc),
  );
  await ctx.reply(
    progress.outcome === 'approved'
      ? `已提交 ${ref}，无需审批。`
      : `已提交 ${ref}。审批顺序：${describeRoute(ctx, route)}`,
  );
  return { itemId, ref, progress, route };
}

/** After a return: the document's next round, with fresh cards. */
export async function resubmitDocument(
  ctx: ActorContext,
  itemId: string,
  steps: readonly StepSpec[],
): Promise<ApprovalProgress> {
  const { doc, present } = await presenterFor(ctx, itemId);
  const key = { workflow: DOC_WORKFLOW, itemId };
  const approval = (await findApproval(ctx, key))!;
  const { progress } = await resubmitApproval(ctx, key, requesterOf(ctx, approval), steps, present);
  await ctx.reply(`已重新提交 ${doc.itemRef}（第${approval.round + 1}轮）。`);
  return progress;
}
