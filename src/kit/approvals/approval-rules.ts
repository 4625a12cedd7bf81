import { holdersOfApprovalStep } from '../../directory/resolve-approval-step.js';
import type { ApprovalStep, Directory, PersonInfo } from '../../directory/types.js';

/**
 * How a step's holders are found (spec 2.3): the org file's `dept_head`, `dept_leader`,
 * `principal`, `office_director`, `role:<role>`, `user:<userid>`, and `head_of:<department id>` for
 * a department a workflow names (会签 by the heads of the departments a draft concerns).
 */
export type ApprovalRule = ApprovalStep | `head_of:${string}`;

/** Whose approval it is: the requester (never their own approver) and the department they asked for. */
export interface ApprovalRequester {
  person: PersonInfo;
  departmentId: string;
}

/**
 * The requester as the rules need them, also once they have left the directory (an inactive
 * stand-in with their id for a name): an item outlives the people on it.
 */
export function requesterFor(directory: Directory, userId: string, departmentId: string): ApprovalRequester {
  const person: PersonInfo = directory.person(userId) ?? {
    userId,
    name: userId,
    departmentIds: [departmentId],
    roles: [],
    isActive: false,
  };
  return { person, departmentId };
}

/**
 * Everyone who holds `rule` for this requester now, in directory order; only active people hold
 * anything. The requester is left out here only where the rule itself does so (a role held by
 * others too); skipping a step the requester holds is the plan's (plan-approval.ts).
 */
export function holdersOfRule(rule: ApprovalRule, requester: ApprovalRequester, directory: Directory): string[] {
  if (rule.startsWith('head_of:')) {
    const head = directory.department(rule.slice('head_of:'.length))?.head;
    return head !== undefined && directory.person(head)?.isActive ? [head] : [];
  }
  return holdersOfApprovalStep(rule as ApprovalStep, requester.person, requester.departmentId, directory);
}

const RULE_NAMES: Record<string, string> = {
  dept_head: '部门负责人',
  dept_leader: '分管校领导',
  principal: '校长',
  office_director: '办公室主任',
  'role:office': '综合办公室',
};

/** How a step is named when the workflow gives no name: 部门负责人, 教务处负责人. */
export function ruleName(rule: ApprovalRule, directory: Directory): string {
  if (rule.startsWith('head_of:')) {
    const id = rule.slice('head_of:'.length);
    return `${directory.department(id)?.name ?? id}负责人`;
  }
  return RULE_NAMES[rule] ?? '指定审批人';
}

/** Does the rule name one person (a head, the principal), as opposed to everyone with a role? */
export function isSinglePersonRule(rule: ApprovalRule): boolean {
  return !rule.startsWith('role:');
}
