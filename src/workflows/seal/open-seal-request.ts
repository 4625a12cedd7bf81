import { randomUUID } from 'node:crypto';
import type { PersonInfo, SealInfo } from '../../directory/types.js';
import {
  describeRoute,
  openApproval,
  type ApprovalProgress,
  type GivenApproval,
  type PlannedStep,
} from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import { linkItems } from '../../kit/item-links.js';
import { allocateReference } from '../../kit/numbering/allocate-reference.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { refusal } from '../../shared/errors.js';
import { giveToKeeper, sealApprovalKey, sealApprovalSteps, sealPresenter, approvalsSoFar } from './seal-approval.js';
import { findSuspension, moveSealRequest, SEAL_WORKFLOW_ID, type SealRequest } from './seal-request-store.js';

export interface NewSealRequest {
  applicant: PersonInfo;
  purpose: string;
  document: string;
  copies: number;
  seal: SealInfo;
  plannedAt?: Date | null;
  /** 关联: the 发文 it stamps */
  relatedRef?: string | null;
  /** approvals given elsewhere that count here (the 发文's 签发) */
  given?: readonly GivenApproval[];
}

export interface OpenedSealRequest {
  request: SealRequest;
  progress: ApprovalProgress;
  route: PlannedStep[];
  /** `王芳（部门负责人） → 赵立（分管校领导） → 李梅（用印）` */
  routeText: string;
}

/**
 * Opens a seal request in the caller's transaction: Y<n>, its approval (first step's cards and
 * work items), or straight to the keeper when nothing is left to approve. `用印` calls it, and so
 * may another workflow (发文 opens the seal request for a signed-off document with its 签发 given,
 * and links the two): spec 3.1's rules hold either way.
 */
export async function openSealRequest(ctx: BaseContext, input: NewSealRequest): Promise<OpenedSealRequest> {
  const suspension = await findSuspension(ctx.tx, ctx.orgId, input.seal.id);
  if (suspension)
    throw refusal(
      'CONFLICT',
      `印章「${input.seal.name}」已暂停使用（${suspension.reason}），暂不能申请。恢复后会另行通知。`,
    );
  const departmentId = input.applicant.departmentIds[0];
  if (!departmentId) throw refusal('INVALID_INPUT', '您在通讯录中没有所属部门，无法确定审批人。请联系综合办公室。');

  const now = ctx.clock.now();
  const ref = await allocateReference(ctx, 'Y');
  const created = await ctx.tx.sealRequest.create({
    data: {
      id: randomUUID(),
      orgId: ctx.orgId,
      ref,
      applicantId: input.applicant.userId,
      departmentId,
      purpose: input.purpose,
      document: input.document,
      copies: input.copies,
      sealId: input.seal.id,
      sealName: input.seal.name,
      plannedAt: input.plannedAt ?? null,
      relatedRef: input.relatedRef ?? null,
      state: 'submitted',
      keeperId: input.seal.keeper,
      createdAt: now,
      updatedAt: now,
    },
  });
  await recordAudit(ctx, { itemType: SEAL_WORKFLOW_ID, itemRef: ref, action: 'submit', toState: 'submitted' });
  if (input.relatedRef) await linkItems(ctx, { fromRef: ref, toRef: input.relatedRef, kind: 'seal_for' });

  const { progress, route } = await openApproval(
    ctx,
    {
      ...sealApprovalKey(created),
      itemRef: ref,
      requester: { person: input.applicant, departmentId },
      steps: sealApprovalSteps(input.seal),
      ...(input.given ? { given: input.given } : {}),
    },
    sealPresenter(ctx, created),
  );
  const routeText = [describeRoute(ctx, route), `${personName(ctx.directory, input.seal.keeper)}（用印）`]
    .filter(Boolean)
    .join(' → ');
  if (progress.outcome === 'approved') {
    const approved = await moveSealRequest(
      ctx,
      created,
      'approve_all_skipped',
      {},
      {
        comment: route.length > 0 ? '审批已在关联事项中完成' : '审批步骤均由申请人本人担任，免审批',
      },
    );
    await giveToKeeper(ctx, approved, await approvalsSoFar(ctx, approved));
    return { request: approved, progress, route, routeText };
  }
  const inApproval = await moveSealRequest(
    ctx,
    created,
    'start_approval',
    {},
    {
      comment: progress.outcome === 'waiting' ? `第${progress.step.number}步：${waitingNames(ctx, progress)}` : null,
    },
  );
  return { request: inApproval, progress, route, routeText };
}

/** Who a step waits on: 「王芳、李强」 (all of them), 「王芳或李强」 (any one). */
export function waitingNames(ctx: BaseContext, progress: Extract<ApprovalProgress, { outcome: 'waiting' }>): string {
  const names = progress.waitingOn.map((userId) => personName(ctx.directory, userId));
  return names.join(progress.step.mode === 'any_of' ? '或' : '、');
}
