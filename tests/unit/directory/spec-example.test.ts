import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { loadOrgFile } from '../../../src/directory/load-org-file.js';
import { DEFAULT_SCHEDULES } from '../../../src/directory/org-file-schema.js';
import { planChain } from '../../support/plan-chain.js';

/**
 * The org file in PRODUCT.md 2.3 is a contract: the example written there must load as it is. The
 * fixture is a verbatim copy (its first line says from when), so a clone alone runs this check.
 */
const EXAMPLE = 'tests/fixtures/spec/org-example.yaml';

describe('the organisation file example in the spec', () => {
  it('loads with its seals, aliases, schedules and SLA numbers', async () => {
    const config = await loadOrgFile(EXAMPLE);
    expect(config.org).toEqual({ id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' });
    expect(config.seals.map((seal) => [seal.name, seal.aliases])).toEqual([
      ['校章', ['公章', '学校公章']],
      ['法人章', []],
    ]);
    // a few minutes off :00 and :30, which WeCom asks pushers to avoid
    expect(config.schedules).toEqual({
      weekly_brief: '5 16 * * 5',
      daily_seal_summary: '35 17 * * 1-5',
      overdue_scan: '5 9 * * 1-5',
      personal_digest: '25 8 * * 1-5',
    });
    expect(config.schedules).toEqual(DEFAULT_SCHEDULES);
    expect(config.sla.proposal_working_days).toBe(2);
    expect(config.sla.approval_reminder_hours).toBe(4);
  });

  it('keeps its archive and its (empty) calendar as written', async () => {
    const config = await loadOrgFile(EXAMPLE);
    expect(config.archive).toEqual({ fonds: '0194', departmentCodes: { office: 'BGS', academic: 'JWC' } });
    expect(config.calendar).toEqual({ extraHolidays: [], extraWorkdays: [], closures: [], holidays: {} });
  });

  it('finds 校章 by the names staff use for it', async () => {
    const directory = buildDirectory(await loadOrgFile(EXAMPLE));
    expect(directory.seal('公章')?.id).toBe('school');
    expect(directory.seal('学校公章')?.id).toBe('school');
  });

  it('resolves its 法人章 chain for 李华, who heads 教务处: the head step is skipped', async () => {
    const directory = buildDirectory(await loadOrgFile(EXAMPLE));
    const chain = planChain(directory.seal('法人章')!.approval, directory.person('lihua')!, 'academic', directory);
    // dept_leader and principal are both 赵立: one decision, one card
    expect(chain).toEqual([{ step: 'dept_leader', userId: 'zhaoli' }]);
  });
});
