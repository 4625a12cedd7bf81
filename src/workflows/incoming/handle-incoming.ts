import { addDocumentNote } from '../../kit/document-notes.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand } from '../../kit/define-command.js';
import { tell } from '../../kit/notify.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { departmentName, documentLabel, keptTyped } from './describe-incoming.js';
import { closeDocumentWork } from './incoming-work.js';
import {
  INCOMING_WORKFLOW_ID,
  isInLeadDepartment,
  isSecret,
  lockDocumentOrRefuse,
  moveDocument,
  stateOf,
  type IncomingDocument,
} from './incoming-store.js';

/** 反馈 and 办结 are the lead department's; the office may record them for it. */
function requireHandler(ctx: ActorContext, document: IncomingDocument, doing: string): void {
  if (isInLeadDepartment(ctx, document, ctx.actor.userId) || hasAnyRole(ctx.actor, OFFICE_ROLES)) return;
  throw refusal(
    'NOT_ALLOWED',
    document.leadDepartmentId
      ? `${document.ref} 由${departmentName(ctx, document.leadDepartmentId)}承办，只有承办部门或综合办公室可以${doing}。`
      : `${document.ref} 还没有承办部门，暂不能${doing}。`,
  );
}

/** Handling happens between the leader's approval and 办结; say what stands otherwise. */
function requireHandling(document: IncomingDocument, doing: string): void {
  const state = stateOf(document);
  if (state === 'handling') return;
  const why: Record<string, string> = {
    registered: '还没有拟办和批示',
    proposed: '还在等领导签批',
    returned: '的拟办被退回，还没有重新拟办',
    completed: '已经办结',
    archived: '已经归档',
    cancelled: '已经撤销',
  };
  throw refusal('CONFLICT', `${document.ref} ${why[state] ?? '不在办理中'}，不能${doing}。`);
}

/** The office member who proposed it and the leader who agreed: told of 反馈 and 办结. */
async function tellOfficeAndLeader(ctx: ActorContext, document: IncomingDocument, text: string): Promise<string[]> {
  const told = [document.proposedBy ?? document.registeredBy, document.approvedBy ?? document.proposalLeaderId]
    .filter((userId): userId is string => Boolean(userId) && userId !== ctx.actor.userId)
    .filter((userId, index, all) => all.indexOf(userId) === index);
  for (const userId of told) await tell(ctx, userId, text);
  return told.map((userId) => personName(ctx.directory, userId));
}

/**
 * `反馈 S3 <text>` (spec 2.5, 3.2): the lead department reports how the handling goes; the first is
 * the 反馈 the seeds require within 5 working days. The office and the leader are told.
 */
export const reportFeedback = defineCommand({
  spec: {
    keyword: '反馈',
    summary: '承办部门反馈收文的办理情况',
    example: '反馈 S3 已召开年级组长会布置，方案周五前完成',
    ref: { prefixes: ['S'], required: true, question: '反馈哪一份收文的办理情况？' },
    freeText: 'required',
  },
  fields: {},
  async execute(ctx, { ref, freeText }) {
    const document = await lockDocumentOrRefuse(ctx, ref);
    requireHandler(ctx, document, '反馈办理情况');
    requireHandling(document, '反馈');
    const text = keptTyped(ctx, document, freeText.trim());
    const now = ctx.clock.now();
    await ctx.tx.incomingDocument.updateMany({
      where: { id: document.id, feedbackAt: null },
      data: { feedbackAt: now, updatedAt: now },
    });
    await recordAudit(ctx, {
      itemType: INCOMING_WORKFLOW_ID,
      itemRef: document.ref,
      action: 'feedback',
      comment: text,
    });
    await addDocumentNote(ctx, document, { kind: 'feedback', authorId: ctx.actor.userId, text });
    await closeDocumentWork(ctx, document, ['doc_feedback']);
    const told = await tellOfficeAndLeader(
      ctx,
      document,
      isSecret(document)
        ? `${documentLabel(document)}有新的办理反馈（${ctx.actor.name}），请到综合办公室查阅。`
        : `${documentLabel(document)}办理反馈（${ctx.actor.name}）：${clip(text, 300)}`,
    );
    await ctx.reply(
      `已记录 ${document.ref} 的办理反馈${told.length > 0 ? `，已告知${told.join('、')}` : ''}。办完后发送「办结 ${document.ref} 办理结果」。`,
    );
  },
});

/**
 * `办结 S3 [办理结果]` (spec 2.5, 3.2): the lead department (or the office for it) closes the
 * handling; what waited on the department is done, the office and the leader are told.
 */
export const completeIncoming = defineCommand({
  spec: {
    keyword: '办结',
    summary: '承办部门报告收文已办理完毕（可写办理结果）',
    example: '办结 S3 已按通知要求完成寒假安全教育并上报',
    ref: { prefixes: ['S'], required: true, question: '哪一份收文办结了？' },
    freeText: 'optional',
  },
  fields: {},
  async execute(ctx, { ref, freeText }) {
    const document = await lockDocumentOrRefuse(ctx, ref);
    requireHandler(ctx, document, '办结');
    requireHandling(document, '办结');
    const now = ctx.clock.now();
    const result = freeText.trim() ? keptTyped(ctx, document, freeText.trim()) : null;
    const done = await moveDocument(
      ctx,
      document,
      'complete',
      { completedAt: now, completedBy: ctx.actor.userId, result },
      { comment: result },
    );
    if (result) await addDocumentNote(ctx, done, { kind: 'completion', authorId: ctx.actor.userId, text: result });
    await closeDocumentWork(ctx, done, ['doc_feedback', 'doc_completion']);
    const timeliness = onTime(ctx, done);
    const told = await tellOfficeAndLeader(
      ctx,
      done,
      [
        `${documentLabel(done)}已由${ctx.actor.name}办结（${timeliness}）${result && !isSecret(done) ? `：${clip(result, 300)}` : '。'}`,
        `归档请发送「归档 ${done.ref} 保管期限:30年」（永久/30年/10年）。`,
      ].join('\n'),
    );
    await ctx.reply(
      `已办结 ${done.ref}（${timeliness}）${told.length > 0 ? `，已告知${told.join('、')}` : ''}。综合办公室将归档。`,
    );
  },
});

/** 按期 or 逾期N个工作日, against the handling deadline, derived from the calendar (never stored). */
function onTime(ctx: ActorContext, document: IncomingDocument): string {
  const due = document.handlingDueAt;
  const at = document.completedAt ?? ctx.clock.now();
  if (!due || at.getTime() <= due.getTime()) return '按期';
  const days = ctx.directory.calendar.workingDaysBetween(due, at);
  return days > 0 ? `逾期${days}个工作日` : '逾期不足1个工作日';
}
