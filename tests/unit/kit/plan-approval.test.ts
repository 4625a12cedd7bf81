import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import type { Directory, OrgConfig } from '../../../src/directory/types.js';
import { planApproval, type ApprovalPlan, type StepSpec } from '../../../src/kit/approvals/plan-approval.js';

const ORG_FILE = 'tests/fixtures/org/approval-engine.yaml';
const config = parseOrgFile(readFileSync(ORG_FILE, 'utf8'), ORG_FILE);
const directory = buildDirectory(config);

/** The plan for `userId` asking from their first department (or `departmentId`). */
function planFor(
  userId: string,
  specs: readonly StepSpec[],
  options: { from?: Directory; departmentId?: string; given?: Parameters<typeof planApproval>[3] } = {},
): ApprovalPlan {
  const from = options.from ?? directory;
  const person = from.person(userId)!;
  return planApproval(
    specs,
    { person, departmentId: options.departmentId ?? person.departmentIds[0]! },
    from,
    options.given,
  );
}

/** Each step as one line a reviewer can read: 「部门负责人 sequential: lihua」. */
function route(plan: ApprovalPlan): string[] {
  return plan.steps.map(
    (step) =>
      `${step.name} ${step.mode}: ${step.holders.map((holder) => holder.userId).join(',')}${step.isGiven ? ' (given)' : ''}`,
  );
}

const CHAIN: StepSpec[] = [{ rules: ['dept_head'] }, { rules: ['dept_leader'] }, { rules: ['principal'] }];
const COUNTERSIGN: StepSpec = {
  rules: ['head_of:academic', 'head_of:student', 'head_of:general'],
  mode: 'parallel',
  name: '会签',
};

