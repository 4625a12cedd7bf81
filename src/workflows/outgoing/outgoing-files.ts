import { findApproval } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import type { DocumentFileVersion } from '../../kit/files/document-files.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { refusal } from '../../shared/errors.js';
import { BEFORE_SIGNOFF, OUTGOING_MACHINE } from './outgoing-machine.js';
import { mainKey, sendFileToHolders } from './outgoing-approval.js';
import { findDocument, findDocumentOrRefuse, isSecret, stateOf } from './outgoing-store.js';

/**
 * `附件 F<n>` and the file sent right after 发文: the drafter or the office may attach the draft's
 * text until it is signed off (a signed text does not change); never to a 秘密/机密 document, whose
 * text may not be processed here at all (spec 2.6).
 */
export async function mayAttachFile(ctx: ActorContext, ref: string): Promise<{ itemId: string }> {
  const document = await findDocumentOrRefuse(ctx, ref);
  if (isSecret(document))
    throw refusal(
      'NOT_ALLOWED',
      `${document.ref} 是${document.secrecy}文件，按保密规定正文不能发到本系统，请到综合办公室办理。`,
    );
  if (document.drafterId !== ctx.actor.userId && !hasAnyRole(ctx.actor, OFFICE_ROLES))
    throw refusal(
      'NOT_ALLOWED',
      `只有拟稿人${personName(ctx.directory, document.drafterId)}或综合办公室可以给 ${document.ref} 附正文。`,
    );
  if (!BEFORE_SIGNOFF.includes(stateOf(document)))
    throw refusal(
      'CONFLICT',
      `${document.ref} 当前状态为「${stateLabel(OUTGOING_MACHINE, document.state)}」：签发后的正文不能再更改。`,
    );
  return { itemId: document.id };
}

/**
 * A new version is stored (the sender was told so by src/inbound/receive-file.ts): whoever holds an
 * open step gets it beside their card at once (the file that arrives after 发文 while 核稿 waits);
 * after a 退回 the drafter is reminded to 重新提交. The reply says only what this did.
 */
export async function fileAttached(ctx: ActorContext, file: DocumentFileVersion): Promise<void> {
  const document = await findDocument(ctx, file.itemRef);
  if (!document) return;
  if (stateOf(document) === 'returned') {
    await ctx.reply(`修改完成后请发送「重新提交 ${document.ref}」，新一轮核稿、会签、签发会用这一版。`);
    return;
  }
  const approval = await findApproval(ctx, mainKey(document));
  const open = approval?.state === 'open' ? approval.steps.find((step) => step.state === 'open') : undefined;
  const holders = open?.holders.filter((holder) => holder.state === 'pending').map((holder) => holder.userId) ?? [];
  if (!open || holders.length === 0) return;
  await sendFileToHolders(ctx, document, holders);
  const names = holders.map((userId) => personName(ctx.directory, userId)).join('、');
  await ctx.reply(`已另发给正在${open.name}的${names}。`);
}
