import type { ArchiveRequest } from '../../kit/document-hooks.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { allocateArchiveCode } from '../../kit/numbering/allocate-archive-code.js';
import { orgYear } from '../../kit/numbering/number-scopes.js';
import { refusal } from '../../shared/errors.js';
import { closeAllDocumentWork } from './incoming-work.js';
import { INCOMING_WORKFLOW_ID, lockDocumentOrRefuse, moveDocument, stateOf } from './incoming-store.js';

/** 类别 when 归档 names none: the 文书 of DA/T 22, which every document here is. */
export const DEFAULT_ARCHIVE_CATEGORY = '文书';

/**
 * `归档 S3 保管期限:30年` (spec 2.4, 2.5): a document handled to the end gets its 档号 (DA/T 22, in
 * the lead department's 机构代码 and the year it was received), category and retention; whatever
 * still waited on it (an unread circulation card) is closed.
 */
export async function archiveIncoming(ctx: ActorContext, ref: string, request: ArchiveRequest): Promise<void> {
  const document = await lockDocumentOrRefuse(ctx, ref);
  const state = stateOf(document);
  if (state === 'archived')
    throw refusal('CONFLICT', `${document.ref} 已经归档，档号 ${document.archiveCode ?? '—'}。`);
  if (state !== 'completed')
    throw refusal(
      'CONFLICT',
      state === 'cancelled'
        ? `${document.ref} 已撤销，不能归档。`
        : `${document.ref} 还没有办结，办结后才能归档（承办部门发送「办结 ${document.ref}」）。`,
    );
  const category = request.category?.trim() || DEFAULT_ARCHIVE_CATEGORY;
  const code = await allocateArchiveCode(ctx, {
    departmentId: document.leadDepartmentId ?? ctx.actor.departmentIds[0] ?? '',
    retention: request.retention,
    year: orgYear(document.receivedAt, ctx.timezone),
  });
  const now = ctx.clock.now();
  await moveDocument(
    ctx,
    document,
    'archive',
    { archiveCode: code.text, archiveCategory: category, retention: request.retention, archivedAt: now },
    { comment: `档号 ${code.text}，${category}，保管期限${request.retention}` },
  );
  await closeAllDocumentWork(ctx, document);
  await closeItemCards(ctx, { workflow: INCOMING_WORKFLOW_ID, itemId: document.id }, 'stale', '已归档');
  await ctx.reply(
    `已归档 ${document.ref}（${document.incomingNumber}），档号 ${code.text}（类别：${category}，保管期限：${request.retention}）。`,
  );
}
