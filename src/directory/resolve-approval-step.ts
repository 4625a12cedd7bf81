import { refusal } from '../shared/errors.js';
import type { ApprovalStep, Directory, PersonInfo, Role } from './types.js';

/**
 * The userid holding `step` for a request by `applicant` from `applicantDepartmentId`, or
 * undefined when nobody does. Inactive people hold nothing: a disabled account cannot approve.
 * A `role:` step names the first of {@link holdersOfApprovalStep}, the one its card goes to.
 */
export function resolveApprovalStep(
  step: ApprovalStep,
  applicant: PersonInfo,
  applicantDepartmentId: string,
  directory: Directory,
): string | undefined {
  switch (step) {
    case 'dept_head':
      return activeUserId(directory, directory.department(applicantDepartmentId)?.head);
    case 'dept_leader':
      return activeUserId(directory, directory.department(applicantDepartmentId)?.leader);
    case 'principal':
    case 'office_director':
      return firstWithRole(directory, step);
    default:
      if (isRoleStep(step)) return roleHolders(step, applicant, directory)[0];
      return activeUserId(directory, step.slice('user:'.length));
  }
}

/**
 * Every active person who may act on `step` for this request: the seal workflow lets any of them
 * answer the card. For `role:office` that is everyone with the role office ("any one person with
 * that role", spec 2.3), except the applicant — nobody approves their own request — unless the
 * applicant is the only holder (the chain then skips the step). For the other steps it is the one
 * person {@link resolveApprovalStep} names, or nobody.
 */
export function holdersOfApprovalStep(
  step: ApprovalStep,
  applicant: PersonInfo,
  applicantDepartmentId: string,
  directory: Directory,
): string[] {
  if (isRoleStep(step)) return roleHolders(step, applicant, directory);
  const userId = resolveApprovalStep(step, applicant, applicantDepartmentId, directory);
  return userId === undefined ? [] : [userId];
}

export interface ResolvedApprovalStep {
  step: ApprovalStep;
  userId: string;
}

/**
 * The people who approve, in order, skipping steps held by the applicant. A step that resolves to
 * nobody throws rather than being dropped: silently skipping 校长 on a 法人章 request would be worse
 * than refusing it. The org file loader refuses such chains already, so this only happens when
 * contact sync has since disabled somebody (use {@link resolveApprovalChainDetailed} to inspect).
 */
export function resolveApprovalChain(
  steps: ApprovalStep[],
  applicant: PersonInfo,
  departmentId: string,
  directory: Directory,
): ResolvedApprovalStep[] {
  const { chain, unresolved } = resolveApprovalChainDetailed(steps, applicant, departmentId, directory);
  if (unresolved.length > 0) {
    // A refusal, not a crash: retrying cannot help until the office fixes the org file.
    throw refusal(
      'ORG_FILE_INVALID',
      `审批流程中有环节（${unresolved.join('、')}）找不到审批人，请联系综合办公室核对组织架构。`,
    );
  }
  return chain;
}

/** Like {@link resolveApprovalChain}, but steps that resolve to nobody are returned in `unresolved` instead of thrown. */
export function resolveApprovalChainDetailed(
  steps: ApprovalStep[],
  applicant: PersonInfo,
  departmentId: string,
  directory: Directory,
): { chain: ResolvedApprovalStep[]; unresolved: ApprovalStep[] } {
  const chain: ResolvedApprovalStep[] = [];
  const unresolved: ApprovalStep[] = [];
  for (const step of steps) {
    const userId = resolveApprovalStep(step, applicant, departmentId, directory);
    if (userId === undefined) {
      unresolved.push(step);
      continue;
    }
    // spec 2.3: a step that resolves to the applicant is skipped (nobody approves their own request).
    if (userId === applicant.userId) continue;
    // The same person twice in a row (校领导: head and leader are both 赵立) would get two cards for
    // one decision and tap 同意 twice; their first approval already covers the second step.
    if (chain.at(-1)?.userId === userId) continue;
    chain.push({ step, userId });
  }
  return { chain, unresolved };
}

function activeUserId(directory: Directory, userId: string | undefined): string | undefined {
  return userId !== undefined && directory.person(userId)?.isActive ? userId : undefined;
}

function firstWithRole(directory: Directory, role: Role): string | undefined {
  return directory.peopleWithRole(role)[0]?.userId;
}

function isRoleStep(step: ApprovalStep): step is `role:${Role}` {
  return step.startsWith('role:');
}

/** Active holders of the step's role in directory order, the applicant left out while anyone else holds it. */
function roleHolders(step: `role:${Role}`, applicant: PersonInfo, directory: Directory): string[] {
  const holders = directory.peopleWithRole(step.slice('role:'.length) as Role).map((person) => person.userId);
  const others = holders.filter((userId) => userId !== applicant.userId);
  return others.length > 0 ? others : holders;
}
