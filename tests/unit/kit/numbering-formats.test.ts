import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import type { OrgConfig } from '../../../src/directory/types.js';
import { departmentCodeOf } from '../../../src/kit/numbering/allocate-archive-code.js';
import { findDocumentSeries } from '../../../src/kit/numbering/allocate-document-number.js';
import {
  formatArchiveCode,
  formatDocumentNumber,
  formatIncomingNumber,
  formatReference,
} from '../../../src/kit/numbering/format-numbers.js';
import {
  archiveCodeScope,
  describeNumber,
  documentNumberScope,
  incomingNumberScope,
  orgYear,
} from '../../../src/kit/numbering/number-scopes.js';
import { isRefusal } from '../../../src/shared/errors.js';

const config = parseOrgFile(readFileSync('config/org.yaml', 'utf8'), 'config/org.yaml');
const { archive: _archive, ...withoutArchive } = config;
const configWithoutArchive: OrgConfig = withoutArchive;

function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isRefusal(error)) return error.userMessage;
    throw error;
  }
  throw new Error('expected a refusal, nothing was thrown');
}

describe('references and official numbers read as spec 2.4 writes them', () => {
  it('a reference is its prefix and number', () => {
    expect(formatReference('Y', 12)).toBe('Y12');
    expect(formatReference('S', 1)).toBe('S1');
  });

  it('收文编号 and 发文字号 carry the year in 〔〕 and end in 号', () => {
    expect(formatIncomingNumber(2026, 12)).toBe('收〔2026〕12号');
    expect(formatDocumentNumber('校发', 2026, 3)).toBe('校发〔2026〕3号');
    expect(formatDocumentNumber('校办', 2027, 105)).toBe('校办〔2027〕105号');
  });

  it('档号: 全宗号-WS·年度-保管期限-机构代码-件号, with each of the three 保管期限', () => {
    const parts = { fonds: '0194', year: 2026, departmentCode: 'BGS', itemNumber: 7 };
    expect(formatArchiveCode({ ...parts, retention: '30年' })).toBe('0194-WS·2026-D30-BGS-0007');
    expect(formatArchiveCode({ ...parts, retention: '永久' })).toBe('0194-WS·2026-Y-BGS-0007');
    expect(formatArchiveCode({ ...parts, retention: '10年' })).toBe('0194-WS·2026-D10-BGS-0007');
  });

  it('the 件号 has four digits, and a 10000th keeps all five', () => {
    const at = (itemNumber: number) =>
      formatArchiveCode({ fonds: '0194', year: 2026, retention: '永久', departmentCode: 'JWC', itemNumber });
    expect([1, 42, 123, 9999, 10000].map(at)).toEqual([
      '0194-WS·2026-Y-JWC-0001',
      '0194-WS·2026-Y-JWC-0042',
      '0194-WS·2026-Y-JWC-0123',
      '0194-WS·2026-Y-JWC-9999',
      '0194-WS·2026-Y-JWC-10000',
    ]);
  });

  it('without `archive` in the org file the 档号 starts at the 门类 code', () => {
    expect(formatArchiveCode({ year: 2026, retention: '30年', itemNumber: 7 })).toBe('WS·2026-D30-0007');
  });
});

describe("the year of a number is the organisation's local year", () => {
  it('turns at midnight in Asia/Shanghai, eight hours before UTC does', () => {
    expect(orgYear(new Date('2026-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe(2026);
    expect(orgYear(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe(2027);
    expect(orgYear(new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe(2027);
  });

  it('follows whichever zone the org file names', () => {
    expect(orgYear(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe(2026);
    expect(orgYear(new Date('2027-01-01T05:00:00Z'), 'America/New_York')).toBe(2027);
  });
});

describe('each series of numbers counts in its own scope', () => {
  it('收文编号 per year, 文号 per series and year, 件号 per 年度 + 保管期限 + 机构', () => {
    expect(incomingNumberScope(2026)).toBe('收文:2026');
    expect(documentNumberScope('xiaofa', 2026)).toBe('发文:xiaofa:2026');
    expect(archiveCodeScope(2026, '30年', 'BGS')).toBe('档号:2026:D30:BGS');
    expect(archiveCodeScope(2026, '永久')).toBe('档号:2026:Y');
  });

  it('a number is shown from its scope alone, as it was given (for voids and ledgers)', () => {
    expect(describeNumber(config, 'Y', 12)).toBe('Y12');
    expect(describeNumber(config, '收文:2026', 12)).toBe('收〔2026〕12号');
    expect(describeNumber(config, '发文:xiaoban:2026', 3)).toBe('校办〔2026〕3号');
    expect(describeNumber(config, '档号:2026:D30:BGS', 7)).toBe('0194-WS·2026-D30-BGS-0007');
    expect(describeNumber(configWithoutArchive, '档号:2026:D10', 7)).toBe('WS·2026-D10-0007');
    // a series since removed from the org file still shows which one it was
    expect(describeNumber(config, '发文:gone:2026', 3)).toBe('gone〔2026〕3号');
  });
});

describe('what the org file must give', () => {
  it('a 发文字号 series is found by its id or its prefix', () => {
    expect(findDocumentSeries(config, 'xiaofa').prefix).toBe('校发');
    expect(findDocumentSeries(config, '校办').id).toBe('xiaoban');
  });

  it('an unknown series is refused, naming the series that exist', () => {
    expect(refusalOf(() => findDocumentSeries(config, '校长办'))).toBe(
      '没有「校长办」这个发文字号系列。现有：校发、校办。',
    );
    expect(refusalOf(() => findDocumentSeries({ ...config, documentSeries: [] }, '校发'))).toContain(
      '组织文件中还没有发文字号系列',
    );
  });

  it("a department's 机构代码 comes from the org file; a department without one is refused, saying what to add", () => {
    expect(departmentCodeOf(config.archive!, { id: 'academic', name: '教务处' })).toBe('JWC');
    const archive = { fonds: '0194', departmentCodes: { office: 'BGS' } };
    expect(refusalOf(() => departmentCodeOf(archive, { id: 'academic', name: '教务处' }))).toBe(
      '「教务处」还没有机构代码，暂不能编档号。请综合办公室在组织文件的 archive.department_codes 中添加 academic 的代码。',
    );
  });
});
