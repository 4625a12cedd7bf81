import { randomUUID } from 'node:crypto';
import { incomingReadingCard } from '../../../cards/index.js';
import { findApproval, waitingOn } from '../../kit/approvals/index.js';
import { sendCard } from '../../kit/cards/send-card.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { latestFile, sendFileBeside } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { refusal } from '../../shared/errors.js';
import { cardSecrecy, hoursLater, incomingCardFacts } from './describe-incoming.js';
import { instructionKey } from './incoming-approval.js';
import { closeDocumentWork, openDocumentWork } from './incoming-work.js';
import {
  INCOMING_WORKFLOW_ID,
  isSecret,
  lockDocumentOrRefuse,
  stateOf,
  type IncomingDocument,
} from './incoming-store.js';

/** A reader's card is sent for their reading; a tap counts while it is unread. */
export function readingCardState(readingId: string): string {
  return `reading:${readingId}`;
}

export function readingIdOfCard(sentForState: string): string | undefined {
  return sentForState.startsWith('reading:') ? sentForState.slice('reading:'.length) : undefined;
}

/**
 * `传阅 S3 人员:… 部门:…` (spec 2.5, 3.2): the office sends the approved document round. Every new
 * reader (a department means its head) gets a card [已阅] with the file beside it, due
 * `circulation_first_read_hours` after their card; someone already on the list is not sent it again.
 */
export const circulateIncoming = defineCommand({
  spec: {
    keyword: '传阅',
    summary: '把已批示的收文送人员或部门（部门负责人）传阅，跟踪谁已阅',
    example: '传阅 S3 人员:@lihua @fengtao 部门:总务处',
    roles: ['office', 'office_director'],
    ref: { prefixes: ['S'], required: true, question: '传阅哪一份收文？' },
    freeText: 'none',
  },
  fields: {
    人员: field.people({ aliases: ['读者', '阅件人'], question: '传阅给哪些人？' }),
    部门: field.departments({ aliases: ['阅件部门'], question: '传阅给哪些部门（发给部门负责人）？' }),
  },
  async execute(ctx, { ref, values }) {
    const document = await lockDocumentOrRefuse(ctx, ref);
    await requireCirculable(ctx, document);
    const people = values.人员 ?? [];
    const departments = values.部门 ?? [];
    if (people.length === 0 && departments.length === 0)
      throw refusal(
        'INVALID_INPUT',
        `请写明传阅给谁，例如「传阅 ${document.ref} 人员:@李华 部门:教务处」（部门发给部门负责人）。`,
      );
    const notes: string[] = [];
    const wanted = new Map<string, string | null>();
    for (const person of people) if (!wanted.has(person.userId)) wanted.set(person.userId, null);
    for (const department of departments) {
      const head = department.head ? ctx.directory.person(department.head) : undefined;
      if (!head?.isActive) notes.push(`${department.name}没有部门负责人，未送阅，请改写具体人员。`);
      else if (!wanted.has(head.userId)) wanted.set(head.userId, department.id);
    }
    const already = await ctx.tx.documentReading.findMany({
      where: { documentId: document.id, readerId: { in: [...wanted.keys()] } },
      select: { readerId: true },
    });
    const skipped = already.map((reading) => reading.readerId);
    for (const userId of skipped) wanted.delete(userId);
    if (skipped.length > 0)
      notes.push(
        `${skipped.map((userId) => personName(ctx.directory, userId)).join('、')}已在传阅名单中，未重复发送。`,
      );

    const sent = await sendToReaders(ctx, document, wanted);
    if (sent.length === 0) {
      await ctx.reply([`没有新的传阅对象，${document.ref} 的传阅名单没有变化。`, ...notes].join('\n'));
      return;
    }
    const due = hoursLater(ctx.clock.now(), ctx.directory.config.sla.circulation_first_read_hours);
    await ctx.reply(
      [
        `已送 ${document.ref} 传阅：${sent.map((userId) => readerLabel(ctx, userId, wanted.get(userId) ?? null)).join('、')}，请于 ${deadlineText(due, ctx)} 前阅知。`,
        ...notes,
        `发送「查询 ${document.ref}」查看谁已阅。`,
      ].join('\n'),
    );
  },
});

/** 「冯涛（学生发展中心负责人）」 for a reader sent as their department's head. */
function readerLabel(ctx: ActorContext, userId: string, departmentId: string | null): string {
  const department = departmentId ? ctx.directory.department(departmentId) : undefined;
  return department
    ? `${personName(ctx.directory, userId)}（${department.name}负责人）`
    : personName(ctx.directory, userId);
}

/** 传阅 runs beside handling, so from the leader's approval on (spec 3.2); never before, never once closed. */
async function requireCirculable(ctx: ActorContext, document: IncomingDocument): Promise<void> {
  const state = stateOf(document);
  if (state === 'handling' || state === 'completed') return;
  if (state === 'proposed') {
    const approval = await findApproval(ctx, instructionKey(document));
    const names =
      (approval && (await waitingOn(ctx, approval))) ?? personName(ctx.directory, document.proposalLeaderId);
    throw refusal('CONFLICT', `${document.ref} 还在等${names}批示，批示后才能传阅。`);
  }
  if (state === 'registered' || state === 'returned')
    throw refusal('CONFLICT', `${document.ref} 还没有经领导批示，请先「拟办 ${document.ref}」，批示后才能传阅。`);
  throw refusal('CONFLICT', `${document.ref} ${state === 'archived' ? '已归档' : '已撤销'}，不能再传阅。`);
}

/** Each reader's row, card (file beside) and work item; the office's 「发起传阅」 is done. Returns who got it. */
async function sendToReaders(
  ctx: ActorContext,
  document: IncomingDocument,
  readers: Map<string, string | null>,
): Promise<string[]> {
  if (readers.size === 0) return [];
  const now = ctx.clock.now();
  const due = hoursLater(now, ctx.directory.config.sla.circulation_first_read_hours);
  const file = isSecret(document) ? undefined : await latestFile(ctx, document.ref);
  const facts = incomingCardFacts(ctx, document);
  for (const [readerId, departmentId] of readers) {
    const id = randomUUID();
    await ctx.tx.documentReading.create({
      data: {
        id,
        orgId: ctx.orgId,
        documentId: document.id,
        readerId,
        departmentId,
        sentBy: ctx.actor.userId,
        sentAt: now,
        dueAt: due,
        fileVersion: file?.version ?? null,
      },
    });
    await sendCard(ctx, {
      toUserId: readerId,
      workflow: INCOMING_WORKFLOW_ID,
      itemId: document.id,
      itemRef: document.ref,
      sentForState: readingCardState(id),
      card: incomingReadingCard(facts, { sentBy: ctx.actor.name, due: deadlineText(due, ctx) }),
      ...cardSecrecy(ctx, document, due),
    });
    if (file) await sendFileBeside(ctx, readerId, file);
    await openDocumentWork(ctx, document, { kind: 'doc_reading', holderId: readerId, dueAt: due, sourceId: id });
  }
  await ctx.tx.incomingDocument.updateMany({
    where: { id: document.id, circulationStartedAt: null },
    data: { circulationStartedAt: now },
  });
  await closeDocumentWork(ctx, document, ['doc_circulation']);
  const names = [...readers.keys()].map((userId) => personName(ctx.directory, userId)).join('、');
  await recordAudit(ctx, {
    itemType: INCOMING_WORKFLOW_ID,
    itemRef: document.ref,
    action: 'circulate',
    comment: names,
  });
  return [...readers.keys()];
}
