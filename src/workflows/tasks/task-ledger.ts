import type { BaseContext } from '../../kit/context.js';
import { ledgerDay, type LedgerQuery } from '../../kit/ledger-period.js';
import { personName } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { departmentName } from './describe-task.js';
import { TASK_MACHINE } from './task-machine.js';
import type { Task } from './task-store.js';

// monthPeriod moved to the kit (every register uses it); still importable from here
export { monthPeriod } from '../../kit/ledger-period.js';

/** The 督办台账's columns, in the order of spec 2.7 (the office's paper form). */
export const TASK_LEDGER_COLUMNS = [
  '督办编号',
  '督办事项',
  '事项来源',
  '交办领导',
  '交办日期',
  '牵头部门',
  '协办部门',
  '责任人',
  '完成时限',
  '进展情况',
  '办结日期',
  '办结情况',
  '审核验收',
  '备注',
] as const;

/**
 * The 督办台账 (spec 2.7): one row per task assigned in the period, oldest first, each a list of
 * texts in {@link TASK_LEDGER_COLUMNS} order, ready for an Excel export. A 秘密/机密 task shows no
 * content. Whether a task was on time is derived from its deadline here, never stored.
 */
export async function taskLedger(ctx: BaseContext, query: LedgerQuery): Promise<string[][]> {
  const tasks = await ctx.tx.task.findMany({
    where: {
      orgId: ctx.orgId,
      createdAt: { gte: query.from, lt: query.to },
      ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { ref: 'asc' }],
  });
  if (tasks.length === 0) return [];
  const ids = tasks.map((task) => task.id);
  const [notes, extensions] = await Promise.all([
    ctx.tx.taskNote.findMany({ where: { taskId: { in: ids } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    ctx.tx.taskExtension.findMany({ where: { taskId: { in: ids } }, orderBy: { seq: 'asc' } }),
  ]);
  const day = (at: Date | null): string => ledgerDay(at, ctx.timezone);
  return tasks.map((task) => {
    const own = notes.filter((note) => note.taskId === task.id);
    const progress = own.filter((note) => note.kind !== 'returned').at(-1);
    const returns = own.filter((note) => note.kind === 'returned').length;
    const agreed = extensions.filter((extension) => extension.taskId === task.id && extension.state === 'agreed');
    const isSecret = task.secrecy !== '普通';
    const helperDepartments = [
      ...new Set(
        task.helperIds
          .map((userId) => ctx.directory.person(userId)?.departmentIds[0])
          .filter((id): id is string => id !== undefined && id !== task.departmentId),
      ),
    ].map((id) => departmentName(ctx.directory, id));
    const remarks = [
      ...(isSecret ? [task.secrecy] : []),
      ...(agreed.length > 0 ? [`延期${agreed.length}次（原定${day(task.firstDueAt)}）`] : []),
      ...(task.closingReason ? [`撤销：${task.closingReason}`] : []),
    ];
    return [
      task.ref,
      isSecret ? `涉密事项（${task.secrecy}）` : task.content,
      task.sourceLabel,
      personName(ctx.directory, task.assignerId),
      day(task.createdAt),
      departmentName(ctx.directory, task.departmentId),
      helperDepartments.join('、'),
      personName(ctx.directory, task.ownerId),
      day(task.dueAt),
      isSecret || !progress ? stateLabel(TASK_MACHINE, task.state) : progress.text,
      day(task.verifiedAt),
      outcome(task, ctx.clock.now()),
      [
        task.verifiedAt
          ? `验收通过（${personName(ctx.directory, task.verifiedBy)}）`
          : task.state === 'done'
            ? '待验收'
            : '',
        returns > 0 ? `退回${returns}次` : '',
      ]
        .filter(Boolean)
        .join('；'),
      remarks.join('；'),
    ];
  });
}

/** 办结情况: how the task ended or stands, against its agreed deadline. */
function outcome(task: Task, now: Date): string {
  const isLate = (at: Date) => at.getTime() > task.dueAt.getTime();
  switch (task.state) {
    case 'verified':
      return task.doneAt && isLate(task.doneAt) ? '逾期办结' : '按期办结';
    case 'cancelled':
      return '已撤销';
    case 'done':
      return task.doneAt && isLate(task.doneAt) ? '逾期完成，待验收' : '按期完成，待验收';
    default:
      return isLate(now) ? '逾期未办结' : '办理中';
  }
}

/**
 * 任务按期完成率 (spec 4): tasks whose current agreed deadline fell in [from, to) and were 完成 by
 * it, over tasks whose deadline fell then (cancelled ones left out). A deadline still ahead of the
 * clock has not fallen yet (Friday's 16:05 brief and a task due 18:00): it counts only once done on
 * time. `rate` is undefined for an empty denominator, which the brief shows as —.
 */
export async function taskOnTimeRate(
  ctx: BaseContext,
  period: { from: Date; to: Date },
): Promise<{ due: number; onTime: number; rate: number | undefined }> {
  const [row] = await ctx.tx.$queryRaw<{ due: bigint; on_time: bigint }[]>`
    SELECT count(*) AS due, count(*) FILTER (WHERE done_at IS NOT NULL AND done_at <= due_at) AS on_time
      FROM task
     WHERE org_id = ${ctx.orgId} AND state <> 'cancelled' AND due_at >= ${period.from} AND due_at < ${period.to}
       AND (due_at <= ${ctx.clock.now()} OR (done_at IS NOT NULL AND done_at <= due_at))`;
  const due = Number(row?.due ?? 0);
  const onTime = Number(row?.on_time ?? 0);
  return { due, onTime, rate: due > 0 ? onTime / due : undefined };
}
