import { AppError, refusal } from '../shared/errors.js';
import type { BaseContext, Via } from './context.js';
import { recordAudit } from './record-audit.js';
import { planTransition, type MachineDefinition, type TransitionActor } from './state-machine.js';

export interface TransitionRequest<State extends string, Event extends string> {
  machine: MachineDefinition<State, Event>;
  /** the audit's item type, e.g. 'seal' */
  itemType: string;
  itemRef: string;
  current: State;
  event: Event;
  /** how the person acting relates to the item, so a refusal names only what they can do now */
  relations?: ReadonlySet<TransitionActor>;
  /**
   * The compare-and-set: updates the item only if it is still in `from` (and whatever else must not
   * have moved) and says how many rows it changed. Called only when the transition is allowed.
   */
  update: (from: State, to: State) => Promise<number>;
  comment?: string | null;
  /** default: the context's */
  via?: Via;
}

/**
 * Applies one named transition: refuses in words (with what this person can do now) when the
 * machine does not allow it, applies it as a compare-and-set, and writes its audit record from the
 * plan (from, to, action, comment; who, when and how from the context). Losing the race to another
 * transaction is a crash, not a refusal: the event is retried and then sees the new state.
 */
export async function applyTransition<State extends string, Event extends string>(
  ctx: BaseContext,
  request: TransitionRequest<State, Event>,
): Promise<State> {
  const plan = planTransition(request.machine, request.current, request.event, request.itemRef, request.relations);
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
  const changed = await request.update(plan.from, plan.to);
  if (changed === 0) {
    throw new AppError(
      'CONFLICT',
      `${request.itemRef} changed under us (${plan.from} -> ${plan.to})`,
      `${request.itemRef} 刚刚被其他人处理过，请发送「查询 ${request.itemRef}」查看最新状态。`,
    );
  }
  await recordAudit(ctx, {
    itemType: request.itemType,
    itemRef: request.itemRef,
    action: plan.action,
    fromState: plan.from,
    toState: plan.to,
    comment: request.comment ?? null,
    ...(request.via ? { via: request.via } : {}),
  });
  return plan.to;
}
