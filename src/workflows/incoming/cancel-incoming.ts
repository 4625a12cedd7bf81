import { cancelApproval } from '../../kit/approvals/index.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { planTransition, stateLabel } from '../../kit/state-machine.js';
import { currentHolders } from '../../kit/work-items.js';
import { refusal } from '../../shared/errors.js';
import { documentLabel, keptTyped } from './describe-incoming.js';
import { instructionKey } from './incoming-approval.js';
import { INCOMING_MACHINE } from './incoming-machine.js';
import { closeAllDocumentWork } from './incoming-work.js';
import {
  findDocument,
  INCOMING_WORKFLOW_ID,
  lockDocumentOrRefuse,
  moveDocument,
  notFound,
  relationsTo,
  stateOf,
  type IncomingDocument,
} from './incoming-store.js';

/** The registrar or the office withdraws a document registered by mistake or no longer to be handled. */
function mayWithdraw(ctx: ActorContext, document: IncomingDocument): void {
  if (document.registeredBy === ctx.actor.userId || hasAnyRole(ctx.actor, OFFICE_ROLES)) return;
  throw refusal(
    'NOT_ALLOWED',
    `${document.ref} 只能由登记人${personName(ctx.directory, document.registeredBy)}或综合办公室撤销。`,
  );
}

/** Asked before the reason is: no such document, not theirs to withdraw, or a state past withdrawing. */
export async function mayIncomingBeCancelled(ctx: ActorContext, ref: string): Promise<{ standing: string }> {
  const document = (await findDocument(ctx, ref)) ?? notFound(ref);
  mayWithdraw(ctx, document);
  const plan = planTransition(INCOMING_MACHINE, stateOf(document), 'cancel', document.ref, relationsTo(ctx, document));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
  return { standing: `${document.ref} 仍为「${stateLabel(INCOMING_MACHINE, document.state)}」` };
}

/**
 * `取消 S3 原因:…`: the document is withdrawn before 办结; the 签批 still open is cancelled, every
 * card and work item on it closes, and whoever had one is told.
 */
export async function cancelIncoming(ctx: ActorContext, ref: string, reason: string): Promise<void> {
  const document = await lockDocumentOrRefuse(ctx, ref);
  mayWithdraw(ctx, document);
  const kept = keptTyped(ctx, document, reason.trim());
  const holders = await currentHolders(ctx, { workflow: INCOMING_WORKFLOW_ID, itemId: document.id });
  await moveDocument(ctx, document, 'cancel', { closingReason: kept }, { comment: kept });
  const waited = await cancelApproval(ctx, instructionKey(document), '收文已撤销');
  const cards = await closeItemCards(
    ctx,
    { workflow: INCOMING_WORKFLOW_ID, itemId: document.id },
    'stale',
    '收文已撤销',
  );
  await closeAllDocumentWork(ctx, document);
  const told = new Set([...waited, ...cards.map((card) => card.addresseeId), ...holders]);
  told.delete(ctx.actor.userId);
  for (const userId of told)
    await tell(ctx, userId, `收文 ${documentLabel(document)}已由${ctx.actor.name}撤销，无需再处理。原因：${kept}`);
  await ctx.reply(
    `已撤销收文 ${documentLabel(document)}${told.size > 0 ? `，已告知${[...told].map((userId) => personName(ctx.directory, userId)).join('、')}` : ''}。`,
  );
}
