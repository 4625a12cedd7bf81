import { describeApprovalRoute, findApproval, waitingOn, type ApprovalRecord } from '../../kit/approvals/index.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import { latestFile } from '../../kit/files/document-files.js';
import { deadlineText, fullTime, shortTime } from '../../kit/format-time.js';
import { describeHistory } from '../../kit/describe-history.js';
import { hasAnyRole, personName, SUPERVISING_ROLES } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { departmentName, departmentNames, drafterLabel, seriesPrefix } from './describe-outgoing.js';
import { IN_APPROVAL, OUTGOING_MACHINE } from './outgoing-machine.js';
import { mainKey } from './outgoing-approval.js';
import {
  isSecret,
  OUTGOING_WORKFLOW_ID,
  stateOf,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

/** How each audited action of a document is named in its history. */
export const OUTGOING_ACTION_NAMES: Record<string, string> = {
  draft: '拟稿',
  submit: '提交核稿',
  resubmit: '重新提交',
  to_cosign: '送会签',
  cosign: '会签同意',
  to_signoff: '送签发',
  sign: '签发',
  return: '退回',
  open_seal: '送用印',
  distribute: '分发',
  confirm_receipt: '确认收到',
  archive: '归档',
  cancel: '撤销',
  transfer: '转交',
  hand_over: '人员变动，改由他人处理',
};

/** The newest history lines shown; older ones are counted. */
const HISTORY_SHOWN = 12;

/**
 * Who may see a document (issue 12): the office, leaders, the archivist and admins; its drafter, the
 * 签发 leader, the co-signing heads, its recipients and anyone who held a step of it; members of the
 * drafting department while it is not 秘密/机密.
 */
export async function maySeeDocument(ctx: ActorContext, document: OutgoingDocument): Promise<boolean> {
  const userId = ctx.actor.userId;
  if (hasAnyRole(ctx.actor, [...SUPERVISING_ROLES, 'archivist'])) return true;
  if (document.drafterId === userId || document.signoffLeaderId === userId) return true;
  if (!isSecret(document) && ctx.actor.departmentIds.includes(document.departmentId)) return true;
  if (document.cosignDepartmentIds.some((id) => ctx.directory.department(id)?.head === userId)) return true;
  const received = await ctx.tx.documentDistribution.count({ where: { documentId: document.id, recipientId: userId } });
  if (received > 0) return true;
  const held = await ctx.tx.approvalHolder.count({
    where: { orgId: ctx.orgId, userId, step: { approval: { workflow: OUTGOING_WORKFLOW_ID, itemId: document.id } } },
  });
  return held > 0;
}

/**
 * `查询 F<n>`: state, 文号 and fields, the round and who holds which step (due, overdue), co-sign
 * progress, the seal request, confirmations, 档号, the SLA and the newest history. A 秘密/机密
 * document shows no title, subject words or words typed about it.
 */
export function outgoingStatusView(offers: OutgoingOffers) {
  return async (ctx: ActorContext, ref: string): Promise<string | undefined> => {
    const document = await ctx.tx.outgoingDocument.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
    if (!document || !(await maySeeDocument(ctx, document))) return undefined;
    const secret = isSecret(document);
    const approval = await findApproval(ctx, mainKey(document));
    const seal = document.sealRequestRef
      ? await offers.seals.sealRequestStatus(ctx, document.sealRequestRef)
      : undefined;
    const file = secret ? undefined : await latestFile(ctx, document.ref);
    const lines = [
      `【${document.ref} 发文】${stateLabel(OUTGOING_MACHINE, document.state)}`,
      secret ? `密级：${document.secrecy}（标题和正文请到综合办公室阅件）` : `标题：《${document.title}》`,
      `类型：${seriesPrefix(ctx.directory, document.seriesId)}；文号：${document.documentNumber ?? '签发时编号'}`,
      `拟稿：${drafterLabel(ctx.directory, document)} ${shortTime(document.createdAt, ctx.timezone)}${document.reviewedBy ? `；核稿：${personName(ctx.directory, document.reviewedBy)}` : ''}`,
      ...fieldLines(ctx, document, secret),
      ...(approval ? await approvalLines(ctx, document, approval) : []),
      ...(file
        ? [
            `正文：第${file.version}版（${personName(ctx.directory, file.uploadedBy)} ${shortTime(file.uploadedAt, ctx.timezone)}）`,
          ]
        : secret
          ? []
          : ['正文：未附']),
      ...(document.signedBy && document.signedAt
        ? [`签发：${personName(ctx.directory, document.signedBy)} ${shortTime(document.signedAt, ctx.timezone)}`]
        : []),
      ...(document.sealRequestRef ? [`用印：${document.sealRequestRef}（${seal?.label ?? '—'}）`] : []),
      ...(await distributionLines(ctx, document)),
      ...(document.archiveCode
        ? [`档号：${document.archiveCode}（${document.archiveCategory ?? '文书'}，${document.retention ?? '—'}）`]
        : []),
      slaLine(ctx, document),
      ...(document.closingReason ? [`撤销原因：${document.closingReason}`] : []),
      ...(secret ? [] : await noteLines(ctx, document)),
      ...(await describeHistory(ctx, {
        itemType: OUTGOING_WORKFLOW_ID,
        itemRef: document.ref,
        actionNames: OUTGOING_ACTION_NAMES,
        newest: HISTORY_SHOWN,
      })),
    ];
    return lines.join('\n');
  };
}

function fieldLines(ctx: BaseContext, document: OutgoingDocument, secret: boolean): string[] {
  const parts = [
    `缓急：${document.urgency}`,
    `密级：${document.secrecy}`,
    `印发份数：${document.printCopies}`,
    ...(document.effectiveAt ? [`生效：${fullTime(document.effectiveAt, ctx.timezone).slice(0, 10)}`] : []),
  ];
  return [
    parts.join('；'),
    ...(document.mainTo || document.copyTo ? [`主送：${document.mainTo ?? '—'}；抄送：${document.copyTo ?? '—'}`] : []),
    ...(!secret && document.subjectWords ? [`主题词：${document.subjectWords}`] : []),
    ...(!secret && document.attachments ? [`附件：${document.attachments}`] : []),
  ];
}

/** The route of this round, who holds the open step (due, overdue), and which departments co-signed. */
async function approvalLines(
  ctx: BaseContext,
  document: OutgoingDocument,
  approval: ApprovalRecord,
): Promise<string[]> {
  const lines = [`审批（第${approval.round}轮）：${describeApprovalRoute(ctx, approval)}`];
  const open = approval.steps.find((step) => step.state === 'open');
  const holders = await waitingOn(ctx, approval);
  if (open && holders && IN_APPROVAL.includes(stateOf(document))) {
    const overdue = ctx.clock.now().getTime() > document.issueDueAt.getTime() ? '，已逾期' : '';
    lines.push(`当前处理人：${holders}（${open.name}，期限 ${deadlineText(document.issueDueAt, ctx)}${overdue}）`);
  }
  const cosign = approval.steps.find((step) => step.name === '会签');
  if (cosign) {
    const departmentOf = (rule: string) =>
      rule.startsWith('head_of:') ? departmentName(ctx.directory, rule.slice('head_of:'.length)) : rule;
    const agreed = cosign.holders
      .filter((holder) => holder.state === 'approved')
      .map((holder) => departmentOf(holder.rule));
    const pending = cosign.holders
      .filter((holder) => holder.state === 'pending')
      .map((holder) => departmentOf(holder.rule));
    lines.push(
      `会签：已同意 ${agreed.length}/${document.cosignDepartmentIds.length}${agreed.length > 0 ? `（${agreed.join('、')}）` : ''}${pending.length > 0 ? `；待 ${pending.join('、')}` : ''}`,
    );
  } else if (document.cosignDepartmentIds.length > 0) {
    lines.push(`会签：${departmentNames(ctx.directory, document.cosignDepartmentIds)}`);
  }
  return lines;
}

async function distributionLines(ctx: BaseContext, document: OutgoingDocument): Promise<string[]> {
  const rows = await ctx.tx.documentDistribution.findMany({
    where: { documentId: document.id },
    // 主送 before 抄送, then by person: one distribution's rows share their time
    orderBy: [{ sentAt: 'asc' }, { copyKind: 'desc' }, { recipientId: 'asc' }],
  });
  if (rows.length === 0) return document.distributedAt ? ['分发：无需确认的校内人员'] : [];
  const waiting = rows
    .filter((row) => row.confirmedAt === null)
    .map((row) => personName(ctx.directory, row.recipientId));
  return [
    `分发：已确认 ${rows.length - waiting.length}/${rows.length}${waiting.length > 0 ? `（未确认：${waiting.join('、')}）` : ''}`,
  ];
}

/** 应于…前印发, and whether it was (spec 3.3: tracked and reported); overdue derived, never stored. */
function slaLine(ctx: BaseContext, document: OutgoingDocument): string {
  const due = `时限：应于 ${deadlineText(document.issueDueAt, ctx)}前印发`;
  const lateBy = (at: Date) => {
    const days = ctx.directory.calendar.workingDaysBetween(document.issueDueAt, at);
    return days > 0 ? `${days}个工作日` : '不足1个工作日';
  };
  if (document.signedAt)
    return document.signedAt.getTime() <= document.issueDueAt.getTime()
      ? `${due}，已按时签发`
      : `${due}，逾期${lateBy(document.signedAt)}签发`;
  if (document.state === 'cancelled') return due;
  const now = ctx.clock.now();
  return now.getTime() > document.issueDueAt.getTime() ? `${due}，已逾期${lateBy(now)}` : due;
}

/** The reasons given for each 退回, oldest first (the approvals themselves are in the history). */
async function noteLines(ctx: BaseContext, document: OutgoingDocument): Promise<string[]> {
  const notes = await ctx.tx.documentNote.findMany({
    where: { orgId: ctx.orgId, itemRef: document.ref, kind: 'returned' },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  return notes.length > 0
    ? [
        '退回意见：',
        ...notes.map(
          (note) => `· ${shortTime(note.at, ctx.timezone)} ${personName(ctx.directory, note.authorId)}：${note.text}`,
        ),
      ]
    : [];
}
