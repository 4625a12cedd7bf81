import { randomUUID } from 'node:crypto';
import { outgoingReceiptCard } from '../../../cards/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import { sendCard } from '../../kit/cards/send-card.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { sendFileBeside } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { planTransition } from '../../kit/state-machine.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems, openWorkItem } from '../../kit/work-items.js';
import type { CardActionOutcome, WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { cardFacts, documentLabel, endOfNextWorkingDay, secrecyOf, workItemFacts } from './describe-outgoing.js';
import { resolveRecipients, type InternalRecipient } from './distribution-recipients.js';
import { OUTGOING_MACHINE } from './outgoing-machine.js';
import { currentFile } from './outgoing-approval.js';
import {
  findDocumentOrRefuse,
  lockDocument,
  lockDocumentWithCards,
  moveDocument,
  OUTGOING_WORKFLOW_ID,
  relationsTo,
  stateOf,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

/** A recipient's card is sent for their row of document_distribution. */
const RECEIPT_CARD_PREFIX = 'receipt:';

const COPY_KINDS = { main: '主送', copy: '抄送' } as const;

function requireDistributable(ctx: ActorContext, document: OutgoingDocument): void {
  const plan = planTransition(
    OUTGOING_MACHINE,
    stateOf(document),
    'distribute',
    document.ref,
    relationsTo(ctx, document),
  );
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
}

/**
 * `分发 F<n>` (spec 2.5, 3.3) by the office, once signed off (the keeper may still be stamping):
 * each recipient in the directory gets a card [已收到] with the file beside it and a day to confirm;
 * outside bodies are listed as such. 主送/抄送 typed here replace the draft's.
 */
export function distributeCommand(offers: OutgoingOffers): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '分发',
      summary: '把已签发的发文分发给主送、抄送的部门和人员，并跟踪签收',
      example: '分发 F3 主送:教务处、学生发展中心 抄送:区教育局',
      roles: ['office', 'office_director'],
      ref: { prefixes: ['F'], required: true, question: '要分发哪一份发文？' },
      freeText: 'none',
    },
    fields: {
      主送: field.text({ aliases: ['主送单位'] }),
      抄送: field.text({ aliases: ['抄送单位'] }),
    },
    async authorize(ctx, { ref }) {
      requireDistributable(ctx, await findDocumentOrRefuse(ctx, ref));
    },
    async execute(ctx, { ref, values }) {
      const document = await lockDocumentWithCards(ctx, ref);
      requireDistributable(ctx, document);
      const mainTo = values.主送 ?? document.mainTo;
      const copyTo = values.抄送 ?? document.copyTo;
      const recipients = resolveRecipients(ctx.directory, { main: mainTo, copy: copyTo });
      if (recipients.internal.length + recipients.external.length === 0)
        throw refusal(
          'INVALID_INPUT',
          `${document.ref} 没有写主送、抄送。请写明发给谁，例如「分发 ${document.ref} 主送:教务处 抄送:区教育局」。`,
        );
      const now = ctx.clock.now();
      const dueAt = endOfNextWorkingDay(ctx, now);
      const distributed = await moveDocument(
        ctx,
        document,
        'distribute',
        { mainTo, copyTo, distributedAt: now },
        {
          comment: `分发${recipients.internal.length}人${recipients.external.length > 0 ? `，外部${recipients.external.length}家` : ''}`,
        },
      );
      for (const recipient of recipients.internal) await sendToRecipient(ctx, distributed, recipient, dueAt);
      await closeWorkItems(ctx, { kind: 'doc_distribution', sourceId: document.id });
      const seal = document.sealRequestRef
        ? await offers.seals.sealRequestStatus(ctx, document.sealRequestRef)
        : undefined;
      const list = (kind: 'main' | 'copy') =>
        recipients.internal
          .filter((recipient) => recipient.copyKind === kind)
          .map((recipient) => recipient.label)
          .join('、');
      await ctx.reply(
        [
          `已分发 ${documentLabel(distributed)}（${distributed.documentNumber}）：`,
          ...(list('main') ? [`主送：${list('main')}`] : []),
          ...(list('copy') ? [`抄送：${list('copy')}`] : []),
          ...(recipients.external.length > 0 ? [`外部：${recipients.external.join('、')}（外部，无需确认）`] : []),
          recipients.internal.length > 0
            ? `已请${recipients.internal.length}人在 ${deadlineText(dueAt, ctx)}前确认收到，全部确认后告诉您。`
            : '没有需要确认收到的校内人员。',
          ...(seal && !seal.isStamped
            ? [`注意：用印申请 ${document.sealRequestRef} 还没有用印（${seal.label}），纸质件请盖章后再发出。`]
            : []),
        ].join('\n'),
      );
    },
  });
}

