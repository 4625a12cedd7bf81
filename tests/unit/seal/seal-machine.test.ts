import { describe, expect, it } from 'vitest';
import { planTransition, possibleActions } from '../../../src/kit/state-machine.js';
import { SEAL_MACHINE, type SealEvent, type SealState } from '../../../src/workflows/seal/seal-machine.js';

describe('the seal machine (spec 3.1)', () => {
  it('follows the chain submitted -> in approval -> approved -> used -> closed', () => {
    const path: [SealState, SealEvent, SealState][] = [
      ['submitted', 'start_approval', 'in_approval'],
      ['in_approval', 'approve_step', 'in_approval'],
      ['in_approval', 'approve_final', 'approved'],
      ['approved', 'stamp', 'used'],
      ['used', 'close', 'closed'],
    ];
    for (const [from, event, to] of path)
      expect(planTransition(SEAL_MACHINE, from, event, 'Y1')).toEqual({ isAllowed: true, from, to, action: event });
  });

  it('lets the applicant cancel until the seal is used, and not after', () => {
    for (const from of ['submitted', 'in_approval', 'approved', 'blocked'] as const) {
      expect(planTransition(SEAL_MACHINE, from, 'cancel', 'Y1')).toMatchObject({ isAllowed: true, to: 'cancelled' });
    }
    // filing a used request is the daily summary's (the system's), never offered to a person
    expect(planTransition(SEAL_MACHINE, 'used', 'cancel', 'Y7', new Set(['requester']))).toEqual({
      isAllowed: false,
      reason: 'Y7 当前状态为「已用印」，不能「撤回」。现在不需要您处理。',
    });
  });

  it('blocks only an approved request, and a blocked one cannot be stamped until restored', () => {
    expect(planTransition(SEAL_MACHINE, 'approved', 'block', 'Y2')).toMatchObject({ isAllowed: true, to: 'blocked' });
    expect(planTransition(SEAL_MACHINE, 'in_approval', 'block', 'Y2').isAllowed).toBe(false);
    // the keeper is told only what the keeper can do (nothing: the restore is the seal's, not theirs)
    expect(planTransition(SEAL_MACHINE, 'blocked', 'stamp', 'Y2', new Set(['keeper']))).toEqual({
      isAllowed: false,
      reason: 'Y2 当前状态为「印章暂停，待恢复」，不能「确认已用印」。现在不需要您处理。',
    });
    // the applicant, asking the same, is told they may still withdraw it
    expect(planTransition(SEAL_MACHINE, 'blocked', 'stamp', 'Y2', new Set(['requester']))).toMatchObject({
      reason: 'Y2 当前状态为「印章暂停，待恢复」，不能「确认已用印」。您现在可以：撤回。',
    });
    expect(planTransition(SEAL_MACHINE, 'blocked', 'unblock', 'Y2')).toMatchObject({ isAllowed: true, to: 'approved' });
  });

  it('says a finished request cannot change at all', () => {
    for (const from of ['rejected', 'cancelled', 'closed'] as const) {
      expect(possibleActions(SEAL_MACHINE, from)).toEqual([]);
      const plan = planTransition(SEAL_MACHINE, from, 'approve_step', 'Y3');
      expect(plan).toMatchObject({ isAllowed: false });
      expect(plan.isAllowed ? '' : plan.reason).toMatch(/它已经办结，不能再更改。$/);
    }
  });

  it('rejects only while in approval', () => {
    expect(planTransition(SEAL_MACHINE, 'in_approval', 'reject', 'Y4')).toMatchObject({
      isAllowed: true,
      to: 'rejected',
    });
    expect(planTransition(SEAL_MACHINE, 'approved', 'reject', 'Y4').isAllowed).toBe(false);
  });
});
