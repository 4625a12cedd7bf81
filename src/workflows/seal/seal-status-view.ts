import { fullTime, shortTime } from '../../kit/format-time.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { ActorContext } from '../../kit/context.js';
import { applicantLabel } from './describe-seal-request.js';
import { hasAnyRole, personName, SUPERVISING_ROLES } from '../../kit/people.js';
import { describeApprovalRoute, findApproval, waitingOn } from '../../kit/approvals/index.js';
import { SEAL_MACHINE } from './seal-machine.js';
import { sealApprovalKey } from './seal-approval.js';
import type { SealRequest } from './seal-request-store.js';

/** How each audited action of a seal request is named in its history. */
export const SEAL_ACTION_NAMES: Record<string, string> = {
  submit: '提交申请',
  start_approval: '送审',
  approve_all_skipped: '免审批',
  approve: '同意',
  approve_step: '同意',
  approve_final: '同意',
  transfer: '转交',
  hand_over: '人员变动，改由他人处理',
  reject: '驳回',
  cancel: '撤回',
  stamp: '用印登记',
  cannot_stamp: '无法用印',
  block: '因印章暂停挂起',
  unblock: '印章恢复，继续',
  close: '办结',
};

/** Who may see a request: the people on it (its approvers, ever), and the office and leaders who supervise. */
export async function maySee(ctx: ActorContext, request: SealRequest): Promise<boolean> {
  const userId = ctx.actor.userId;
  if (request.applicantId === userId || request.keeperId === userId) return true;
  if (hasAnyRole(ctx.actor, SUPERVISING_ROLES)) return true;
  const held = await ctx.tx.approvalHolder.count({
    where: { orgId: ctx.orgId, userId, step: { approval: { workflow: 'seal', itemId: request.id } } },
  });
  return held > 0;
}

/** `查询 Y12`: state, who holds it, the planned time, the chain, and the full history with names and times. */
export async function sealStatusView(ctx: ActorContext, ref: string): Promise<string | undefined> {
  const request = await ctx.tx.sealRequest.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
  if (!request || !(await maySee(ctx, request))) return undefined;
  const approval = await findApproval(ctx, sealApprovalKey(request));
  const history = await ctx.tx.auditLog.findMany({
    where: { orgId: ctx.orgId, itemType: 'seal', itemRef: request.ref },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const lines = [
    `【${request.ref} 用印申请】${stateLabel(SEAL_MACHINE, request.state)}`,
    `申请人：${applicantLabel(ctx.directory, request)}`,
    `事由：${request.purpose}`,
    `文件：${request.document}；印章：${request.sealName}；份数：${request.copies}份${request.stampedCopies !== null ? `（实际用印${request.stampedCopies}份）` : ''}`,
    `拟用时间：${request.plannedAt ? shortTime(request.plannedAt, ctx.timezone) : '未填'}${request.relatedRef ? `；关联：${request.relatedRef}` : ''}`,
    `审批顺序${approval && approval.round > 1 ? `（第${approval.round}轮）` : ''}：${[
      approval && approval.steps.length > 0 ? describeApprovalRoute(ctx, approval) : '免审批',
      `${personName(ctx.directory, request.keeperId)}（用印）`,
    ].join(' → ')}`,
    `当前处理人：${await currentHolder(ctx, request, approval)}`,
    ...(request.closingReason ? [`说明：${request.closingReason}`] : []),
    '经过：',
    ...history.map(
      (entry) =>
        `· ${fullTime(entry.at, ctx.timezone)} ${personName(ctx.directory, entry.actorId)} ${SEAL_ACTION_NAMES[entry.action] ?? entry.action}${entry.comment ? `：${entry.comment}` : ''}`,
    ),
  ];
  return lines.join('\n');
}

async function currentHolder(
  ctx: ActorContext,
  request: SealRequest,
  approval: Awaited<ReturnType<typeof findApproval>>,
): Promise<string> {
  if (request.state === 'in_approval') return (approval && (await waitingOn(ctx, approval))) ?? '—';
  if (request.state === 'approved' || request.state === 'blocked') return personName(ctx.directory, request.keeperId);
  return '—';
}
