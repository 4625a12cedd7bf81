import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { sealLabel } from '../../../src/directory/seal-label.js';
import { orgText, problemsOf } from './org-file-text.js';

const SEALS = [
  'seals:', // line 11
  '  - { id: school, name: 校章, aliases: [公章, 学校公章], keeper: liuqiang, approval: [dept_head] }',
  '  - { id: legal, name: 法人章, keeper: liuqiang, approval: [principal] }',
];

describe('seal aliases (spec 2.3: other names staff use)', () => {
  const directory = buildDirectory(parseOrgFile(orgText(...SEALS), 'org.yaml'));

  it('are kept in file order, and a seal without any has none', () => {
    expect(directory.config.seals.map((seal) => [seal.id, seal.aliases])).toEqual([
      ['school', ['公章', '学校公章']],
      ['legal', []],
    ]);
  });

  it('find the seal like its id and name do', () => {
    expect(directory.seal('公章')?.id).toBe('school');
    expect(directory.seal(' 学校公章 ')?.id).toBe('school');
    expect(directory.seal('校章')?.id).toBe('school');
    expect(directory.seal('school')?.name).toBe('校章');
    expect(directory.seal('法人')).toBeUndefined();
  });

  it('let an id win over a name, and a name over an alias', () => {
    // `legal` is also the name of another seal: the id wins, as before aliases existed.
    const shadowed = buildDirectory(
      parseOrgFile(
        orgText(
          'seals:',
          '  - { id: school, name: 校章, aliases: [公章], keeper: liuqiang, approval: [dept_head] }',
          '  - { id: legal, name: 法人章, keeper: liuqiang, approval: [principal] }',
          '  - { id: spare, name: legal, keeper: liuqiang, approval: [principal] }',
        ),
        'org.yaml',
      ),
    );
    expect(shadowed.seal('legal')?.name).toBe('法人章');
    expect(shadowed.seal('公章')?.id).toBe('school');
  });

  it('are shown with the name, as a list of seals shows them', () => {
    expect(sealLabel(directory.seal('公章')!)).toBe('校章（公章、学校公章）');
    expect(sealLabel(directory.seal('法人章')!)).toBe('法人章');
  });

  it('may name the seal of a document series', () => {
    const config = parseOrgFile(
      orgText(...SEALS, 'document_series: [{ id: xiaofa, prefix: 校发, seal: 公章 }]'),
      'org.yaml',
    );
    expect(config.documentSeries[0]?.seal).toBe('公章');
  });

  it("refuses an alias that is another seal's name, naming file, path and line", async () => {
    const text = orgText(
      'seals:',
      '  - { id: school, name: 校章, keeper: liuqiang, approval: [dept_head] }',
      '  - id: legal', // line 13
      '    name: 法人章',
      '    aliases: [法人印, 校章]', // line 15
      '    keeper: liuqiang',
      '    approval: [principal]',
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: seals[1].aliases[1] (line 15): alias "校章" is already the name of seals[0]',
    ]);
  });

  it("refuses an alias that is an id, another seal's alias, its own name, or written twice", async () => {
    const text = orgText(
      'seals:',
      '  - { id: school, name: 校章, aliases: [公章, 校章, legal], keeper: liuqiang, approval: [dept_head] }', // line 12
      '  - { id: legal, name: 法人章, aliases: [公章, 法人印, 法人印], keeper: liuqiang, approval: [principal] }', // line 13
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: seals[0].aliases[1] (line 12): alias "校章" is already the name of seals[0]',
      'org.yaml: seals[0].aliases[2] (line 12): alias "legal" is already the id of seals[1] (法人章)',
      'org.yaml: seals[1].aliases[0] (line 13): alias "公章" is already an alias of seals[0] (校章)',
      'org.yaml: seals[1].aliases[2] (line 13): alias "法人印" is already an alias of seals[1] (法人章)',
    ]);
  });

  it('must not be empty, and the list must be a list', async () => {
    const text = orgText(
      'seals:',
      '  - { id: school, name: 校章, aliases: ["  "], keeper: liuqiang, approval: [dept_head] }', // line 12
      '  - { id: legal, name: 法人章, aliases: 法人印, keeper: liuqiang, approval: [principal] }', // line 13
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: seals[0].aliases[0] (line 12): must not be empty',
      'org.yaml: seals[1].aliases (line 13): should be a list, not "法人印"',
    ]);
  });
});
