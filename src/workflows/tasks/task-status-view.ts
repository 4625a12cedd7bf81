import { findApproval, waitingOn } from '../../kit/approvals/index.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import { shortTime } from '../../kit/format-time.js';
import { describeHistory } from '../../kit/describe-history.js';
import { hasAnyRole, personName, SUPERVISING_ROLES } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { deadlineText, helperNames } from './describe-task.js';
import { extensionKey, verifyKey } from './task-approvals.js';
import { TASK_MACHINE } from './task-machine.js';
import { ownerLabel } from './task-work.js';
import { stateOf, TASK_WORKFLOW_ID, type Task } from './task-store.js';

/** How each audited action of a task is named in its history. */
export const TASK_ACTION_NAMES: Record<string, string> = {
  assign: '交办',
  start: '开始办理',
  report_progress: '报告进展',
  complete: '报告完成',
  approve: '验收通过',
  verify: '验收通过',
  send_back: '退回重办',
  cancel: '撤销',
  transfer: '转交',
  hand_over: '人员变动，改由他人处理',
  request_extension: '申请延期',
  agree_extension: '同意延期',
  refuse_extension: '不同意延期',
};

/** Who may see a task: the people on it, whoever holds a decision on it, and the office and leaders. */
export async function maySeeTask(ctx: ActorContext, task: Task): Promise<boolean> {
  const userId = ctx.actor.userId;
  if ([task.ownerId, task.assignerId, task.recordedBy, ...task.helperIds].includes(userId)) return true;
  if (hasAnyRole(ctx.actor, SUPERVISING_ROLES)) return true;
  const held = await ctx.tx.approvalHolder.count({
    where: { orgId: ctx.orgId, userId, step: { approval: { workflow: TASK_WORKFLOW_ID, itemId: task.id } } },
  });
  return held > 0;
}

/**
 * 逾期N个工作日 for an open task past its deadline, derived now from the deadline and the
 * working-day calendar (spec 3.5: never stored); undefined when it is not overdue.
 */
export function overdueNote(ctx: BaseContext, task: Task): string | undefined {
  const now = ctx.clock.now();
  if (!['open', 'in_progress'].includes(task.state) || now.getTime() <= task.dueAt.getTime()) return undefined;
  const days = ctx.directory.calendar.workingDaysBetween(task.dueAt, now);
  return days > 0 ? `已逾期${days}个工作日` : '已过截止时间';
}

/** `查询 R5`: state, people, deadline (and its extensions), criterion, notes and the full history. */
export async function taskStatusView(ctx: ActorContext, ref: string): Promise<string | undefined> {
  const task = await ctx.tx.task.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
  if (!task || !(await maySeeTask(ctx, task))) return undefined;
  const overdue = overdueNote(ctx, task);
  const head = `【${task.ref} 督办事项】${stateLabel(TASK_MACHINE, task.state)}${overdue ? `（${overdue}）` : ''}`;
  const people = `负责人：${ownerLabel(ctx, task)}${task.helperIds.length > 0 ? `；协办：${helperNames(ctx.directory, task)}` : ''}`;
  const extensions = await ctx.tx.taskExtension.findMany({ where: { taskId: task.id }, orderBy: { seq: 'asc' } });
  const agreed = extensions.filter((extension) => extension.state === 'agreed').length;
  const deadline = `截止：${deadlineText(task.dueAt, ctx)}${agreed > 0 ? `（原定 ${deadlineText(task.firstDueAt, ctx)}，延期${agreed}次）` : ''}`;
  const holder = await currentHolder(ctx, task);
  if (task.secrecy !== '普通')
    return [head, `密级：${task.secrecy}（内容请到综合办公室查阅）`, people, deadline, `当前处理人：${holder}`].join(
      '\n',
    );

  const notes = await ctx.tx.taskNote.findMany({ where: { taskId: task.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  const recorded = task.recordedBy !== task.assignerId ? `（${personName(ctx.directory, task.recordedBy)}代录）` : '';
  return [
    head,
    `事项：${task.content}`,
    people,
    `交办：${personName(ctx.directory, task.assignerId)} ${shortTime(task.createdAt, ctx.timezone)}${recorded}；来源：${task.sourceLabel}`,
    deadline,
    `验收标准：${task.acceptance ?? '未写'}`,
    `当前处理人：${holder}`,
    ...(task.closingReason ? [`撤销原因：${task.closingReason}`] : []),
    ...(notes.length > 0
      ? [
          '进展：',
          ...notes.map(
            (note) =>
              `· ${shortTime(note.at, ctx.timezone)} ${personName(ctx.directory, note.authorId)}${NOTE_KINDS[note.kind] ?? ''}：${note.text}`,
          ),
        ]
      : []),
    ...(extensions.length > 0
      ? [
          '延期：',
          ...extensions.map(
            (extension) =>
              `· ${shortTime(extension.requestedAt, ctx.timezone)} 申请延至 ${deadlineText(extension.toDueAt, ctx)}（${extension.reason}）— ${EXTENSION_STATES[extension.state] ?? extension.state}${extension.answer ? `：${extension.answer}` : ''}`,
          ),
        ]
      : []),
    ...(await describeHistory(ctx, {
      itemType: TASK_WORKFLOW_ID,
      itemRef: task.ref,
      actionNames: TASK_ACTION_NAMES,
      newest: HISTORY_SHOWN,
      shownAbove: SHOWN_ABOVE,
    })),
  ].join('\n');
}

/**
 * Actions whose words are already listed under 进展 or 延期: the history names them without
 * repeating the text, so the reply stays short enough for a phone (and WeCom's 2048 bytes).
 */
const SHOWN_ABOVE = new Set(['report_progress', 'complete', 'send_back', 'request_extension', 'refuse_extension']);

/** The newest history lines shown; older ones are counted. */
const HISTORY_SHOWN = 12;

/** A progress note is the owner's words as they are; the others say what they are. */
const NOTE_KINDS: Record<string, string> = { completion: '（完成说明）', returned: '（退回）' };

const EXTENSION_STATES: Record<string, string> = {
  pending: '等待答复',
  agreed: '已同意',
  refused: '不同意',
  withdrawn: '已撤回',
};

/** Who the task waits on now: the owner while it is being done, the verifier or extension holder. */
async function currentHolder(ctx: ActorContext, task: Task): Promise<string> {
  const state = stateOf(task);
  if (state === 'verified' || state === 'cancelled') return '—';
  if (state === 'done') {
    const approval = await findApproval(ctx, verifyKey(task));
    const names = approval ? await waitingOn(ctx, approval) : undefined;
    return `${names ?? personName(ctx.directory, task.assignerId)}（验收）`;
  }
  const pending = await ctx.tx.taskExtension.findFirst({ where: { taskId: task.id, state: 'pending' } });
  const extension = pending ? await findApproval(ctx, extensionKey(task, pending.seq)) : undefined;
  const extensionHolder = extension ? await waitingOn(ctx, extension) : undefined;
  return `${ownerLabel(ctx, task)}${extensionHolder ? `；延期申请待${extensionHolder}答复` : ''}`;
}
