import type { Tx } from '../db/prisma.js';
import type { FieldValue } from './types.js';

/** An unanswered question expires after this (spec 2.5). */
export const CONVERSATION_TTL_MS = 10 * 60_000;

/** What a half-finished command remembers between messages. */
export interface PendingCommand {
  /** the command keyword (or an internal continuation, e.g. 'card-reason') */
  command: string;
  ref?: string;
  freeText: string;
  values: Record<string, FieldValue>;
  /** the field being asked for now */
  awaitingField: string;
  /** workflow-specific data a continuation needs (e.g. the card a reason is for) */
  context?: Record<string, string>;
}

export interface StoredConversation extends PendingCommand {
  isExpired: boolean;
}

const DATE_TAG = '$date';

function encode(values: Record<string, FieldValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value instanceof Date ? { [DATE_TAG]: value.toISOString() } : value]));
}

function decode(values: Record<string, unknown>): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (value && typeof value === 'object' && DATE_TAG in value) return [name, new Date(String((value as Record<string, unknown>)[DATE_TAG]))];
      return [name, value as FieldValue];
    }),
  );
}

export async function loadConversation(tx: Tx, orgId: string, userId: string, now: Date): Promise<StoredConversation | undefined> {
  const row = await tx.conversation.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!row) return undefined;
  const state = row.state as { ref?: string; freeText?: string; values?: Record<string, unknown>; context?: Record<string, string> };
  return {
    command: row.command,
    ref: state.ref,
    freeText: state.freeText ?? '',
    values: decode(state.values ?? {}),
    awaitingField: row.awaitingField,
    context: state.context,
    isExpired: row.expiresAt.getTime() <= now.getTime(),
  };
}

export async function saveConversation(tx: Tx, orgId: string, userId: string, pending: PendingCommand, now: Date): Promise<void> {
  const state = { ref: pending.ref, freeText: pending.freeText, values: encode(pending.values), context: pending.context };
  const expiresAt = new Date(now.getTime() + CONVERSATION_TTL_MS);
  await tx.conversation.upsert({
    where: { orgId_userId: { orgId, userId } },
    create: { orgId, userId, command: pending.command, state: state as object, awaitingField: pending.awaitingField, expiresAt },
    update: { command: pending.command, state: state as object, awaitingField: pending.awaitingField, expiresAt },
  });
}

export async function clearConversation(tx: Tx, orgId: string, userId: string): Promise<void> {
  await tx.conversation.deleteMany({ where: { orgId, userId } });
}
