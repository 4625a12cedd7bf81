import { randomUUID } from 'node:crypto';
import type { PersonInfo } from '../../directory/types.js';
import type { Secrecy } from '../../kit/cards/protect-secret.js';
import type { BaseContext } from '../../kit/context.js';
import { linkItems } from '../../kit/item-links.js';
import { tell } from '../../kit/notify.js';
import { allocateReference } from '../../kit/numbering/allocate-reference.js';
import { recordAudit } from '../../kit/record-audit.js';
import { refusal } from '../../shared/errors.js';
import { deadlineText, taskLabel } from './describe-task.js';
import { giveToOwner, openHelperWork } from './task-work.js';
import { TASK_WORKFLOW_ID, type Task } from './task-store.js';

export type TaskSourceKind = 'assigned' | 'meeting' | 'document';

export interface NewTask {
  content: string;
  acceptance?: string | null;
  owner: PersonInfo;
  helpers?: readonly PersonInfo[];
  /** 交办领导: verifies the work */
  assigner: PersonInfo;
  /** who typed it, when not the assigner (the office recording for a leader) */
  recordedBy?: string;
  dueAt: Date;
  /** where it came from: 交办, a meeting's 决议 (H3), a leader's 批示 on a document (S12) */
  source: { kind: TaskSourceKind; ref?: string; label: string };
  secrecy?: Secrecy;
}

/**
 * Why a task cannot be given as asked, in words for the person asking; undefined when it can. Pure:
 * the same rules for 交办 and for a task made from a meeting decision or a 批示.
 */
export function whyNotAssignable(input: NewTask, now: Date): string | undefined {
  if (!input.content.trim()) return '督办事项的内容不能为空。';
  if (!input.owner.isActive) return `${input.owner.name}已不在通讯录中，不能作为负责人。`;
  if (!input.assigner.isActive) return `${input.assigner.name}已不在通讯录中，不能作为交办领导。`;
  if (input.owner.userId === input.assigner.userId)
    return `负责人和交办领导都是${input.owner.name}：事项完成后由交办领导验收，请另指定负责人。`;
  if (input.dueAt.getTime() <= now.getTime()) return '截止时间已经过去，请写一个将来的时间。';
  const inactive = (input.helpers ?? []).find((helper) => !helper.isActive);
  if (inactive) return `${inactive.name}已不在通讯录中，不能作为协办人。`;
  return undefined;
}

/**
 * Creates a task in the caller's transaction: its `R` reference, the owner's card and work item,
 * the helpers told and given theirs, the audit, and the link to its source both ways. Used by 交办
 * and, through the task offers (kit/offers.ts), by meetings and documents.
 */
export async function createTask(ctx: BaseContext, input: NewTask): Promise<Task> {
  const now = ctx.clock.now();
  const problem = whyNotAssignable(input, now);
  if (problem) throw refusal('INVALID_INPUT', problem);
  const helpers = uniqueHelpers(input);
  const ref = await allocateReference(ctx, 'R');
  const secret = (input.secrecy ?? '普通') !== '普通';
  const task = await ctx.tx.task.create({
    data: {
      id: randomUUID(),
      orgId: ctx.orgId,
      ref,
      // a classified task's words are not stored (spec 2.6): its paper file is the record
      content: secret ? '涉密事项' : input.content.trim(),
      acceptance: secret ? null : input.acceptance?.trim() || null,
      ownerId: input.owner.userId,
      departmentId: input.owner.departmentIds[0] ?? '',
      helperIds: helpers.map((helper) => helper.userId),
      assignerId: input.assigner.userId,
      recordedBy: input.recordedBy ?? input.assigner.userId,
      sourceKind: input.source.kind,
      sourceRef: input.source.ref ?? null,
      sourceLabel: input.source.label,
      secrecy: input.secrecy ?? '普通',
      state: 'open',
      dueAt: input.dueAt,
      firstDueAt: input.dueAt,
      createdAt: now,
      updatedAt: now,
    },
  });
  const recorded = input.recordedBy && input.recordedBy !== input.assigner.userId;
  await recordAudit(ctx, {
    itemType: TASK_WORKFLOW_ID,
    itemRef: ref,
    action: 'assign',
    toState: 'open',
    comment: `${input.assigner.name}交办给${input.owner.name}，截止 ${deadlineText(input.dueAt, ctx)}${recorded ? '（代录）' : ''}${input.source.ref ? `；来源 ${input.source.ref}` : ''}`,
  });
  if (input.source.ref) await linkItems(ctx, { fromRef: ref, toRef: input.source.ref, kind: 'task_from' });
  await giveToOwner(ctx, task);
  await openHelperWork(
    ctx,
    task,
    helpers.map((helper) => helper.userId),
  );
  for (const helper of helpers)
    await tell(
      ctx,
      helper.userId,
      `${input.assigner.name}交办的督办事项 ${taskLabel(task)}请您协办，负责人是${input.owner.name}，截止 ${deadlineText(task.dueAt, ctx)}。发送「查询 ${ref}」查看详情。`,
    );
  if (recorded)
    await tell(
      ctx,
      input.assigner.userId,
      `已按您的交办登记督办事项 ${taskLabel(task)}：负责人${input.owner.name}，截止 ${deadlineText(task.dueAt, ctx)}。完成后由您验收。`,
    );
  return task;
}

/** Helpers once each, never the owner (who is not their own helper). */
function uniqueHelpers(input: NewTask): PersonInfo[] {
  const seen = new Set<string>([input.owner.userId]);
  return (input.helpers ?? []).filter((helper) => !seen.has(helper.userId) && seen.add(helper.userId));
}
