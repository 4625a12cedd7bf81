import { createHash } from 'node:crypto';
import type { PrismaClient, Tx } from '../../db/prisma.js';

/** The first record's previous hash. */
export const GENESIS_HASH = '0'.repeat(64);

export interface RegisterRecord {
  seq: number;
  requestRef: string;
  sealId: string;
  sealName: string;
  document: string;
  copies: number;
  applicantId: string;
  approverIds: string;
  keeperId: string;
  usedAt: Date;
}

/** sha256 over the previous hash and the record's fields in a fixed order: any edit changes it. */
export function registerHash(prevHash: string, record: RegisterRecord): string {
  const canonical = JSON.stringify([
    record.seq,
    record.requestRef,
    record.sealId,
    record.sealName,
    record.document,
    record.copies,
    record.applicantId,
    record.approverIds,
    record.keeperId,
    record.usedAt.toISOString(),
  ]);
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

/**
 * Appends one 用印登记 record. A per-organisation advisory lock orders concurrent appends, so each
 * record links to the one before it; the table itself refuses UPDATE and DELETE.
 */
export async function appendToRegister(
  tx: Tx,
  orgId: string,
  entry: Omit<RegisterRecord, 'seq'>,
): Promise<RegisterRecord & { hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seal-register:${orgId}`}))`;
  const last = await tx.sealRegisterEntry.findFirst({ where: { orgId }, orderBy: { seq: 'desc' } });
  const record: RegisterRecord = { ...entry, seq: (last?.seq ?? 0) + 1 };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = registerHash(prevHash, record);
  await tx.sealRegisterEntry.create({ data: { orgId, ...record, prevHash, hash } });
  return { ...record, hash };
}

export interface RegisterVerification {
  orgId: string;
  entries: number;
  isIntact: boolean;
  /** the first record whose link or content does not check out */
  firstBroken?: { seq: number; requestRef: string; problem: string };
}

/** Walks the chain from the first record; reports the first record that was altered, removed or inserted. */
export async function verifyRegister(prisma: PrismaClient | Tx, orgId: string): Promise<RegisterVerification> {
  const rows = await prisma.sealRegisterEntry.findMany({ where: { orgId }, orderBy: { seq: 'asc' } });
  let expectedPrev = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const broken = (problem: string): RegisterVerification => ({
      orgId,
      entries: rows.length,
      isIntact: false,
      firstBroken: { seq: row.seq, requestRef: row.requestRef, problem },
    });
    if (row.seq !== index + 1) return broken(`序号应为 ${index + 1}，实际为 ${row.seq}（有记录被删除或插入）`);
    if (row.prevHash !== expectedPrev) return broken('与上一条记录的链接不符（上一条被改动、删除或插入）');
    if (registerHash(row.prevHash, row) !== row.hash) return broken('记录内容与其哈希不符（本条被改动）');
    expectedPrev = row.hash;
  }
  return { orgId, entries: rows.length, isIntact: true };
}
