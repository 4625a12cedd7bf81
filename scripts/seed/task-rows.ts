import { randomUUID } from 'node:crypto';
import type { Directory } from '../../src/directory/types.js';
import { personName } from '../../src/kit/people.js';
import { clip } from '../../src/shared/text.js';
import type { Random } from './random.js';
import type { CreationTime, YearDays } from './year-timeline.js';
import type { SeedRows } from './seed-tables.js';
import { TASK_WORKFLOW_ID } from '../../src/workflows/tasks/task-store.js';

const HOUR = 3_600_000;
const TOPICS = [
  '修订教学常规检查方案',
  '完成期中考试质量分析',
  '筹备校园开放日',
  '整改消防安全隐患',
  '上报教师培训计划',
  '完善学生综合素质评价',
  '落实课后服务安排',
  '更新固定资产台账',
  '组织家长会',
  '推进智慧校园建设',
  '编制下学期课程表',
];
const LABELS = ['领导交办', '校长办公会', '行政会议', '上级来文'];

/** open, in_progress: with the owner; done: reported, waiting for the assigner's 验收. */
export type TaskFate = 'open' | 'in_progress' | 'done' | 'verified' | 'cancelled';

export interface TaskDraft {
  createdAt: Date;
  ownerId: string;
  assignerId: string;
  dueAt: Date;
}

/** Due 3 to 40 working days after the day it was given, at the end of that day. */
export function draftTask(
  created: CreationTime,
  staffIds: readonly string[],
  leaderIds: readonly string[],
  days: YearDays,
  random: Random,
): TaskDraft {
  return {
    createdAt: created.at,
    ownerId: random.pick(staffIds),
    assignerId: random.pick(leaderIds),
    dueAt: days.deadline(created.dayIndex, random.int(3, 40)),
  };
}

export interface TaskContext {
  orgId: string;
  directory: Directory;
  officeDirectorId: string;
  /** department id → its people's userids */
  membersOf: Map<string, string[]>;
  now: Date;
  random: Random;
  rows: SeedRows;
  nextHolderId: () => bigint;
}

