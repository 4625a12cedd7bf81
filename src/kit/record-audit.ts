import { hasActor, type BaseContext, type Via } from './context.js';
import { SYSTEM_ACTOR } from './people.js';

export interface AuditEntry {
  itemType: string;
  itemRef: string;
  /** what happened, e.g. 'approve', 'suspend' */
  action: string;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  /**
   * Default: the context's (a command, a card tap; `schedule` without an actor). A decision taken
   * on a card whose words came by chat afterwards (a rejection's reason) is still `card`.
   */
  via?: Via;
}

/**
 * Every transition writes one (spec 3), in the same transaction as the transition itself. Who and
 * when come from the context: the person acting, or the system actor for a schedule; the clock.
 */
export async function recordAudit(ctx: BaseContext, entry: AuditEntry): Promise<void> {
  await ctx.tx.auditLog.create({
    data: {
      orgId: ctx.orgId,
      actorId: hasActor(ctx) ? ctx.actor.userId : SYSTEM_ACTOR,
      itemType: entry.itemType,
      itemRef: entry.itemRef,
      action: entry.action,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      comment: entry.comment ?? null,
      via: entry.via ?? (hasActor(ctx) ? ctx.via : 'schedule'),
      at: ctx.clock.now(),
    },
  });
}
