import { z } from 'zod';
import type { Tx } from '../db/prisma.js';
import type { FieldValue } from './command-spec.js';

/** An unanswered question expires after this (spec 2.5). */
export const CONVERSATION_TTL_MS = 10 * 60_000;

/**
 * The one question a person has open (one row per person): a half-finished command, a confirmation,
 * or a workflow's question (a rejection reason), with everything typed so far.
 */
export interface PendingCommand {
  /** the command keyword, or `~<workflow>.<continuation>` for a workflow's question */
  command: string;
  ref?: string;
  freeText: string;
  values: Record<string, FieldValue>;
  /** the field being asked for now, or a confirmation (see pending-question.ts) */
  awaitingField: string;
  /** optional fields whose typed value was wrong, still to be asked again */
  recheck?: string[];
  /** workflow-specific data a continuation needs (e.g. the card a reason is for) */
  context?: Record<string, string>;
  /** what still stands if this question ends unanswered (「已放弃驳回，Y2 仍在等您审批。」); computed when asked */
  abandonedNote?: string;
  /** one line reminding of the question after another command was answered meanwhile */
  reminder?: string;
}

export interface StoredConversation extends PendingCommand {
  expiresAt: Date;
  isExpired: boolean;
}

const DATE_TAG = '$date';

type StoredValue = Exclude<FieldValue, Date> | { [DATE_TAG]: string };

function encode(values: Record<string, FieldValue>): Record<string, StoredValue> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      value instanceof Date ? { [DATE_TAG]: value.toISOString() } : value,
    ]),
  );
}

function decode(values: Record<string, StoredValue>): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'object' && DATE_TAG in value ? new Date(value[DATE_TAG]) : value,
    ]),
  );
}

/** The `state` column as written by {@link saveConversation}; checked when read (jsonb has no shape). */
const STORED_STATE = z.object({
  ref: z.string().optional(),
  freeText: z.string().optional(),
  values: z
    .record(
      z.string(),
      z.union([
        z.string(),
        z.number(),
        z.array(z.string()),
        z.object({ [DATE_TAG]: z.string() }),
        z.object({ userIds: z.array(z.string()), departmentIds: z.array(z.string()) }),
      ]),
    )
    .optional(),
  recheck: z.array(z.string()).optional(),
  context: z.record(z.string(), z.string()).optional(),
  abandonedNote: z.string().optional(),
  reminder: z.string().optional(),
});

export async function loadConversation(
  tx: Tx,
  orgId: string,
  userId: string,
  now: Date,
): Promise<StoredConversation | undefined> {
  const row = await tx.conversation.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!row) return undefined;
  const parsed = STORED_STATE.safeParse(row.state);
  // A question stored in another shape (written by an older version) cannot be continued: it is
  // treated as expired, so the person hears it was dropped rather than being stuck with it.
  const state = parsed.success ? parsed.data : {};
  return {
    command: row.command,
    ref: state.ref,
    freeText: state.freeText ?? '',
    values: decode(state.values ?? {}),
    awaitingField: row.awaitingField,
    recheck: state.recheck,
    context: state.context,
    abandonedNote: state.abandonedNote,
    reminder: state.reminder,
    expiresAt: row.expiresAt,
    isExpired: !parsed.success || row.expiresAt.getTime() <= now.getTime(),
  };
}

/** Saves the person's open question; it expires CONVERSATION_TTL_MS after `now`. */
export async function saveConversation(
  tx: Tx,
  orgId: string,
  userId: string,
  pending: PendingCommand,
  now: Date,
): Promise<void> {
  const state: z.input<typeof STORED_STATE> = {
    ref: pending.ref,
    freeText: pending.freeText,
    values: encode(pending.values),
    recheck: pending.recheck,
    context: pending.context,
    abandonedNote: pending.abandonedNote,
    reminder: pending.reminder,
  };
  const expiresAt = new Date(now.getTime() + CONVERSATION_TTL_MS);
  // updatedAt is written from the injected clock: Prisma's @updatedAt would take the wall clock
  const data = {
    command: pending.command,
    state: state as object,
    awaitingField: pending.awaitingField,
    expiresAt,
    updatedAt: now,
  };
  await tx.conversation.upsert({
    where: { orgId_userId: { orgId, userId } },
    create: { orgId, userId, ...data },
    update: data,
  });
}

export async function clearConversation(tx: Tx, orgId: string, userId: string): Promise<void> {
  await tx.conversation.deleteMany({ where: { orgId, userId } });
}

/** Is the stored question still the one loaded earlier (not answered, replaced or refreshed since)? */
export function isSameQuestion(a: StoredConversation | undefined, b: StoredConversation | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.command === b.command &&
    a.awaitingField === b.awaitingField &&
    a.expiresAt.getTime() === b.expiresAt.getTime()
  );
}
