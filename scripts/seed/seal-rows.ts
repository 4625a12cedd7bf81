import { randomUUID } from 'node:crypto';
import type { RegisterRecord } from '../../src/workflows/seal/seal-register.js';
import type { Directory, SealInfo } from '../../src/directory/types.js';
import { planApproval, requireResolved, type PlannedStep } from '../../src/kit/approvals/index.js';
import { applicantLabel, sealRequestSubject } from '../../src/workflows/seal/describe-seal-request.js';
import { sealApprovalSteps } from '../../src/workflows/seal/seal-approval.js';
import type { Random } from './random.js';
import type { SeedRows } from './seed-tables.js';
import { SEAL_WORKFLOW_ID } from '../../src/workflows/seal/seal-request-store.js';

const HOUR = 3_600_000;
const PURPOSES = [
  '报送区教育局',
  '申报课题',
  '签订合同',
  '出具证明',
  '报送年度总结',
  '办理资质年检',
  '申请经费',
  '学籍材料报送',
];
const DOCUMENTS = [
  '年度工作总结',
  '课题申报书',
  '采购合同',
  '在职证明',
  '教师资格认定材料',
  '学生获奖证明',
  '经费使用报告',
  '安全责任书',
];

/** Where a request ends up; `open` ones keep their approval or the keeper's 待用印 open. */
export type SealFate = 'in_approval' | 'approved' | 'used' | 'closed' | 'rejected' | 'cancelled';

export interface SealDraft {
  createdAt: Date;
  applicantId: string;
  seal: SealInfo;
  copies: number;
  purpose: string;
  document: string;
  plannedAt: Date | null;
}

export function draftSeal(
  createdAt: Date,
  staffIds: readonly string[],
  seals: readonly SealInfo[],
  random: Random,
): SealDraft {
  const plannedAt = random.chance(0.8) ? new Date(createdAt.getTime() + random.int(2, 72) * HOUR) : null;
  return {
    createdAt,
    applicantId: random.pick(staffIds),
    seal: random.chance(0.85) ? seals[0]! : (seals[1] ?? seals[0]!),
    copies: random.int(1, 10),
    purpose: random.pick(PURPOSES),
    document: `${random.pick(DOCUMENTS)}（${random.int(1, 999)}）`,
    plannedAt,
  };
}

/** Still waiting in the natural course: its planned use lies ahead, or it was filed in the last two days without one. */
export function isNaturallyOpen(draft: SealDraft, now: Date): boolean {
  return draft.plannedAt ? draft.plannedAt > now : now.getTime() - draft.createdAt.getTime() < 48 * HOUR;
}

/** A used request's register record, before the chain's seq and hashes are set (in used order, later). */
export type UnchainedRegisterEntry = Omit<RegisterRecord, 'seq'>;

export interface SealContext {
  orgId: string;
  directory: Directory;
  now: Date;
  random: Random;
  rows: SeedRows;
  register: UnchainedRegisterEntry[];
  nextHolderId: () => bigint;
}

const planCache = new Map<string, PlannedStep[]>();

/** The approval route as the kit plans it for this applicant (staff hold no step, so one per seal and department). */
function routeOf(ctx: SealContext, draft: SealDraft, departmentId: string): PlannedStep[] {
  const key = `${draft.seal.id}:${departmentId}`;
  let plan = planCache.get(key);
  if (!plan) {
    const person = ctx.directory.person(draft.applicantId)!;
    plan = requireResolved(planApproval(sealApprovalSteps(draft.seal), { person, departmentId }, ctx.directory));
    planCache.set(key, plan);
  }
  return plan;
}

