import { formatRatio, type BriefSection, type BriefWeek } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { departmentName } from './describe-task.js';
import { taskOnTimeRate } from './task-ledger.js';

/** an ideographic space: markdown collapses leading ASCII spaces, and owners should stand indented under their department */
const OWNER_INDENT = '\u3000';

interface Counts {
  created: number;
  done: number;
  overdue: number;
}

/**
 * 督办's part of the weekly brief (spec 4: tasks new/done/overdue by department and owner, and
 * 任务按期完成率). New: assigned this week; done: reported 完成 this week (and not sent back);
 * overdue: still open and past the current agreed deadline when the brief is built. Departments
 * are the lead departments (牵头部门), in the org file's order. Counts and names only, so a
 * 秘密 task shows nothing of its content.
 */
export async function taskBriefSection(ctx: BaseContext, week: BriefWeek): Promise<BriefSection> {
  const now = ctx.clock.now();
  // one pass over the rows that count for anything, grouped in the database
  const rows = await ctx.tx.$queryRaw<
    { department_id: string; owner_userid: string; created: bigint; done: bigint; overdue: bigint }[]
  >`
    SELECT department_id, owner_userid,
           count(*) FILTER (WHERE created_at >= ${week.from} AND created_at < ${week.to}) AS created,
           count(*) FILTER (WHERE state IN ('done', 'verified') AND done_at >= ${week.from} AND done_at < ${week.to}) AS done,
           count(*) FILTER (WHERE state IN ('open', 'in_progress') AND due_at < ${now}) AS overdue
      FROM task
     WHERE org_id = ${ctx.orgId}
       AND ((created_at >= ${week.from} AND created_at < ${week.to})
         OR (done_at >= ${week.from} AND done_at < ${week.to})
         OR (state IN ('open', 'in_progress') AND due_at < ${now}))
     GROUP BY department_id, owner_userid`;
  const rate = await taskOnTimeRate(ctx, week);
  const kpis = [{ name: '任务按期完成率', value: formatRatio(rate.onTime, rate.due) }];

  const counted = rows
    .map((row) => ({
      departmentId: row.department_id,
      ownerId: row.owner_userid,
      created: Number(row.created),
      done: Number(row.done),
      overdue: Number(row.overdue),
    }))
    .filter((row) => row.created + row.done + row.overdue > 0);
  if (counted.length === 0) return { title: '督办', lines: ['本周没有新交办、完成或逾期的督办事项'], kpis };

  const total = sum(counted);
  const lines = [`本周新交办${total.created}项，完成${total.done}项；逾期未办结${total.overdue}项`];
  const config = ctx.directory.config;
  const departmentOrder = (id: string): number => orderIn(config.departments, (d) => d.id === id);
  const personOrder = (id: string): number => orderIn(config.people, (p) => p.userId === id);
  const departments = [...new Set(counted.map((row) => row.departmentId))].sort(
    (a, b) => departmentOrder(a) - departmentOrder(b) || a.localeCompare(b),
  );
  for (const departmentId of departments) {
    const ofDepartment = counted
      .filter((row) => row.departmentId === departmentId)
      .sort((a, b) => personOrder(a.ownerId) - personOrder(b.ownerId) || a.ownerId.localeCompare(b.ownerId));
    lines.push(`${departmentName(ctx.directory, departmentId)}：${describe(sum(ofDepartment))}`);
    for (const row of ofDepartment)
      lines.push(`${OWNER_INDENT}· ${personName(ctx.directory, row.ownerId)}：${describe(row)}`);
  }
  return { title: '督办', lines, kpis };
}

function sum(rows: Counts[]): Counts {
  return rows.reduce(
    (total, row) => ({
      created: total.created + row.created,
      done: total.done + row.done,
      overdue: total.overdue + row.overdue,
    }),
    { created: 0, done: 0, overdue: 0 },
  );
}

function describe(counts: Counts): string {
  return `新交办${counts.created}，完成${counts.done}，逾期${counts.overdue}`;
}

/** Position in the org file; what it does not list (someone since removed) goes last. */
function orderIn<T>(list: readonly T[], matches: (entry: T) => boolean): number {
  const index = list.findIndex(matches);
  return index === -1 ? list.length : index;
}
