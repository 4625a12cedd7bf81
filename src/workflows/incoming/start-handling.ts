import type { ActorContext } from '../../kit/context.js';
import { latestFile, sendFileBeside } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { clip } from '../../shared/text.js';
import { departmentName, documentLabel, earlier, hoursLater, workingDaysLater } from './describe-incoming.js';
import { openDocumentWork } from './incoming-work.js';
import { isSecret, moveDocument, type IncomingDocument } from './incoming-store.js';

/**
 * The leader agreed to the 拟办 (a tap on [同意拟办], or a `批示` in words): the document is in
 * handling. Circulation and handling start side by side (spec 3.2): the office that proposed it is
 * due to start 传阅 within `circulation_first_read_hours` (seeds: 24小时内传阅至首阅人); the lead
 * department's head is told, due to report 反馈 by the earlier of `handling_feedback_working_days`
 * and the handling deadline, and to finish (办结) by that deadline.
 */
export async function startHandling(
  ctx: ActorContext,
  document: IncomingDocument,
  how: { event: 'approve' | 'instruct'; instruction?: string; via?: 'card' },
): Promise<IncomingDocument> {
  const now = ctx.clock.now();
  const sla = ctx.directory.config.sla;
  const moved = await moveDocument(
    ctx,
    document,
    how.event,
    { approvedBy: ctx.actor.userId, approvedAt: now, ...(how.instruction ? { instruction: how.instruction } : {}) },
    { comment: how.instruction ?? null, isStepHolder: true, ...(how.via ? { via: how.via } : {}) },
  );
  const proposer = moved.proposedBy ?? moved.registeredBy;
  const circulationDue = hoursLater(now, sla.circulation_first_read_hours);
  await openDocumentWork(ctx, moved, { kind: 'doc_circulation', holderId: proposer, dueAt: circulationDue });
  const verb = how.event === 'instruct' ? '批示同意' : '同意';
  const words = how.instruction && !isSecret(moved) ? `，批示：${clip(how.instruction, 200)}` : '';
  await tell(
    ctx,
    proposer,
    `${ctx.actor.name}已${verb} ${documentLabel(moved)}的拟办意见${words}。请在 ${deadlineText(circulationDue, ctx)} 前发起传阅：「传阅 ${moved.ref} 人员:… 部门:…」。`,
  );
  await giveToLeadDepartment(ctx, moved, words);
  return moved;
}

/** The lead department's head: told, with the file beside, and due to report and to finish. */
async function giveToLeadDepartment(ctx: ActorContext, document: IncomingDocument, words: string): Promise<void> {
  const headId = document.leadDepartmentId ? ctx.directory.department(document.leadDepartmentId)?.head : undefined;
  const handlingDue = document.handlingDueAt;
  if (!headId || !handlingDue) return;
  const sla = ctx.directory.config.sla;
  const feedbackDue = earlier(workingDaysLater(ctx, ctx.clock.now(), sla.handling_feedback_working_days), handlingDue);
  await openDocumentWork(ctx, document, { kind: 'doc_feedback', holderId: headId, dueAt: feedbackDue });
  await openDocumentWork(ctx, document, { kind: 'doc_completion', holderId: headId, dueAt: handlingDue });
  const where = isSecret(document) ? '请到综合办公室阅件。\n' : '';
  const risk = document.riskNote && !isSecret(document) ? `\n提示：${document.riskNote}` : '';
  await tell(
    ctx,
    headId,
    [
      `${documentLabel(document)}（${document.incomingNumber}，${document.senderOrg}）由${departmentName(ctx, document.leadDepartmentId)}承办，${personName(ctx.directory, ctx.actor.userId)}已同意拟办${words}。${risk}`,
      `${where}办理期限：${deadlineText(handlingDue, ctx)}。请在 ${deadlineText(feedbackDue, ctx)} 前反馈办理情况：「反馈 ${document.ref} 内容」；办完后发送「办结 ${document.ref} 办理结果」。`,
    ].join('\n'),
  );
  if (isSecret(document)) return;
  const file = await latestFile(ctx, document.ref);
  if (file) await sendFileBeside(ctx, headId, file);
}
