import type { BaseContext } from '../context.js';
import { personName } from '../people.js';
import type { ApprovalRecord, StepRecord } from './approval-records.js';

/**
 * The approval's route as 查询 shows it on one line: 「李华（部门负责人） → 王芳或李强（综合办公室）」;
 * a 会签 names everyone who signs, an any-of step once decided only who decided. Decisions and
 * their times are in the history below it.
 */
export function describeApprovalRoute(ctx: BaseContext, approval: ApprovalRecord): string {
  return approval.steps
    .map((step) => {
      // a step given elsewhere says where: 赵立（校长，已在 F3 签发）
      const given = step.state === 'given' ? step.holders.find((holder) => holder.comment)?.comment : undefined;
      return `${holderNames(ctx, step)}（${step.name}${given ? `，${given}` : ''}）`;
    })
    .join(' → ');
}

function holderNames(ctx: BaseContext, step: StepRecord): string {
  const decided = step.holders.filter((holder) => ['approved', 'returned', 'rejected'].includes(holder.state));
  const shown =
    step.mode === 'any_of' && decided.length > 0
      ? decided
      : step.holders.filter(
          (holder) => holder.state !== 'handed_over' && (holder.state !== 'closed' || step.state === 'cancelled'),
        );
  const names = shown.map((holder) => personName(ctx.directory, holder.decidedBy ?? holder.userId));
  return names.join(step.mode === 'any_of' && decided.length === 0 ? '或' : '、');
}

/**
 * Who the approval waits on now, by name: 「王芳、李强」; a slot whose holder left and that waits for
 * the office to reassign it says so (「齐明（待综合办公室重新指派）」). Undefined when nobody.
 */
export async function waitingOn(ctx: BaseContext, approval: ApprovalRecord): Promise<string | undefined> {
  if (approval.state !== 'open') return undefined;
  const step = approval.steps.find((each) => each.state === 'open');
  const pending = step?.holders.filter((holder) => holder.state === 'pending') ?? [];
  if (!step || pending.length === 0) return undefined;
  const reassigning = await ctx.tx.workItem.findMany({
    where: { orgId: ctx.orgId, workflow: approval.workflow, itemId: approval.itemId, kind: 'reassign', doneAt: null },
    select: { sourceId: true },
  });
  const awaitsOffice = new Set(reassigning.map((item) => item.sourceId?.split('@')[0]));
  return pending
    .map(
      (holder) =>
        `${personName(ctx.directory, holder.userId)}${awaitsOffice.has(holder.id) ? '（待综合办公室重新指派）' : ''}`,
    )
    .join(step.mode === 'any_of' ? '或' : '、');
}
