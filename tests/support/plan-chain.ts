import type { ApprovalStep, Directory, PersonInfo } from '../../src/directory/types.js';
import { planApproval, requireResolved } from '../../src/kit/approvals/index.js';

/**
 * An org file's approval chain as the engine plans it for `applicant` asking from `departmentId`
 * (skip-self, merging, a role as any one of its holders): a step held by one person is
 * `{ step, userId }`, a role's step `{ step, holders }`. Refuses a step nobody holds, as 用印 does.
 */
export function planChain(
  chain: readonly ApprovalStep[],
  applicant: PersonInfo,
  departmentId: string,
  directory: Directory,
): ({ step: string; userId: string } | { step: string; holders: string[] })[] {
  const steps = requireResolved(
    planApproval(
      chain.map((rule) => ({ rules: [rule] })),
      { person: applicant, departmentId },
      directory,
    ),
  );
  return steps.map((step) =>
    step.holders.length === 1
      ? { step: step.rules[0]!, userId: step.holders[0]!.userId }
      : { step: step.rules[0]!, holders: step.holders.map((holder) => holder.userId) },
  );
}