/** Rows of one task as the workflow would have left them: the task, its notes, work items and 验收 approval. */
export function addTaskRows(ctx: TaskContext, draft: TaskDraft, ref: string, fate: TaskFate): void {
  const { random, now, rows, orgId, directory } = ctx;
  const id = randomUUID();
  const owner = directory.person(draft.ownerId)!;
  const departmentId = owner.departmentIds[0]!;
  const clampNow = (at: number): Date => new Date(Math.min(at, now.getTime() - 60_000));
  const content = `${random.pick(TOPICS)}（第${random.int(1, 99)}项）`;
  const secrecy = random.chance(0.03) ? '秘密' : '普通';
  const subject = secrecy === '普通' ? clip(content, 30) : `${secrecy}事项，请到综合办公室查阅`;
  const colleagues = (ctx.membersOf.get(departmentId) ?? []).filter((userId) => userId !== owner.userId);
  const helperIds = random.chance(0.2) && colleagues.length > 0 ? [random.pick(colleagues)] : [];
  const span = draft.dueAt.getTime() - draft.createdAt.getTime();

  // about one in seven finishes after its deadline, so 任务按期完成率 is not a flat 100 %
  const doneAt =
    fate === 'done' || fate === 'verified'
      ? clampNow(
          draft.createdAt.getTime() +
            span * (random.chance(0.15) ? 1.1 + random.next() * 0.5 : 0.3 + random.next() * 0.65),
        )
      : null;
  const verifiedAt = fate === 'verified' ? clampNow(doneAt!.getTime() + random.int(1, 48) * HOUR) : null;
  const cancelledAt = fate === 'cancelled' ? clampNow(draft.createdAt.getTime() + span * random.next()) : null;
  const ownerDone = doneAt ?? cancelledAt;
  const completionNote = doneAt ? '已按要求完成，材料已归档' : null;
  const isOpen = fate === 'open' || fate === 'in_progress';
  const updatedAt = verifiedAt ?? ownerDone ?? clampNow(draft.createdAt.getTime() + HOUR);

  rows.tasks.push([
    id,
    orgId,
    ref,
    content,
    '形成书面材料报交办领导',
    owner.userId,
    departmentId,
    helperIds,
    draft.assignerId,
    random.chance(0.3) ? ctx.officeDirectorId : draft.assignerId,
    'assigned',
    random.pick(LABELS),
    secrecy,
    fate,
    draft.dueAt,
    draft.dueAt,
    doneAt,
    completionNote,
    verifiedAt,
    verifiedAt ? draft.assignerId : null,
    cancelledAt ? '工作调整，不再需要' : null,
    draft.createdAt,
    updatedAt,
  ]);

  const requester = `${personName(directory, draft.assignerId)}交办`;
  rows.workItems.push([
    orgId,
    TASK_WORKFLOW_ID,
    id,
    ref,
    'task',
    id,
    owner.userId,
    'holder',
    '督办事项',
    requester,
    subject,
    draft.createdAt,
    null,
    draft.createdAt,
    draft.dueAt,
    isOpen ? null : ownerDone,
  ]);
  for (const helperId of helperIds)
    rows.workItems.push([
      orgId,
      TASK_WORKFLOW_ID,
      id,
      ref,
      'task_helper',
      `${id}:${helperId}`,
      helperId,
      'helper',
      `协办（负责人${owner.name}）`,
      requester,
      subject,
      draft.createdAt,
      null,
      draft.createdAt,
      null,
      isOpen ? null : ownerDone,
    ]);

  if (fate === 'in_progress' || (fate !== 'open' && random.chance(0.5)))
    rows.taskNotes.push([
      orgId,
      id,
      'progress',
      owner.userId,
      '已完成初稿，正在征求意见',
      clampNow(draft.createdAt.getTime() + span * 0.2),
    ]);
  if (doneAt) {
    rows.taskNotes.push([orgId, id, 'completion', owner.userId, completionNote!, doneAt]);
    addVerifyApproval(ctx, {
      id,
      ref,
      ownerId: owner.userId,
      departmentId,
      assignerId: draft.assignerId,
      subject,
      createdAt: draft.createdAt,
      doneAt,
      verifiedAt,
    });
  }
}

/** 完成 opens the assigner's 验收 (one step, user:<assigner>), 「督办验收」 in their 我的待办 with no due. */
function addVerifyApproval(
  ctx: TaskContext,
  task: {
    id: string;
    ref: string;
    ownerId: string;
    departmentId: string;
    assignerId: string;
    subject: string;
    createdAt: Date;
    doneAt: Date;
    verifiedAt: Date | null;
  },
): void {
  const { rows, orgId } = ctx;
  const approvalId = randomUUID();
  const stepId = randomUUID();
  const holderId = ctx.nextHolderId();
  const isVerified = task.verifiedAt !== null;
  rows.approvals.push([
    approvalId,
    orgId,
    TASK_WORKFLOW_ID,
    task.id,
    task.ref,
    'verify',
    task.ownerId,
    task.departmentId,
    1,
    isVerified ? 'approved' : 'open',
    task.doneAt,
    task.verifiedAt ?? task.doneAt,
  ]);
  rows.approvalSteps.push([
    stepId,
    approvalId,
    1,
    0,
    'sequential',
    `user:${task.assignerId}`,
    '交办领导验收',
    isVerified ? 'approved' : 'open',
    task.doneAt,
    task.verifiedAt,
  ]);
  rows.approvalHolders.push([
    holderId,
    orgId,
    stepId,
    task.assignerId,
    `user:${task.assignerId}`,
    isVerified ? 'approved' : 'pending',
    task.verifiedAt,
    isVerified ? task.assignerId : null,
    null,
  ]);
  rows.workItems.push([
    orgId,
    TASK_WORKFLOW_ID,
    task.id,
    task.ref,
    'approval',
    holderId.toString(),
    task.assignerId,
    'holder',
    '督办验收',
    personName(ctx.directory, task.ownerId),
    task.subject,
    task.createdAt,
    null,
    task.doneAt,
    null,
    task.verifiedAt,
  ]);
}
