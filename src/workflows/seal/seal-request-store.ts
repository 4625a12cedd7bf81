import { z } from 'zod';
import type { Tx } from '../../db/prisma.js';
import type { SealRequest } from '../../generated/prisma/client.js';
import { AppError, refusal } from '../../shared/errors.js';
import type { TransitionPlan } from '../../kit/state-machine.js';
import type { SealState } from './seal-machine.js';

export type { SealRequest };

export interface ChainStep {
  step: string;
  userId: string;
}

const CHAIN = z.array(z.object({ step: z.string(), userId: z.string() }));

/** The approval chain stored on the request (jsonb), checked when read. */
export function chainOf(request: SealRequest): ChainStep[] {
  return CHAIN.parse(request.chain);
}

export function stateOf(request: SealRequest): SealState {
  return request.state as SealState;
}

/**
 * Loads a request and locks its row for the rest of the transaction: every decision on one request
 * (two approvers, a keeper, a suspension, a retried click) is taken one after the other.
 */
export async function lockSealRequest(
  tx: Tx,
  orgId: string,
  by: { id: string } | { ref: string },
): Promise<SealRequest | undefined> {
  const rows =
    'id' in by
      ? await tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM seal_request WHERE org_id = ${orgId} AND id = ${by.id} FOR UPDATE`
      : await tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM seal_request WHERE org_id = ${orgId} AND ref = ${by.ref.toUpperCase()} FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? ((await tx.sealRequest.findUnique({ where: { id } })) ?? undefined) : undefined;
}

export async function lockSealRequestOrRefuse(tx: Tx, orgId: string, ref: string): Promise<SealRequest> {
  const request = await lockSealRequest(tx, orgId, { ref });
  if (!request) throw refusal('NOT_FOUND', `没有找到 ${ref.toUpperCase()}，请核对编号。`);
  return request;
}

/**
 * Applies a planned transition as compare-and-set on (state, step); losing the race is a conflict,
 * never a silent overwrite. `at` is the injected clock's now: updatedAt is when the request came to
 * its holder (我的待办 orders by it), and Prisma's @updatedAt would write the wall clock instead.
 */
export async function moveSealRequest(
  tx: Tx,
  request: SealRequest,
  plan: TransitionPlan<SealState>,
  data: Partial<Pick<SealRequest, 'currentStep' | 'holderId' | 'stampedCopies' | 'usedAt' | 'closingReason'>>,
  at: Date,
): Promise<SealRequest> {
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
  const moved = await tx.sealRequest.updateMany({
    where: { id: request.id, state: plan.from, currentStep: request.currentStep },
    data: { ...data, state: plan.to, updatedAt: at },
  });
  if (moved.count === 0)
    throw new AppError(
      'CONFLICT',
      `${request.ref} changed under us`,
      `${request.ref} 刚刚被其他人处理过，请发送「查询 ${request.ref}」查看最新状态。`,
    );
  return { ...request, ...data, state: plan.to, updatedAt: at };
}

export async function findSuspension(
  tx: Tx,
  orgId: string,
  sealId: string,
): Promise<{ reason: string; changedBy: string; changedAt: Date } | undefined> {
  const row = await tx.sealSuspension.findUnique({ where: { orgId_sealId: { orgId, sealId } } });
  return row?.isSuspended ? row : undefined;
}
