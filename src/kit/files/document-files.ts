import { randomUUID } from 'node:crypto';
import { enqueueFile } from '../../outbox/enqueue-message.js';
import type { ActorContext, BaseContext } from '../context.js';

/** One version of an item's file (the document itself), as `document_file` keeps it. */
export interface DocumentFileVersion {
  id: string;
  itemRef: string;
  version: number;
  sha256: string;
  fileName: string;
  sizeBytes: number;
  uploadedBy: string;
  uploadedAt: Date;
}

/** How long the bot waits for the file after 收文, 发文 or 附件 <ref>. */
export const FILE_WAIT_MINUTES = 30;

/** The newest version of the item's file, if one was sent. */
export async function latestFile(ctx: BaseContext, itemRef: string): Promise<DocumentFileVersion | undefined> {
  const row = await ctx.tx.documentFile.findFirst({
    where: { orgId: ctx.orgId, itemRef },
    orderBy: { version: 'desc' },
  });
  return row ?? undefined;
}

/**
 * The next file the actor sends to the bot belongs to this item (after 收文, 发文, 附件 <ref>): one
 * expectation per person, replacing an older one, for {@link FILE_WAIT_MINUTES}.
 */
export async function expectFile(
  ctx: ActorContext,
  item: { workflow: string; itemId: string; itemRef: string },
): Promise<void> {
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + FILE_WAIT_MINUTES * 60_000);
  const values = { ...item, createdAt: now, expiresAt };
  await ctx.tx.expectedFile.upsert({
    where: { orgId_userId: { orgId: ctx.orgId, userId: ctx.actor.userId } },
    create: { orgId: ctx.orgId, userId: ctx.actor.userId, ...values },
    update: values,
  });
}

/**
 * Sends `file` to `toUserId` as a file message, in this transaction, beside the card that asks them
 * to decide or read. The caller never does this for a 秘密/机密 item (none has a file).
 */
export async function sendFileBeside(ctx: BaseContext, toUserId: string, file: DocumentFileVersion): Promise<void> {
  await enqueueFile(ctx.tx, { orgId: ctx.orgId, toUserId, sha256: file.sha256, fileName: file.fileName });
}

/** The item a file belongs to, as `expectFile` and `storeFileVersion` name it. */
export interface FileItem {
  /** the owning module's id: 'incoming', 'outgoing' */
  workflow: string;
  itemId: string;
  /** S12, F3 */
  itemRef: string;
}

/**
 * Records a file the actor sent (already in the file store under its sha256) as the item's next
 * version: 1, then one more per new file, so a resubmission after a 退回 carries a version the
 * decisions can name (`approval_holder.file_version`). The same bytes as the newest version are
 * not a new version: `isNew` is false and the newest version is returned (the caller tells the
 * person it is the same file). Versions of one item are numbered under a lock, so two files
 * arriving at once get 2 and 3, never 2 twice.
 */
export async function storeFileVersion(
  ctx: ActorContext,
  item: FileItem,
  file: { sha256: string; fileName: string; sizeBytes: number },
): Promise<{ isNew: boolean; file: DocumentFileVersion }> {
  await ctx.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`document_file:${ctx.orgId}:${item.itemRef}`}))`;
  const newest = await latestFile(ctx, item.itemRef);
  if (newest?.sha256 === file.sha256) return { isNew: false, file: newest };
  const created = await ctx.tx.documentFile.create({
    data: {
      id: randomUUID(),
      orgId: ctx.orgId,
      workflow: item.workflow,
      itemId: item.itemId,
      itemRef: item.itemRef,
      version: (newest?.version ?? 0) + 1,
      sha256: file.sha256,
      fileName: file.fileName,
      sizeBytes: file.sizeBytes,
      uploadedBy: ctx.actor.userId,
      uploadedAt: ctx.clock.now(),
    },
  });
  return { isNew: true, file: created };
}
