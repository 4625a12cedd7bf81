import { describe, expect, it } from 'vitest';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { orgText, problemsOf } from './org-file-text.js';

describe('archive (spec 2.3: 全宗号 and 机构代码 of the 档号)', () => {
  it('is carried as written', () => {
    const config = parseOrgFile(
      orgText('archive:', '  fonds: "0194"', '  department_codes: { office: BGS, academic: JWC }'),
      'org.yaml',
    );
    expect(config.archive).toEqual({ fonds: '0194', departmentCodes: { office: 'BGS', academic: 'JWC' } });
  });

  it('is optional, and so are the department codes', () => {
    expect(parseOrgFile(orgText(), 'org.yaml').archive).toBeUndefined();
    expect(parseOrgFile(orgText('archive: { fonds: X01 }'), 'org.yaml').archive).toEqual({
      fonds: 'X01',
      departmentCodes: {},
    });
  });

  it('says to quote a 全宗号 that YAML read as a number, losing its leading zero', async () => {
    expect(await problemsOf(() => parseOrgFile(orgText('archive: { fonds: 0194 }'), 'org.yaml'))).toEqual([
      'org.yaml: archive.fonds (line 11): should be text in quotes, e.g. "0194" (unquoted, YAML reads a number and drops leading zeros)',
    ]);
  });

  it('refuses codes that are not capitals and digits, unknown departments, a code used twice and unknown keys', async () => {
    const text = orgText(
      'archive:', // line 11
      '  fonds: 01-94',
      '  department_codes:',
      '    office: bgs', // line 14
      '    academic: ABCDEFGHI',
      '  retention: D30', // line 16
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: archive.fonds (line 12): must be 1 to 8 capital letters or digits (e.g. BGS)',
      'org.yaml: archive.department_codes.office (line 14): must be 1 to 8 capital letters or digits (e.g. BGS)',
      'org.yaml: archive.department_codes.academic (line 15): must be 1 to 8 capital letters or digits (e.g. BGS)',
      'org.yaml: archive.retention (line 16): unknown key "retention"',
    ]);
    const references = orgText(
      'archive:',
      '  fonds: "0194"',
      '  department_codes:',
      '    office: BGS',
      '    academic: BGS',
      '    science: KXB',
    );
    expect(await problemsOf(() => parseOrgFile(references, 'org.yaml'))).toEqual([
      // two departments sharing BGS would share one run of 件号
      'org.yaml: archive.department_codes.academic (line 15): code BGS is already the code of department "office"',
      'org.yaml: archive.department_codes.science (line 16): unknown department "science"',
    ]);
    expect(
      await problemsOf(() => parseOrgFile(orgText('archive: { fonds: "0194", department_codes: [BGS] }'), 'org.yaml')),
    ).toEqual(['org.yaml: archive.department_codes (line 11): should be a mapping (key: value), not a list']);
  });
});
