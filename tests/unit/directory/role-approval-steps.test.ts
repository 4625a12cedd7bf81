import { planChain } from '../../support/plan-chain.js';
import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { mergeWecomContacts } from '../../../src/directory/merge-wecom-contacts.js';
import { holdersOfApprovalStep, resolveApprovalStep } from '../../../src/directory/resolve-approval-step.js';
import type { OrgConfig } from '../../../src/directory/types.js';
import { orgText, problemsOf } from './org-file-text.js';

// 综合办公室 (office role): 王芳, 杨雪, 刘强, in file order.
const config = parseOrgFile(
  orgText(
    'seals:',
    '  - { id: school, name: 校章, keeper: liuqiang, approval: [dept_head, role:office] }',
    '  - { id: legal, name: 法人章, keeper: liuqiang, approval: [dept_head, "role:office", principal] }',
  ),
  'org.yaml',
);
const directory = buildDirectory(config);
const person = (userId: string) => directory.person(userId)!;

describe('role:<role> approval steps (spec 2.3: any one person with that role)', () => {
  it('are accepted written plain or quoted', () => {
    expect(config.seals.map((seal) => seal.approval)).toEqual([
      ['dept_head', 'role:office'],
      ['dept_head', 'role:office', 'principal'],
    ]);
  });

  it('resolve to the first active holder of the role, like principal', () => {
    expect(resolveApprovalStep('role:office', person('lihua'), 'academic', directory)).toBe('wangfang');
    expect(resolveApprovalStep('role:principal', person('lihua'), 'academic', directory)).toBe('zhaoli');
    const withoutWangfang = buildDirectory({
      ...config,
      people: config.people.map((p) => (p.userId === 'wangfang' ? { ...p, isActive: false } : p)),
    });
    expect(resolveApprovalStep('role:office', withoutWangfang.person('lihua')!, 'academic', withoutWangfang)).toBe(
      'yangxue',
    );
  });

  it('are held by every active holder, who may each answer the card', () => {
    expect(holdersOfApprovalStep('role:office', person('lihua'), 'academic', directory)).toEqual([
      'wangfang',
      'yangxue',
      'liuqiang',
    ]);
    expect(holdersOfApprovalStep('role:archivist', person('lihua'), 'academic', directory)).toEqual([]);
  });

  it('are never held by the applicant while another holder is there', () => {
    expect(holdersOfApprovalStep('role:office', person('wangfang'), 'office', directory)).toEqual([
      'yangxue',
      'liuqiang',
    ]);
    expect(resolveApprovalStep('role:office', person('wangfang'), 'office', directory)).toBe('yangxue');
    // 赵立 is the only principal: the step resolves to him, and the chain skips it (spec 2.3).
    expect(holdersOfApprovalStep('role:principal', person('zhaoli'), 'office', directory)).toEqual(['zhaoli']);
    expect(planChain(['role:principal'], person('zhaoli'), 'office', directory)).toEqual([]);
  });

  it('list the one person for the other kinds of step', () => {
    expect(holdersOfApprovalStep('dept_head', person('lihua'), 'academic', directory)).toEqual(['lihua']);
    expect(holdersOfApprovalStep('dept_leader', person('lihua'), 'academic', directory)).toEqual(['zhaoli']);
    expect(holdersOfApprovalStep('principal', person('lihua'), 'academic', directory)).toEqual(['zhaoli']);
    expect(holdersOfApprovalStep('office_director', person('lihua'), 'academic', directory)).toEqual(['wangfang']);
    expect(holdersOfApprovalStep('user:liuqiang', person('lihua'), 'academic', directory)).toEqual(['liuqiang']);
    expect(holdersOfApprovalStep('user:ghost', person('lihua'), 'academic', directory)).toEqual([]);
  });

  it('take their place in a chain, which still skips the applicant and merges the same holder twice in a row', () => {
    // 李华 heads 教务处: dept_head is skipped; the office step goes to any one of the office (each gets
    // the card, the first decision counts), then 赵立 as principal.
    expect(planChain(directory.seal('legal')!.approval, person('lihua'), 'academic', directory)).toEqual([
      { step: 'role:office', holders: ['wangfang', 'yangxue', 'liuqiang'] },
      { step: 'principal', userId: 'zhaoli' },
    ]);
    // 杨雪 applies from 综合办公室: 王芳 is her head and one of the office, so her one decision covers both.
    expect(planChain(directory.seal('school')!.approval, person('yangxue'), 'office', directory)).toEqual([
      { step: 'dept_head', userId: 'wangfang' },
    ]);
  });

  it('refuse, at load, a role nobody active holds, and a role that does not exist', async () => {
    const text = orgText(
      'seals:',
      '  - id: school', // line 12
      '    name: 校章',
      '    keeper: liuqiang',
      '    approval:',
      '      - role:archivist', // line 16
      '      - role:boss',
      '      - role: office', // a space after the colon makes it a YAML mapping
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: seals[0].approval[1] (line 17): names no role: "boss" is not one of staff, office, office_director, leader, principal, seal_keeper, archivist, admin',
      'org.yaml: seals[0].approval[2] (line 18): should be text, not a mapping: write role:office with no space after the colon',
    ]);
    // the shape is checked first; with the typos fixed, the chain is checked and says why
    const fixed = orgText(
      'seals:',
      '  - { id: school, name: 校章, keeper: liuqiang, approval: [dept_head, role:archivist] }',
    );
    expect(await problemsOf(() => parseOrgFile(fixed, 'org.yaml'))).toEqual([
      'org.yaml: seals[0].approval[1] (line 12): step "role:archivist" of seal "school" (校章) resolves to nobody: no active person has the role archivist',
    ]);
  });

  it('count only active holders at load', async () => {
    const text = orgText(
      '  - { userid: zhuhong, name: 朱红, departments: [office], roles: [archivist], active: false }',
      'seals: [{ id: school, name: 校章, keeper: liuqiang, approval: [role:archivist] }]', // line 12
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: seals[0].approval[0] (line 12): step "role:archivist" of seal "school" (校章) resolves to nobody: no active person has the role archivist',
    ]);
    // staff is everyone's role, written or not
    expect(
      parseOrgFile(orgText('seals: [{ id: school, name: 校章, keeper: liuqiang, approval: [role:staff] }]'), 'org.yaml')
        .seals[0]?.approval,
    ).toEqual(['role:staff']);
  });

  it('warn after a contact sync that leaves the role with nobody active', () => {
    const keeperStep: OrgConfig = {
      ...config,
      seals: [{ id: 'school', name: '校章', aliases: [], keeper: 'liuqiang', approval: ['role:seal_keeper'] }],
    };
    const users = config.people
      .filter((p) => p.userId !== 'liuqiang')
      .map((p) => ({ userid: p.userId, name: p.name, department: [1], status: 1 }));
    const { report } = mergeWecomContacts(keeperStep, [{ id: 1, name: '综合办公室', parentid: 0 }], users);
    expect(report.warnings).toContain(
      'seal school (校章): step role:seal_keeper resolves to nobody: no active person has the role seal_keeper',
    );
  });
});