/** Rows of one seal request as the workflow would have left them: request, approval, work items, register. */
export function addSealRows(ctx: SealContext, draft: SealDraft, ref: string, fate: SealFate): void {
  const { random, now, rows, orgId } = ctx;
  const id = randomUUID();
  const departmentId = ctx.directory.person(draft.applicantId)!.departmentIds[0]!;
  const route = routeOf(ctx, draft, departmentId);
  const clampNow = (at: number): Date => new Date(Math.min(at, now.getTime() - 60_000));
  const request = {
    applicantId: draft.applicantId,
    departmentId,
    sealName: draft.seal.name,
    copies: draft.copies,
    document: draft.document,
  };
  const facts = { requester: applicantLabel(ctx.directory, request), subject: sealRequestSubject(request) };

  // how far the approval got: every step for approved and used, some for the rest
  const stepsDecided =
    fate === 'approved' || fate === 'used' || fate === 'closed' ? route.length : random.int(0, route.length - 1);
  const approvalId = randomUUID();
  let at = draft.createdAt.getTime();
  const approverIds: string[] = [];
  for (const [position, step] of route.entries()) {
    const stepId = randomUUID();
    const isDecided = position < stepsDecided;
    const isCurrent = position === stepsDecided;
    const openedAt = isDecided || isCurrent ? clampNow(at) : null;
    const decidedAt =
      isDecided || (isCurrent && (fate === 'rejected' || fate === 'cancelled'))
        ? clampNow(at + random.int(10, 360) * 60_000)
        : null;
    const stepState = isDecided
      ? 'approved'
      : isCurrent
        ? fate === 'in_approval'
          ? 'open'
          : fate === 'rejected'
            ? 'rejected'
            : 'cancelled'
        : fate === 'in_approval'
          ? 'waiting'
          : 'cancelled';
    rows.approvalSteps.push([
      stepId,
      approvalId,
      1,
      position,
      step.mode,
      step.rules.join(','),
      step.name,
      stepState,
      openedAt,
      decidedAt,
    ]);
    for (const holder of step.holders) {
      const holderId = ctx.nextHolderId();
      const holderState = isDecided
        ? 'approved'
        : fate === 'in_approval'
          ? 'pending'
          : fate === 'rejected' && isCurrent
            ? 'rejected'
            : 'closed';
      const decidedBy = holderState === 'approved' || holderState === 'rejected' ? holder.userId : null;
      rows.approvalHolders.push([
        holderId,
        orgId,
        stepId,
        holder.userId,
        holder.rule,
        holderState,
        decidedBy ? decidedAt : null,
        decidedBy,
        holderState === 'rejected' ? '材料不全，请补充后重新申请' : null,
      ]);
      if (isDecided) approverIds.push(holder.userId);
      if (openedAt)
        rows.workItems.push([
          orgId,
          SEAL_WORKFLOW_ID,
          id,
          ref,
          'approval',
          holderId.toString(),
          holder.userId,
          'holder',
          '用印审批',
          facts.requester,
          facts.subject,
          draft.createdAt,
          draft.plannedAt,
          openedAt,
          draft.plannedAt,
          fate === 'in_approval' && isCurrent ? null : decidedAt,
        ]);
    }
    if (decidedAt) at = decidedAt.getTime();
  }
  const approvalState =
    fate === 'in_approval'
      ? 'open'
      : fate === 'rejected'
        ? 'rejected'
        : fate === 'cancelled'
          ? 'cancelled'
          : 'approved';
  rows.approvals.push([
    approvalId,
    orgId,
    SEAL_WORKFLOW_ID,
    id,
    ref,
    'main',
    draft.applicantId,
    departmentId,
    1,
    approvalState,
    draft.createdAt,
    clampNow(at),
  ]);

  let usedAt: Date | null = null;
  if (fate === 'approved' || fate === 'used' || fate === 'closed') {
    const keeperSince = clampNow(at);
    if (fate !== 'approved') usedAt = clampNow(Math.max(at + HOUR, draft.plannedAt?.getTime() ?? 0));
    rows.workItems.push([
      orgId,
      SEAL_WORKFLOW_ID,
      id,
      ref,
      'seal_use',
      id,
      draft.seal.keeper,
      'holder',
      '待用印',
      facts.requester,
      facts.subject,
      draft.createdAt,
      draft.plannedAt,
      keeperSince,
      draft.plannedAt,
      usedAt,
    ]);
  }
  if (usedAt)
    ctx.register.push({
      requestRef: ref,
      sealId: draft.seal.id,
      sealName: draft.seal.name,
      document: draft.document,
      copies: draft.copies,
      applicantId: draft.applicantId,
      approverIds: approverIds.join('|'),
      keeperId: draft.seal.keeper,
      usedAt,
    });
  const state = fate;
  const closingReason = fate === 'rejected' ? '材料不全，请补充后重新申请' : fate === 'cancelled' ? '申请人撤回' : null;
  rows.sealRequests.push([
    id,
    orgId,
    ref,
    draft.applicantId,
    departmentId,
    draft.purpose,
    draft.document,
    draft.copies,
    draft.seal.id,
    draft.seal.name,
    draft.plannedAt,
    state,
    usedAt ? draft.copies : null,
    draft.seal.keeper,
    usedAt,
    closingReason,
    draft.createdAt,
    usedAt ?? clampNow(at),
  ]);
}
