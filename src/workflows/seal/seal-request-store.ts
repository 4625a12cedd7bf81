import type { Tx } from '../../db/prisma.js';
import type { SealRequest } from '../../generated/prisma/client.js';
import { refusal } from '../../shared/errors.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import type { TransitionActor } from '../../kit/state-machine.js';
import { applyTransition } from '../../kit/transition.js';
import { SEAL_MACHINE, type SealEvent, type SealState } from './seal-machine.js';

export type { SealRequest };

export const SEAL_WORKFLOW_ID = 'seal';

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

/** How the actor relates to the request, so a refusal names only what they can do now. */
export function relationsTo(ctx: BaseContext, request: SealRequest): Set<TransitionActor> {
  const relations = new Set<TransitionActor>();
  if (!('actor' in ctx)) return relations;
  const userId = (ctx as ActorContext).actor.userId;
  if (request.applicantId === userId) relations.add('requester');
  if (request.keeperId === userId) relations.add('keeper');
  return relations;
}

/**
 * Applies a named transition to a request (kit/transition.ts): compare-and-set on its state, its
 * other fields written with it, the audit record from the plan. `updatedAt` is the injected clock's.
 */
export async function moveSealRequest(
  ctx: BaseContext,
  request: SealRequest,
  event: SealEvent,
  data: Partial<Pick<SealRequest, 'stampedCopies' | 'usedAt' | 'closingReason' | 'keeperId'>> = {},
  audit: { comment?: string | null; via?: 'card' } = {},
): Promise<SealRequest> {
  const now = ctx.clock.now();
  const to = await applyTransition(ctx, {
    machine: SEAL_MACHINE,
    itemType: SEAL_WORKFLOW_ID,
    itemRef: request.ref,
    current: stateOf(request),
    event,
    relations: relationsTo(ctx, request),
    update: async (from, next) =>
      (
        await ctx.tx.sealRequest.updateMany({
          where: { id: request.id, state: from },
          data: { ...data, state: next, updatedAt: now },
        })
      ).count,
    comment: audit.comment ?? null,
    ...(audit.via ? { via: audit.via } : {}),
  });
  return { ...request, ...data, state: to, updatedAt: now };
}

export async function findSuspension(
  tx: Tx,
  orgId: string,
  sealId: string,
): Promise<{ reason: string; changedBy: string; changedAt: Date } | undefined> {
  const row = await tx.sealSuspension.findUnique({ where: { orgId_sealId: { orgId, sealId } } });
  return row?.isSuspended ? row : undefined;
}
