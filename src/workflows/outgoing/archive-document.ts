import type { ActorContext } from '../../kit/context.js';
import type { ArchiveRequest } from '../../kit/document-hooks.js';
import { allocateArchiveCode } from '../../kit/numbering/allocate-archive-code.js';
import { orgYear } from '../../kit/numbering/number-scopes.js';
import { ARCHIVING_ROLES, hasAnyRole } from '../../kit/people.js';
import { planTransition, stateLabel } from '../../kit/state-machine.js';
import { refusal } from '../../shared/errors.js';
import { documentLabel } from './describe-outgoing.js';
import { OUTGOING_MACHINE } from './outgoing-machine.js';
import { lockDocumentWithCards, moveDocument, stateOf } from './outgoing-store.js';

/** The archive category when 归档 names none (spec 2.4: 文书档案). */
const DEFAULT_CATEGORY = '文书';

/**
 * `归档 F<n>` (spec 2.4, 2.5) by the office, the archivist or an administrator, once distributed:
 * the 档号 in the drafting department's series of the year it was signed, with category and retention.
 */
export async function archiveDocument(ctx: ActorContext, ref: string, request: ArchiveRequest): Promise<void> {
  if (!hasAnyRole(ctx.actor, ARCHIVING_ROLES))
    throw refusal('NOT_ALLOWED', '只有综合办公室、档案员和系统管理员可以归档。');
  const document = await lockDocumentWithCards(ctx, ref);
  // refused before a 件号 is taken, so a refusal leaves no number behind even for a moment
  if (!planTransition(OUTGOING_MACHINE, stateOf(document), 'archive', document.ref).isAllowed)
    throw refusal(
      'CONFLICT',
      stateOf(document) === 'archived'
        ? `${document.ref} 已归档，档号 ${document.archiveCode}。`
        : `${document.ref} 当前状态为「${stateLabel(OUTGOING_MACHINE, document.state)}」，发文分发后才能归档。`,
    );
  const code = await allocateArchiveCode(ctx, {
    departmentId: document.departmentId,
    retention: request.retention,
    year: orgYear(document.signedAt ?? document.createdAt, ctx.timezone),
  });
  const category = request.category?.trim() || DEFAULT_CATEGORY;
  await moveDocument(
    ctx,
    document,
    'archive',
    { archiveCode: code.text, archiveCategory: category, retention: request.retention, archivedAt: ctx.clock.now() },
    { comment: `档号 ${code.text}` },
  );
  await ctx.reply(
    `已归档 ${documentLabel(document)}，档号：${code.text}（${category}，保管期限${request.retention}）。`,
  );
}
