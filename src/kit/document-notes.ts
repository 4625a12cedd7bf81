import type { BaseContext } from './context.js';
import { isClassified } from './cards/protect-secret.js';

/** What `document_note` keeps (its CHECK): 拟办, 批示, 退回, 反馈, 办结 of a 收文; 核稿, 会签, 签发 of a 发文. */
export type DocumentNoteKind =
  'proposal' | 'instruction' | 'returned' | 'feedback' | 'completion' | 'review' | 'cosign' | 'signoff';

/**
 * A document's words in order, for 查询 and the 登记簿. Never for a 秘密/机密 document (spec 2.6):
 * its words stay on paper, so nothing is written.
 */
export async function addDocumentNote(
  ctx: BaseContext,
  document: { ref: string; secrecy: string },
  note: { kind: DocumentNoteKind; authorId: string; text: string },
): Promise<void> {
  if (isClassified(document)) return;
  await ctx.tx.documentNote.create({
    data: {
      orgId: ctx.orgId,
      itemRef: document.ref,
      kind: note.kind,
      authorId: note.authorId,
      text: note.text,
      at: ctx.clock.now(),
    },
  });
}
