import { describeHistory } from '../../kit/describe-history.js';
import type { ActorContext } from '../../kit/context.js';
import { deadlineText, shortTime } from '../../kit/format-time.js';
import { hasAnyRole, personName, SUPERVISING_ROLES } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { refusal } from '../../shared/errors.js';
import { departmentName, overdueNote, SECRET_TITLE } from './describe-incoming.js';
import { INCOMING_MACHINE } from './incoming-machine.js';
import { circulationProgress } from './read-incoming.js';
import { findDocument, INCOMING_WORKFLOW_ID, isSecret, type IncomingDocument } from './incoming-store.js';

/** How each audited action of a document is named in its history. */
export const INCOMING_ACTION_NAMES: Record<string, string> = {
  register: '收文登记',
  propose: '拟办',
  approve: '同意拟办',
  instruct: '批示',
  return: '退回拟办',
  circulate: '送传阅',
  read: '已阅',
  feedback: '反馈',
  complete: '办结',
  archive: '归档',
  cancel: '撤销',
  transfer: '转交',
  hand_over: '人员变动，改由他人处理',
};

/** The newest history lines shown; older ones are counted. */
const HISTORY_SHOWN = 12;

/**
 * Who may see a document (spec 2.6: only people on its routing, the office and the leaders): the
 * office, the leaders, the archivist and the administrators; the registrar, the proposer and the
 * 签批 leader; a member of the lead department (of a 秘密/机密 one only its head); a reader; anyone
 * who held one of its approvals.
 */
export async function maySeeDocument(ctx: ActorContext, document: IncomingDocument): Promise<boolean> {
  const userId = ctx.actor.userId;
  if (hasAnyRole(ctx.actor, [...SUPERVISING_ROLES, 'archivist'])) return true;
  const onRoute = [document.registeredBy, document.proposedBy, document.proposalLeaderId, document.approvedBy];
  if (onRoute.includes(userId)) return true;
  const department = document.leadDepartmentId ? ctx.directory.department(document.leadDepartmentId) : undefined;
  if (department?.head === userId) return true;
  if (department && !isSecret(document) && ctx.actor.departmentIds.includes(department.id)) return true;
  const [readings, held] = await Promise.all([
    ctx.tx.documentReading.count({ where: { documentId: document.id, readerId: userId } }),
    ctx.tx.approvalHolder.count({
      where: { orgId: ctx.orgId, userId, step: { approval: { workflow: INCOMING_WORKFLOW_ID, itemId: document.id } } },
    }),
  ]);
  return readings + held > 0;
}

/**
 * `查询 S3`: state, numbers, the registration's fields, the proposal, the instruction, who holds what
 * now (with due and overdue, derived), circulation, feedback, result, 档号 and the newest history.
 */
export async function incomingStatusView(ctx: ActorContext, ref: string): Promise<string | undefined> {
  const document = await findDocument(ctx, ref);
  if (!document) return undefined;
  if (!(await maySeeDocument(ctx, document))) throw refusal('NOT_ALLOWED', `您无权查看 ${document.ref}。`);
  const secret = isSecret(document);
  const lines = [
    `【${document.ref} 收文】${stateLabel(INCOMING_MACHINE, document.state)}`,
    `收文编号：${document.incomingNumber}；收文日期：${shortTime(document.receivedAt, ctx.timezone)}`,
    secret ? `标题：「${SECRET_TITLE}」（${document.secrecy}，请到综合办公室阅件）` : `标题：《${document.title}》`,
    `来文单位：${document.senderOrg}；来文字号：${document.senderNumber ?? '—'}；份数：${document.copies}`,
    `密级：${document.secrecy}；缓急：${document.urgency}${document.deadlineAt ? `；来文期限：${deadlineText(document.deadlineAt, ctx)}` : ''}`,
    ...proposalLines(ctx, document),
    ...(await holderLines(ctx, document)),
    ...(await circulationLines(ctx, document)),
    ...(await feedbackLines(ctx, document)),
    ...(document.completedAt
      ? [
          `办结：${personName(ctx.directory, document.completedBy)} ${shortTime(document.completedAt, ctx.timezone)}${document.result ? `；办理结果：${document.result}` : ''}`,
        ]
      : []),
    ...(document.archiveCode
      ? [`档号：${document.archiveCode}（${document.archiveCategory ?? '—'}，保管期限${document.retention ?? '—'}）`]
      : []),
    ...(document.closingReason ? [`撤销原因：${document.closingReason}`] : []),
    // the words of a 反馈 are listed above, so the history names it only
    ...(await describeHistory(ctx, {
      itemType: INCOMING_WORKFLOW_ID,
      itemRef: document.ref,
      actionNames: INCOMING_ACTION_NAMES,
      newest: HISTORY_SHOWN,
      shownAbove: new Set(['feedback']),
    })),
  ];
  return lines.join('\n');
}

function proposalLines(ctx: ActorContext, document: IncomingDocument): string[] {
  if (!document.proposedAt) return [];
  return [
    `拟办：承办 ${departmentName(ctx, document.leadDepartmentId)}；期限 ${document.handlingDueAt ? deadlineText(document.handlingDueAt, ctx) : '—'}；提示 ${document.riskNote ?? '无'}；签批 ${personName(ctx.directory, document.proposalLeaderId)}（${personName(ctx.directory, document.proposedBy)}拟办）`,
    ...(document.approvedAt
      ? [
          `签批：${personName(ctx.directory, document.approvedBy)} ${shortTime(document.approvedAt, ctx.timezone)} 同意拟办${document.instruction ? `；批示：${document.instruction}` : ''}`,
        ]
      : []),
  ];
}

/** 当前：each open work item's holder, what they owe and by when, with overdue derived now. */
async function holderLines(ctx: ActorContext, document: IncomingDocument): Promise<string[]> {
  const open = await ctx.tx.workItem.findMany({
    where: { orgId: ctx.orgId, workflow: INCOMING_WORKFLOW_ID, itemId: document.id, doneAt: null },
    orderBy: [{ since: 'asc' }, { id: 'asc' }],
  });
  if (open.length === 0) return ['当前处理人：—'];
  return [
    '当前处理人：',
    ...open.map((item) => {
      const overdue = overdueNote(ctx, item.dueAt);
      const due = item.dueAt ? `（期限 ${deadlineText(item.dueAt, ctx)}${overdue ? `，${overdue}` : ''}）` : '';
      return `· ${personName(ctx.directory, item.holderId)} ${item.action}${due}`;
    }),
  ];
}

/** 传阅：已阅 2/3，未阅：张三 */
async function circulationLines(ctx: ActorContext, document: IncomingDocument): Promise<string[]> {
  const progress = await circulationProgress(ctx, document);
  if (progress.total === 0) return document.approvedAt ? ['传阅：尚未发起'] : [];
  const unread = progress.unread.length > 0 ? `，未阅：${progress.unread.join('、')}` : '，已全部阅知';
  return [`传阅：已阅 ${progress.read}/${progress.total}${unread}`];
}

async function feedbackLines(ctx: ActorContext, document: IncomingDocument): Promise<string[]> {
  const notes = await ctx.tx.documentNote.findMany({
    where: { orgId: ctx.orgId, itemRef: document.ref, kind: 'feedback' },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  if (notes.length === 0)
    return document.feedbackAt ? [`反馈：${shortTime(document.feedbackAt, ctx.timezone)} 已反馈`] : [];
  return [
    '反馈：',
    ...notes.map(
      (note) => `· ${shortTime(note.at, ctx.timezone)} ${personName(ctx.directory, note.authorId)}：${note.text}`,
    ),
  ];
}
