import { findApproval, type GivenApproval } from '../../kit/approvals/index.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { deadlineText } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import { allocateDocumentNumber } from '../../kit/numbering/allocate-document-number.js';
import { OFFICE_ROLES, personName } from '../../kit/people.js';
import { openWorkItem } from '../../kit/work-items.js';
import { isRefusal } from '../../shared/errors.js';
import { documentLabel, endOfNextWorkingDay, workItemFacts } from './describe-outgoing.js';
import { mainKey } from './outgoing-approval.js';
import {
  moveDocument,
  OUTGOING_WORKFLOW_ID,
  type DocumentChange,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

/** The seal an issued document is stamped with unless its series names another (spec 3.3). */
const DEFAULT_SEAL = '校章';

/**
 * The last approval is given (spec 3.3): in the same transaction the 文号 is allocated in the series
 * and the year, the document is issued, its seal request opened (the approvals of this round given,
 * so nobody is asked twice) and the office given the distribution to do. A seal request that cannot
 * be opened (a suspended seal) leaves the document issued: the office is told and may 分发 it all the
 * same once the paper is stamped by hand.
 */
export async function issueDocument(
  ctx: BaseContext,
  offers: OutgoingOffers,
  document: OutgoingDocument,
  change: { data?: DocumentChange; note?: string; via?: 'card' },
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  const number = await allocateDocumentNumber(ctx, document.seriesId);
  let issued = await moveDocument(
    ctx,
    document,
    'sign',
    {
      ...change.data,
      documentNumber: number.text,
      numberScope: number.scope,
      numberSeq: number.number,
      signedBy: hasActor(ctx) ? ctx.actor.userId : document.signoffLeaderId,
      signedAt: now,
    },
    {
      comment: [change.note, `文号 ${number.text}`].filter(Boolean).join('；'),
      ...(change.via ? { via: change.via } : {}),
    },
  );
  const seal = await openLinkedSealRequest(ctx, offers, issued);
  if ('ref' in seal)
    issued = await moveDocument(
      ctx,
      issued,
      'open_seal',
      { sealRequestRef: seal.ref },
      { comment: `用印申请 ${seal.ref}` },
    );
  const distributor = distributorOf(ctx, issued);
  const dueAt = new Date(Math.max(issued.issueDueAt.getTime(), endOfNextWorkingDay(ctx, now).getTime()));
  if (distributor)
    await openWorkItem(ctx, {
      ...workItemFacts(ctx, issued, '发文分发'),
      workflow: OUTGOING_WORKFLOW_ID,
      itemId: issued.id,
      itemRef: issued.ref,
      kind: 'doc_distribution',
      sourceId: issued.id,
      holderId: distributor,
      dueAt,
    });
  const sealLine = 'ref' in seal ? `用印申请 ${seal.ref} 已提交。` : `用印申请没有提交成功：${seal.problem}`;
  await tell(ctx, issued.drafterId, `您拟稿的 ${documentLabel(issued)}已签发，文号：${number.text}。${sealLine}`);
  if (distributor)
    await tell(
      ctx,
      distributor,
      `${documentLabel(issued)}已签发（${number.text}）。${sealLine}用印后请发送「分发 ${issued.ref}」，期限 ${deadlineText(dueAt, ctx)}。`,
    );
  return issued;
}

/** Who distributes: whoever reviewed it (核稿), else the office director, else anyone of the office. */
function distributorOf(ctx: BaseContext, document: OutgoingDocument): string | undefined {
  const reviewer = document.reviewedBy ? ctx.directory.person(document.reviewedBy) : undefined;
  if (reviewer?.isActive) return reviewer.userId;
  for (const role of [...OFFICE_ROLES].reverse()) {
    const person = ctx.directory.peopleWithRole(role)[0];
    if (person) return person.userId;
  }
  return undefined;
}

/** This round's approvals, as the seal request counts them: 「已在 F3 签发」. */
async function givenApprovals(ctx: BaseContext, document: OutgoingDocument): Promise<GivenApproval[]> {
  const approval = await findApproval(ctx, mainKey(document));
  return (approval?.steps ?? []).flatMap((step) =>
    step.holders
      .filter((holder) => holder.state === 'approved' && holder.decidedAt)
      .map((holder) => ({
        userId: holder.decidedBy ?? holder.userId,
        at: holder.decidedAt!,
        note: `已在 ${document.ref} ${step.name}`,
      })),
  );
}

/**
 * Opens the document's seal request through the seal workflow, as the drafter. Its refusal (a
 * suspended seal, a step nobody holds) must not undo the sign-off: it is rolled back to a savepoint
 * of its own and returned as words.
 */
async function openLinkedSealRequest(
  ctx: BaseContext,
  offers: OutgoingOffers,
  document: OutgoingDocument,
): Promise<{ ref: string } | { problem: string }> {
  const series = ctx.directory.config.documentSeries.find((each) => each.id === document.seriesId);
  const given = await givenApprovals(ctx, document);
  await ctx.tx.$executeRawUnsafe('SAVEPOINT outgoing_seal_request');
  try {
    const opened = await offers.seals.openSealRequestFor(ctx, {
      forRef: document.ref,
      applicantId: document.drafterId,
      purpose: `印发 ${document.documentNumber ?? document.ref}`,
      // a 秘密/机密 document's title is 涉密件 already (spec 2.6)
      document: document.title,
      copies: document.printCopies,
      seal: series?.seal ?? DEFAULT_SEAL,
      given,
    });
    await ctx.tx.$executeRawUnsafe('RELEASE SAVEPOINT outgoing_seal_request');
    return { ref: opened.ref };
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await ctx.tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT outgoing_seal_request');
    return { problem: `${error.userMessage}请综合办公室处理后用「用印 … 关联:${document.ref}」提交。` };
  }
}

/** The signer's reply: the 文号 and what follows. */
export function issuedReply(ctx: BaseContext, document: OutgoingDocument): string {
  const seal = document.sealRequestRef ? `用印申请 ${document.sealRequestRef} 已提交，` : '';
  return `已签发 ${documentLabel(document)}，文号：${document.documentNumber}。${seal}由${personName(ctx.directory, distributorOf(ctx, document))}分发。`;
}