describe('planApproval: who approves, in order', () => {
  it('gives an ordinary teacher every step, one holder each, in the order asked', () => {
    const plan = planFor('chenhao', CHAIN);
    expect(route(plan)).toEqual([
      '部门负责人 sequential: lihua',
      '分管校领导 sequential: zhoumin',
      '校长 sequential: zhaoli',
    ]);
    expect(plan.unresolved).toEqual([]);
  });

  it('skips the step the requester holds: the head of 教务处 is never asked to approve their own request', () => {
    expect(route(planFor('lihua', CHAIN))).toEqual(['分管校领导 sequential: zhoumin', '校长 sequential: zhaoli']);
    // skipped, not unresolved: nothing to report to the office
    expect(planFor('lihua', CHAIN).unresolved).toEqual([]);
  });

  it('skips every step for a requester who holds them all, leaving nothing to approve', () => {
    expect(planFor('zhaoli', CHAIN)).toEqual({ steps: [], unresolved: [] });
  });

  it("merges consecutive steps held by one person: 赵立 is 综合办公室's 分管领导 and the principal, and decides once", () => {
    expect(route(planFor('yangxue', CHAIN))).toEqual([
      '部门负责人 sequential: wangfang',
      '分管校领导 sequential: zhaoli',
    ]);
  });

  it('keeps a person twice when someone else decides between their two steps', () => {
    const specs: StepSpec[] = [{ rules: ['dept_leader'] }, { rules: ['dept_head'] }, { rules: ['principal'] }];
    expect(route(planFor('yangxue', specs))).toEqual([
      '分管校领导 sequential: zhaoli',
      '部门负责人 sequential: wangfang',
      '校长 sequential: zhaoli',
    ]);
  });

  it("merges across a skipped step: the requester's own step between two of 赵立's is no decision in between", () => {
    // 王芳 asks: her own dept_head step goes, and 赵立's 分管领导 and 校长 steps meet
    const specs: StepSpec[] = [{ rules: ['dept_leader'] }, { rules: ['dept_head'] }, { rules: ['principal'] }];
    expect(route(planFor('wangfang', specs))).toEqual(['分管校领导 sequential: zhaoli']);
  });

  it('makes a role rule that names several people an any-of step, whatever mode was asked', () => {
    expect(route(planFor('chenhao', [{ rules: ['role:office'] }]))).toEqual(['综合办公室 any_of: wangfang,yangxue']);
    expect(route(planFor('chenhao', [{ rules: ['role:office'], mode: 'sequential' }]))).toEqual([
      '综合办公室 any_of: wangfang,yangxue',
    ]);
    expect(planFor('chenhao', [{ rules: ['role:office'] }]).steps[0]!.holders).toEqual([
      { userId: 'wangfang', rule: 'role:office' },
      { userId: 'yangxue', rule: 'role:office' },
    ]);
  });

  it('leaves the requester out of a role step: the other member of the office holds it alone, as a sequential step', () => {
    expect(route(planFor('yangxue', [{ rules: ['role:office'] }]))).toEqual(['综合办公室 sequential: wangfang']);
  });

  it('makes a 会签 of head_of rules one parallel step, each head holding it by their own rule', () => {
    const plan = planFor('chenhao', [COUNTERSIGN, { rules: ['principal'] }]);
    expect(route(plan)).toEqual(['会签 parallel: lihua,fengtao,hejun', '校长 sequential: zhaoli']);
    expect(plan.steps[0]!.holders.map((holder) => holder.rule)).toEqual([
      'head_of:academic',
      'head_of:student',
      'head_of:general',
    ]);
    expect(plan.steps[0]!.rules).toEqual(COUNTERSIGN.rules);
  });

  it('makes a 会签 named only by its rules parallel too: every head signs, not just the first to answer', () => {
    const { mode: _mode, ...withoutMode } = COUNTERSIGN;
    expect(route(planFor('chenhao', [withoutMode]))).toEqual(['会签 parallel: lihua,fengtao,hejun']);
  });

  it('leaves the requester out of a 会签 they are one of the heads of; the other heads still sign', () => {
    expect(route(planFor('lihua', [COUNTERSIGN]))).toEqual(['会签 parallel: fengtao,hejun']);
  });

  it('names a step nobody holds instead of skipping it: a vacant head, an inactive one, an unknown user', () => {
    const vacant = planFor('chenhao', [{ rules: ['head_of:planning'] }, { rules: ['principal'] }]);
    expect(vacant.unresolved).toEqual(['筹备组负责人']);
    expect(route(vacant)).toEqual(['校长 sequential: zhaoli']);

    const withoutLihua: OrgConfig = {
      ...config,
      people: config.people.map((person) => (person.userId === 'lihua' ? { ...person, isActive: false } : person)),
    };
    expect(planFor('chenhao', CHAIN, { from: buildDirectory(withoutLihua) }).unresolved).toEqual(['部门负责人']);

    expect(planFor('chenhao', [{ rules: ['user:ghost'], name: '核稿' }]).unresolved).toEqual(['核稿']);
  });

  it('names the missing head inside a 会签 by the department, keeping the heads that exist', () => {
    const plan = planFor('chenhao', [
      { rules: ['head_of:academic', 'head_of:planning', 'head_of:general'], mode: 'parallel', name: '会签' },
    ]);
    expect(plan.unresolved).toEqual(['筹备组负责人']);
    expect(route(plan)).toEqual(['会签 parallel: lihua,hejun']);
  });

  it('marks a step given when its holder approved elsewhere (签发 counting towards the seal)', () => {
    const signedOff = { userId: 'zhaoli', at: new Date('2026-11-27T06:00:00Z'), note: '已在 F3 签发' };
    const plan = planFor('chenhao', CHAIN, { given: [signedOff] });
    expect(route(plan)).toEqual([
      '部门负责人 sequential: lihua',
      '分管校领导 sequential: zhoumin',
      '校长 sequential: zhaoli (given)',
    ]);
    expect(plan.steps[2]!.holders).toEqual([{ userId: 'zhaoli', rule: 'principal', given: signedOff }]);
  });

  it('counts one given approval for an any-of step, but a 会签 only when every head has given theirs', () => {
    const at = new Date('2026-11-27T06:00:00Z');
    const wangfang = { userId: 'wangfang', at, note: '已在 F3 核稿' };
    expect(route(planFor('chenhao', [{ rules: ['role:office'] }], { given: [wangfang] }))).toEqual([
      '综合办公室 any_of: wangfang,yangxue (given)',
    ]);

    const lihua = { userId: 'lihua', at, note: '已在 F3 会签' };
    const fengtao = { userId: 'fengtao', at, note: '已在 F3 会签' };
    const hejun = { userId: 'hejun', at, note: '已在 F3 会签' };
    const partly = planFor('chenhao', [COUNTERSIGN], { given: [lihua, fengtao] });
    expect(route(partly)).toEqual(['会签 parallel: lihua,fengtao,hejun']);
    expect(partly.steps[0]!.holders.map((holder) => holder.given?.note ?? '—')).toEqual([
      '已在 F3 会签',
      '已在 F3 会签',
      '—',
    ]);
    expect(route(planFor('chenhao', [COUNTERSIGN], { given: [lihua, fengtao, hejun] }))).toEqual([
      '会签 parallel: lihua,fengtao,hejun (given)',
    ]);
  });

  it('ignores an approval given by someone who holds no step', () => {
    const plan = planFor('chenhao', CHAIN, { given: [{ userId: 'hejun', at: new Date(), note: '已在 F3 签发' }] });
    expect(plan.steps.some((step) => step.isGiven)).toBe(false);
  });
});
