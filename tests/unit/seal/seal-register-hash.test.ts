import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, registerHash, type RegisterRecord } from '../../../src/workflows/seal/seal-register.js';

const record: RegisterRecord = {
  seq: 1,
  requestRef: 'Y1',
  sealId: 'school',
  sealName: '校章',
  document: '2026年度工作总结',
  copies: 3,
  applicantId: 'chenhao',
  approverIds: 'lihua|zhoumin',
  keeperId: 'liuqiang',
  usedAt: new Date('2026-11-22T02:31:00.000Z'),
};

describe('registerHash: each 用印登记 record seals its content and the one before it', () => {
  it('is a stable sha256 of the record', () => {
    const hash = registerHash(GENESIS_HASH, record);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(registerHash(GENESIS_HASH, { ...record })).toBe(hash);
  });

  it('changes when any field is edited', () => {
    const original = registerHash(GENESIS_HASH, record);
    const edits: Partial<RegisterRecord>[] = [
      { seq: 2 },
      { requestRef: 'Y2' },
      { sealId: 'legal' },
      { sealName: '法人章' },
      { document: '2026年度工作总结（改）' },
      { copies: 99 },
      { applicantId: 'zhangyan' },
      { approverIds: 'lihua' },
      { keeperId: 'wangfang' },
      { usedAt: new Date('2026-11-22T02:32:00.000Z') },
    ];
    for (const edit of edits)
      expect(registerHash(GENESIS_HASH, { ...record, ...edit }), JSON.stringify(edit)).not.toBe(original);
  });

  it('depends on the previous record, so a change anywhere breaks every later link', () => {
    const first = registerHash(GENESIS_HASH, record);
    const second = { ...record, seq: 2, requestRef: 'Y2' };
    expect(registerHash(first, second)).not.toBe(registerHash(GENESIS_HASH, second));
  });

  it('keeps fields apart: moving text from one field to the next gives another hash', () => {
    const a = registerHash(GENESIS_HASH, { ...record, sealName: '校章', document: 'A' });
    const b = registerHash(GENESIS_HASH, { ...record, sealName: '校章A', document: '' });
    expect(a).not.toBe(b);
  });
});
