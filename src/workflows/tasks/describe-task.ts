import type { TaskCardFacts } from '../../../cards/index.js';
import type { Directory } from '../../directory/types.js';
import type { BaseContext } from '../../kit/context.js';
import { deadlineText } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { clip } from '../../shared/text.js';
import type { Task } from './task-store.js';

// the deadline as people read it is the kit's, for every workflow alike
export { deadlineText };

/**
 * What the system keeps of words typed about a 秘密/机密 task (spec 2.6, 保密法: classified text is
 * not processed here): nothing but where to read them. Ordinary tasks keep the words as typed.
 */
export const SECRET_TEXT = '（涉密，内容请到综合办公室查阅）';

export function keptText(task: Pick<Task, 'secrecy'>, text: string): string {
  return task.secrecy === '普通' ? text : SECRET_TEXT;
}

/** What a task is about in 我的待办 and the reports: its words, or for a 秘密 task where to read them. */
export function taskSubject(task: Pick<Task, 'content' | 'secrecy'>): string {
  return task.secrecy === '普通' ? clip(task.content, 30) : `${task.secrecy}事项，请到综合办公室查阅`;
}

/** `R5（制定期末考试安排）`: the reference and enough of the task to recognise it. */
export function taskLabel(task: Pick<Task, 'ref' | 'content' | 'secrecy'>): string {
  if (task.secrecy !== '普通') return `${task.ref}（${task.secrecy}）`;
  return `${task.ref}（${clip(task.content, 20)}）`;
}

export function departmentName(directory: Directory, departmentId: string): string {
  return directory.department(departmentId)?.name ?? departmentId;
}

export function helperNames(directory: Directory, task: Pick<Task, 'helperIds'>): string {
  return task.helperIds.map((userId) => personName(directory, userId)).join('、');
}

export function taskCardFacts(ctx: BaseContext, task: Task): TaskCardFacts {
  return {
    ref: task.ref,
    content: task.content,
    ...(task.acceptance ? { acceptance: task.acceptance } : {}),
    ownerName: personName(ctx.directory, task.ownerId),
    departmentName: departmentName(ctx.directory, task.departmentId),
    assignerName: personName(ctx.directory, task.assignerId),
    deadline: deadlineText(task.dueAt, ctx),
    helpers: helperNames(ctx.directory, task),
    source: task.sourceLabel,
  };
}

/** The card's 密级 guard (spec 2.6): a secret task's cards show only its reference, 密级 and deadline. */
export function taskSecrecy(ctx: BaseContext, task: Task): { level: '秘密' | '机密'; deadline: string } | undefined {
  return task.secrecy === '秘密' || task.secrecy === '机密'
    ? { level: task.secrecy, deadline: deadlineText(task.dueAt, ctx) }
    : undefined;
}

/**
 * 按期 or 逾期N个工作日, for a completion at `at` against the task's deadline: overdue is derived
 * from the deadline and the working-day calendar, never stored (spec 3.5).
 */
export function timeliness(ctx: BaseContext, task: Pick<Task, 'dueAt'>, at: Date): string {
  if (at.getTime() <= task.dueAt.getTime()) return '按期';
  const days = ctx.directory.calendar.workingDaysBetween(task.dueAt, at);
  return days > 0 ? `逾期${days}个工作日` : '逾期不足1个工作日';
}
