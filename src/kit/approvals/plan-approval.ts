import type { ApprovalStepMode } from '../../db/row-states.js';
import type { Directory } from '../../directory/types.js';
import { refusal } from '../../shared/errors.js';
import { holdersOfRule, ruleName, type ApprovalRequester, type ApprovalRule } from './approval-rules.js';

/** One step as a workflow asks for it. */
export interface StepSpec {
  /** one rule; several for a 会签 (each rule's holder signs) */
  rules: readonly ApprovalRule[];
  /**
   * sequential: one holder; parallel: every holder must agree; any_of: the first decision counts.
   * Default: sequential for one holder; parallel for several rules (a 会签: each rule's holder
   * signs); any_of when one rule names several people (a role).
   */
  mode?: ApprovalStepMode;
  /** as people read it: 会签, 核稿; default from the rule (部门负责人) */
  name?: string;
}

/** An approval given elsewhere that counts here (发文's 签发 towards its seal request). */
export interface GivenApproval {
  userId: string;
  at: Date;
  /** why it counts: 已在 F3 签发 */
  note: string;
}

export interface PlannedHolder {
  userId: string;
  /** the rule that made them a holder: a hand-over resolves it again */
  rule: ApprovalRule;
  given?: GivenApproval;
}

export interface PlannedStep {
  name: string;
  mode: ApprovalStepMode;
  rules: readonly ApprovalRule[];
  holders: PlannedHolder[];
  /** decided before it opened: every holder needed has given their approval elsewhere */
  isGiven: boolean;
}

export interface ApprovalPlan {
  steps: PlannedStep[];
  /** the names of steps nobody holds (a vacant head): the workflow refuses rather than skip them */
  unresolved: string[];
}

/**
 * Who approves, in order (spec 2.3), decided from today's directory: a step the requester holds is
 * skipped (nobody approves their own request), and a step held by the same one person as the step
 * before merges into it (校领导 who is both head and 分管领导 decides once; a head who is also one of
 * the office a `role:office` step names). Pure.
 */
export function planApproval(
  specs: readonly StepSpec[],
  requester: ApprovalRequester,
  directory: Directory,
  given: readonly GivenApproval[] = [],
): ApprovalPlan {
  const steps: PlannedStep[] = [];
  const unresolved: string[] = [];
  for (const spec of specs) {
    const name = spec.name ?? ruleName(spec.rules[0]!, directory);
    const holders: PlannedHolder[] = [];
    for (const rule of spec.rules) {
      const found = holdersOfRule(rule, requester, directory);
      if (found.length === 0) unresolved.push(spec.rules.length > 1 ? ruleName(rule, directory) : name);
      for (const userId of found) {
        if (userId === requester.person.userId || holders.some((holder) => holder.userId === userId)) continue;
        const givenHere = given.find((approval) => approval.userId === userId);
        holders.push({ userId, rule, ...(givenHere ? { given: givenHere } : {}) });
      }
    }
    if (holders.length === 0) continue;
    // several rules are a 会签 unless the workflow says otherwise: one head's 同意 must not stand for all
    const asked = spec.mode ?? (spec.rules.length > 1 ? 'parallel' : 'any_of');
    const mode: ApprovalStepMode = holders.length === 1 ? 'sequential' : asked === 'sequential' ? 'any_of' : asked;
    // the one person of the step before holds this one too (alone, or as any one of a role): their
    // decision there stands for this step; a 会签 still needs every other holder
    const previous = steps.at(-1);
    const previousHolder = previous?.holders.length === 1 ? previous.holders[0]!.userId : undefined;
    if (previousHolder && mode !== 'parallel' && holders.some((holder) => holder.userId === previousHolder)) continue;
    const isGiven =
      mode === 'parallel' ? holders.every((holder) => holder.given) : holders.some((holder) => holder.given);
    steps.push({ name, mode, rules: spec.rules, holders, isGiven });
  }
  return { steps, unresolved };
}

/**
 * The plan's steps, or a refusal naming the steps nobody holds: retrying cannot help until the office
 * fixes the org file, and silently skipping 校长 on a 法人章 request would be worse than refusing it.
 */
export function requireResolved(plan: ApprovalPlan): PlannedStep[] {
  if (plan.unresolved.length > 0)
    throw refusal(
      'ORG_FILE_INVALID',
      `审批流程中有环节（${plan.unresolved.join('、')}）找不到审批人，请联系综合办公室核对组织架构。`,
    );
  return plan.steps;
}