async function sendToRecipient(
  ctx: ActorContext,
  document: OutgoingDocument,
  recipient: InternalRecipient,
  dueAt: Date,
): Promise<void> {
  const row = await ctx.tx.documentDistribution.create({
    data: {
      id: randomUUID(),
      orgId: ctx.orgId,
      documentId: document.id,
      recipientId: recipient.userId,
      departmentId: recipient.departmentId ?? null,
      copyKind: recipient.copyKind,
      sentBy: ctx.actor.userId,
      sentAt: ctx.clock.now(),
      dueAt,
    },
  });
  const file = await currentFile(ctx, document);
  await sendCard(ctx, {
    toUserId: recipient.userId,
    workflow: OUTGOING_WORKFLOW_ID,
    itemId: document.id,
    itemRef: document.ref,
    sentForState: `${RECEIPT_CARD_PREFIX}${row.id}`,
    card: outgoingReceiptCard(cardFacts(ctx, document, file?.version), {
      documentNumber: document.documentNumber ?? document.ref,
      copyKind: COPY_KINDS[recipient.copyKind],
      due: deadlineText(dueAt, ctx),
    }),
    ...secrecyOf(ctx, document, dueAt),
  });
  if (file) await sendFileBeside(ctx, recipient.userId, file);
  await openWorkItem(ctx, {
    ...workItemFacts(ctx, document, '发文签收'),
    workflow: OUTGOING_WORKFLOW_ID,
    itemId: document.id,
    itemRef: document.ref,
    kind: 'doc_receipt',
    sourceId: row.id,
    holderId: recipient.userId,
    dueAt,
  });
}

/** [已收到]: the confirmation is recorded; the office member who distributed hears when all have. */
export async function confirmReceipt(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const document = await lockDocument(ctx, card.itemId);
  const rowId = card.sentForState.startsWith(RECEIPT_CARD_PREFIX)
    ? card.sentForState.slice(RECEIPT_CARD_PREFIX.length)
    : undefined;
  const row =
    document && rowId
      ? await ctx.tx.documentDistribution.findFirst({ where: { id: rowId, documentId: document.id } })
      : null;
  if (!document || !row) throw refusal('CONFLICT', `${card.itemRef} 的这张卡片已失效。`, { isCardStale: true });
  if (row.recipientId !== ctx.actor.userId)
    throw refusal(
      'NOT_ALLOWED',
      `${document.ref} 需由收件人${personName(ctx.directory, row.recipientId)}本人确认收到。`,
    );
  const now = ctx.clock.now();
  const confirmed = await ctx.tx.documentDistribution.updateMany({
    where: { id: row.id, confirmedAt: null },
    data: { confirmedAt: now },
  });
  if (confirmed.count === 0)
    throw refusal('CONFLICT', `您已确认收到 ${document.ref}，不用再确认。`, { isCardStale: true });
  await closeWorkItems(ctx, { kind: 'doc_receipt', sourceId: row.id });
  await recordAudit(ctx, {
    itemType: OUTGOING_WORKFLOW_ID,
    itemRef: document.ref,
    action: 'confirm_receipt',
    comment: `${ctx.actor.name}确认收到`,
  });
  const rows = await ctx.tx.documentDistribution.findMany({
    where: { documentId: document.id },
    select: { confirmedAt: true },
  });
  if (rows.every((each) => each.confirmedAt !== null))
    await tell(
      ctx,
      row.sentBy,
      `${documentLabel(document)}（${document.documentNumber}）的${rows.length}位收件人已全部确认收到。`,
    );
  return { kind: 'applied', resultText: decisionStamp('已收到', ctx.actor.name, now, ctx.timezone) };
}
