import { findApproval, openStepOf } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { sendFileBeside, type DocumentFileVersion } from '../../kit/files/document-files.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { refusal } from '../../shared/errors.js';
import { instructionKey } from './incoming-approval.js';
import { findDocument, isSecret, lockDocument, notFound } from './incoming-store.js';

/**
 * `附件 S3`, or the file sent right after `收文`: the office or the registrar, while the document is
 * still being handled. Never for 秘密/机密 (spec 2.6, 保密法: classified files do not enter this system).
 */
export async function mayAttachIncoming(ctx: ActorContext, ref: string): Promise<{ itemId: string }> {
  const document = (await findDocument(ctx, ref)) ?? notFound(ref);
  if (document.registeredBy !== ctx.actor.userId && !hasAnyRole(ctx.actor, OFFICE_ROLES))
    throw refusal('NOT_ALLOWED', `只有综合办公室可以给收文 ${document.ref} 添加文件。`);
  if (isSecret(document))
    throw refusal(
      'NOT_ALLOWED',
      `${document.ref} 是${document.secrecy}件：按保密规定，涉密文件不能发到本系统，请按涉密件管理规定传递纸质文件。`,
    );
  if (document.state === 'archived' || document.state === 'cancelled')
    throw refusal(
      'CONFLICT',
      `${document.ref} ${document.state === 'archived' ? '已归档' : '已撤销'}，不能再添加文件。`,
    );
  return { itemId: document.id };
}

/**
 * A new version of the file was stored (the sender was told so by src/inbound/receive-file.ts):
 * whoever has a card open that asks them to decide (签批) or to read (传阅) gets it beside that card,
 * and each unread reading records the version it now has. The reply says only what this did, so
 * the sender gets one receipt, not two; a file that waits for the 拟办 needs no word more.
 */
export async function onIncomingFileAttached(ctx: ActorContext, file: DocumentFileVersion): Promise<void> {
  const document = await lockDocument(ctx, { ref: file.itemRef });
  if (!document) notFound(file.itemRef);
  const approval = await findApproval(ctx, instructionKey(document));
  const deciding = (approval && openStepOf(approval)?.holders.filter((holder) => holder.state === 'pending')) ?? [];
  const unread = await ctx.tx.documentReading.findMany({
    where: { documentId: document.id, readAt: null },
    orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
  });
  const sentTo = [
    ...new Set([...deciding.map((holder) => holder.userId), ...unread.map((reading) => reading.readerId)]),
  ];
  for (const userId of sentTo) await sendFileBeside(ctx, userId, file);
  if (unread.length > 0)
    await ctx.tx.documentReading.updateMany({
      where: { id: { in: unread.map((reading) => reading.id) } },
      data: { fileVersion: file.version },
    });
  if (sentTo.length === 0) return;
  const names = sentTo.map((userId) => personName(ctx.directory, userId)).join('、');
  await ctx.reply(`已另发给正在签批或阅件的${names}。`);
}
