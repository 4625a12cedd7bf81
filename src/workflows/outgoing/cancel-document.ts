import { cancelApproval } from '../../kit/approvals/index.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { voidNumber } from '../../kit/numbering/void-number.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { planTransition, stateLabel } from '../../kit/state-machine.js';
import { closeWorkItems, currentHolders } from '../../kit/work-items.js';
import { refusal } from '../../shared/errors.js';
import { documentLabel } from './describe-outgoing.js';
import { OUTGOING_MACHINE } from './outgoing-machine.js';
import { mainKey } from './outgoing-approval.js';
import {
  findDocumentOrRefuse,
  isSecret,
  lockDocumentWithCards,
  moveDocument,
  OUTGOING_WORKFLOW_ID,
  relationsTo,
  stateOf,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

/** What a 秘密/机密 document keeps of a reason typed about it (spec 2.6). */
const SECRET_REASON = '（涉密，原因请到综合办公室了解）';

/** The drafter withdraws their draft; the office may withdraw any (spec 2.5 取消, issue 12). */
function mayWithdraw(ctx: ActorContext, document: OutgoingDocument): void {
  if (document.drafterId !== ctx.actor.userId && !hasAnyRole(ctx.actor, OFFICE_ROLES))
    throw refusal(
      'NOT_ALLOWED',
      `${document.ref} 只能由拟稿人${personName(ctx.directory, document.drafterId)}或综合办公室撤销。`,
    );
  const state = stateOf(document);
  if (state === 'distributed') throw refusal('CONFLICT', `${document.ref} 已分发，不能撤销。如需废止，请另行发文。`);
  const plan = planTransition(OUTGOING_MACHINE, state, 'cancel', document.ref, relationsTo(ctx, document));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
}

/** Asked before the reason is: no such document, not theirs, or past distribution. */
export async function mayDocumentBeCancelled(ctx: ActorContext, ref: string): Promise<{ standing: string }> {
  const document = await findDocumentOrRefuse(ctx, ref);
  mayWithdraw(ctx, document);
  return { standing: `${document.ref} 仍${stateLabel(OUTGOING_MACHINE, document.state)}` };
}

/**
 * `取消 F<n> 原因:…`: before sign-off the approval ends and every card and work item on it closes;
 * after sign-off (not yet distributed) the 文号 is also voided (作废, never given again) and the seal
 * request withdrawn unless it was already stamped. Whoever was waiting on it is told.
 */
export function cancelDocument(offers: OutgoingOffers) {
  return async (ctx: ActorContext, ref: string, reason: string): Promise<void> => {
    const document = await lockDocumentWithCards(ctx, ref);
    mayWithdraw(ctx, document);
    const kept = isSecret(document) ? SECRET_REASON : reason;
    // spec 2.6: the message that carried a secret document's reason keeps no copy of it either
    if (isSecret(document)) ctx.forgetTypedText?.();
    const item = { workflow: OUTGOING_WORKFLOW_ID, itemId: document.id };
    const told = new Set([...(await currentHolders(ctx, item)), document.drafterId]);
    told.delete(ctx.actor.userId);
    await moveDocument(ctx, document, 'cancel', { closingReason: kept }, { comment: kept });
    await cancelApproval(ctx, mainKey(document), '发文已撤销');
    await closeWorkItems(ctx, item);
    await closeItemCards(ctx, item, 'stale', '发文已撤销');

    const lines = [`已撤销 ${documentLabel(document)}。`];
    if (document.numberScope && document.numberSeq !== null) {
      const text = await voidNumber(ctx, {
        scope: document.numberScope,
        number: document.numberSeq,
        reason: `${document.ref} 撤销：${kept}`,
      });
      lines.push(`文号 ${text} 已作废，不再使用。`);
    }
    if (document.sealRequestRef) {
      const seal = await offers.seals.cancelSealRequestFor(ctx, {
        ref: document.sealRequestRef,
        reason: `${document.ref} 已撤销：${kept}`,
      });
      lines.push(
        seal.isStamped
          ? `用印申请 ${document.sealRequestRef} 已经用印，请把盖好章的文件交回综合办公室销毁。`
          : `用印申请 ${document.sealRequestRef} ${seal.label}。`,
      );
    }
    for (const userId of told)
      await tell(ctx, userId, `${documentLabel(document)}已由${ctx.actor.name}撤销，无需再处理。原因：${kept}`);
    await ctx.reply(lines.join('\n'));
  };
}
