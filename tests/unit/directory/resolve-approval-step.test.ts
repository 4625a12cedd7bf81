import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { resolveApprovalStep } from '../../../src/directory/resolve-approval-step.js';
import { planApproval } from '../../../src/kit/approvals/index.js';
import { planChain } from '../../support/plan-chain.js';
import type { Directory, OrgConfig } from '../../../src/directory/types.js';
import { Refusal } from '../../../src/shared/errors.js';

const config = parseOrgFile(
  [
    'org: { id: demo, name: 示范中学 }',
    'departments:',
    '  - { id: leadership, name: 校领导, head: zhaoli, leader: zhaoli }',
    '  - { id: office, name: 综合办公室, head: wangfang, leader: zhaoli }',
    '  - { id: academic, name: 教务处, head: lihua, leader: zhoumin }',
    'people:',
    '  - { userid: zhaoli, name: 赵立, departments: [leadership], roles: [leader, principal] }',
    '  - { userid: zhoumin, name: 周敏, departments: [leadership], roles: [leader] }',
    '  - { userid: wangfang, name: 王芳, departments: [office], roles: [office, office_director] }',
    '  - { userid: liuqiang, name: 刘强, departments: [office], roles: [seal_keeper] }',
    '  - { userid: lihua, name: 李华, departments: [academic] }',
    '  - { userid: chenhao, name: 陈浩, departments: [academic, office] }',
    'seals:',
    '  - { id: school, name: 校章, keeper: liuqiang, approval: [dept_head, dept_leader] }',
    '  - { id: legal, name: 法人章, keeper: liuqiang, approval: [dept_head, dept_leader, principal] }',
  ].join('\n'),
  'org.yaml',
);
const directory = buildDirectory(config);
const person = (userId: string, from: Directory = directory) => from.person(userId)!;
const LEGAL = directory.seal('legal')!.approval;

const chainOf = (applicant: string, departmentId: string, from: Directory = directory) =>
  planChain(LEGAL, person(applicant, from), departmentId, from);

describe('resolveApprovalStep', () => {
  it('resolves each kind of step', () => {
    const chenhao = person('chenhao');
    expect(resolveApprovalStep('dept_head', chenhao, 'academic', directory)).toBe('lihua');
    expect(resolveApprovalStep('dept_head', chenhao, 'office', directory)).toBe('wangfang');
    expect(resolveApprovalStep('dept_leader', chenhao, 'academic', directory)).toBe('zhoumin');
    expect(resolveApprovalStep('principal', chenhao, 'academic', directory)).toBe('zhaoli');
    expect(resolveApprovalStep('office_director', chenhao, 'academic', directory)).toBe('wangfang');
    expect(resolveApprovalStep('user:liuqiang', chenhao, 'academic', directory)).toBe('liuqiang');
  });

  it('resolves to nobody for an unknown department, an unknown user or an inactive holder', () => {
    const chenhao = person('chenhao');
    expect(resolveApprovalStep('dept_head', chenhao, 'no-such', directory)).toBeUndefined();
    expect(resolveApprovalStep('user:ghost', chenhao, 'academic', directory)).toBeUndefined();
    const withoutLihua: OrgConfig = {
      ...config,
      people: config.people.map((p) => (p.userId === 'lihua' ? { ...p, isActive: false } : p)),
    };
    expect(resolveApprovalStep('dept_head', chenhao, 'academic', buildDirectory(withoutLihua))).toBeUndefined();
  });
});

describe("a seal's chain, as the engine plans it", () => {
  it('keeps every step for an ordinary teacher', () => {
    expect(chainOf('chenhao', 'academic')).toEqual([
      { step: 'dept_head', userId: 'lihua' },
      { step: 'dept_leader', userId: 'zhoumin' },
      { step: 'principal', userId: 'zhaoli' },
    ]);
  });

  it('skips dept_head for an applicant who heads their own department', () => {
    expect(chainOf('lihua', 'academic')).toEqual([
      { step: 'dept_leader', userId: 'zhoumin' },
      { step: 'principal', userId: 'zhaoli' },
    ]);
  });

  it('skips principal when the principal applies for the legal seal', () => {
    expect(chainOf('zhaoli', 'leadership')).toEqual([]);
  });

  it('asks the same person once when consecutive steps fall to them', () => {
    // 综合办公室: the head is 王芳, the leader and the principal are both 赵立.
    expect(chainOf('liuqiang', 'office')).toEqual([
      { step: 'dept_head', userId: 'wangfang' },
      { step: 'dept_leader', userId: 'zhaoli' },
    ]);
    // 周敏 applying from 校领导: head and leader are 赵立, who is also the principal.
    expect(chainOf('zhoumin', 'leadership')).toEqual([{ step: 'dept_head', userId: 'zhaoli' }]);
  });

  it('refuses a chain with a step that resolves to nobody rather than dropping it', () => {
    const noPrincipal = buildDirectory({
      ...config,
      people: config.people.map((p) => (p.userId === 'zhaoli' ? { ...p, isActive: false } : p)),
    });
    // a refusal the applicant reads (retrying cannot help until the office fixes the file), naming the step
    expect(() => chainOf('chenhao', 'academic', noPrincipal)).toThrow(
      expect.objectContaining({
        code: 'ORG_FILE_INVALID',
        message: '审批流程中有环节（校长）找不到审批人，请联系综合办公室核对组织架构。',
      }),
    );
    expect(() => chainOf('chenhao', 'academic', noPrincipal)).toThrow(Refusal);
    const plan = planApproval(
      LEGAL.map((rule) => ({ rules: [rule] })),
      { person: person('chenhao', noPrincipal), departmentId: 'academic' },
      noPrincipal,
    );
    expect(plan.steps.map((step) => ({ step: step.rules[0], userId: step.holders[0]!.userId }))).toEqual([
      { step: 'dept_head', userId: 'lihua' },
      { step: 'dept_leader', userId: 'zhoumin' },
    ]);
    expect(plan.unresolved).toEqual(['校长']);
  });
});
