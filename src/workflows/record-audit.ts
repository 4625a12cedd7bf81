import type { Tx } from '../db/prisma.js';

export interface AuditEntry {
  orgId: string;
  actorId: string;
  itemType: string;
  itemRef: string;
  /** what happened, e.g. 'approve', 'suspend' */
  action: string;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  via: 'command' | 'card' | 'schedule' | 'system';
  at: Date;
}

/** Every transition writes one (spec 3): in the same transaction as the transition itself. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: entry.orgId,
      actorId: entry.actorId,
      itemType: entry.itemType,
      itemRef: entry.itemRef,
      action: entry.action,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      comment: entry.comment ?? null,
      via: entry.via,
      at: entry.at,
    },
  });
}
