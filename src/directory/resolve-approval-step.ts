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
