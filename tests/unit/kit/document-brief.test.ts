import { describe, expect, it } from 'vitest';
import { describeWaitingOnLeaders } from '../../../src/kit/document-brief.js';

describe('the brief names a few documents per line, for a phone', () => {
  it('lists up to five waiting documents whole', () => {
    const waiting = ['S1', 'S2'].map((ref) => ({ ref, leaders: ['赵立'], since: new Date(0) }));
    expect(describeWaitingOnLeaders(waiting)).toBe('待领导签批：2件（S1 赵立，S2 赵立）');
  });

  it('names the first five of more and says how many in all', () => {
    const waiting = Array.from({ length: 35 }, (_, i) => ({ ref: `S${i + 1}`, leaders: ['周敏'], since: new Date(0) }));
    expect(describeWaitingOnLeaders(waiting)).toBe(
      '待领导签批：35件（S1 周敏，S2 周敏，S3 周敏，S4 周敏，S5 周敏等35件）',
    );
  });
});
