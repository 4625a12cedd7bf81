import { describe, expect, it } from 'vitest';
import { ladderLevel, ladderRecipients } from '../../../src/schedules/jobs/overdue-ladder.js';

describe('the escalation ladder (spec 4)', () => {
  it('climbs after escalate_after_working_days, and again after twice that', () => {
    expect([0, 1, 2, 3, 4, 9].map((days) => ladderLevel(days, 2))).toEqual([0, 0, 1, 1, 2, 2]);
    expect([0, 2, 3, 6].map((days) => ladderLevel(days, 3))).toEqual([0, 0, 1, 2]);
  });

  it("names the holder, the item's head and its 分管领导, skipping a level that resolves to someone already told", () => {
    const academic = { head: 'lihua', leader: 'zhoumin' };
    expect(ladderRecipients('liuyang', academic, 0)).toEqual([{ role: 'holder', userId: 'liuyang' }]);
    expect(ladderRecipients('liuyang', academic, 2)).toEqual([
      { role: 'holder', userId: 'liuyang' },
      { role: 'head', userId: 'lihua' },
      { role: 'leader', userId: 'zhoumin' },
    ]);
    // the head holds it: that level is skipped
    expect(ladderRecipients('lihua', academic, 1)).toEqual([{ role: 'holder', userId: 'lihua' }]);
    // 校领导: head and 分管领导 are one person, told once
    expect(ladderRecipients('zhoumin', { head: 'zhaoli', leader: 'zhaoli' }, 2)).toEqual([
      { role: 'holder', userId: 'zhoumin' },
      { role: 'head', userId: 'zhaoli' },
    ]);
    // an item without a department reaches its holder only
    expect(ladderRecipients('liuyang', undefined, 2)).toEqual([{ role: 'holder', userId: 'liuyang' }]);
  });
});
