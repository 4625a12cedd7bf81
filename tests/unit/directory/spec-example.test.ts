import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { resolveApprovalChain } from '../../../src/directory/resolve-approval-step.js';

/** The org file in PRODUCT.md 2.3 is a contract: the example written there must load as it is. */
describe('the organisation file example in the spec', () => {
  const spec = readFileSync(new URL('../../../../shared/spec/PRODUCT.md', import.meta.url), 'utf8');
  const start = spec.indexOf('```yaml', spec.indexOf('### 2.3')) + '```yaml'.length;
  const example = spec.slice(start, spec.indexOf('```', start));

  it('loads with its seals, schedules and SLA numbers', () => {
    const config = parseOrgFile(example, 'PRODUCT.md#2.3');
    expect(config.org).toEqual({ id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' });
    expect(config.seals.map((seal) => seal.name)).toEqual(['校章', '法人章']);
    expect(config.schedules.daily_seal_summary).toBe('30 17 * * 1-5');
    expect(config.sla.approval_reminder_hours).toBe(4);
  });

  it('resolves its 法人章 chain for 李华, who heads 教务处: the head step is skipped', () => {
    const directory = buildDirectory(parseOrgFile(example, 'PRODUCT.md#2.3'));
    const chain = resolveApprovalChain(directory.seal('法人章')!.approval, directory.person('lihua')!, 'academic', directory);
    // dept_leader and principal are both 赵立: one decision, one card
    expect(chain).toEqual([{ step: 'dept_leader', userId: 'zhaoli' }]);
  });
});
