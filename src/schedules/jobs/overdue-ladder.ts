import type { DepartmentInfo } from '../../directory/types.js';

/** How far an overdue item has gone: 0 its holder, 1 also the department head, 2 also the 分管领导. */
export type LadderLevel = 0 | 1 | 2;

/**
 * spec 4: an overdue item reminds its holder; after `escalateAfter` working days overdue also the
 * department head, after twice that the 分管领导. With the default 2: 0, 1 → holder; 2, 3 → + head;
 * 4 and more → + 分管领导.
 */
export function ladderLevel(workingDaysOverdue: number, escalateAfter: number): LadderLevel {
  if (workingDaysOverdue >= 2 * escalateAfter) return 2;
  if (workingDaysOverdue >= escalateAfter) return 1;
  return 0;
}

export type LadderRole = 'holder' | 'head' | 'leader';

export interface LadderRecipient {
  role: LadderRole;
  userId: string;
}

/**
 * Who is told about an item at `level`, from the item's own department (never the holder's first):
 * the holder, its head, its 分管领导. A level that resolves to someone already told — the holder
 * (a head holding their own department's item), a head who is also the 分管领导 — is skipped, and
 * so is a level nobody holds.
 */
export function ladderRecipients(
  holderId: string,
  department: Pick<DepartmentInfo, 'head' | 'leader'> | undefined,
  level: LadderLevel,
): LadderRecipient[] {
  const steps: [LadderRole, string | undefined][] = [
    ['holder', holderId],
    ['head', level >= 1 ? department?.head : undefined],
    ['leader', level >= 2 ? department?.leader : undefined],
  ];
  const told = new Set<string>();
  const recipients: LadderRecipient[] = [];
  for (const [role, userId] of steps) {
    if (!userId || told.has(userId)) continue;
    told.add(userId);
    recipients.push({ role, userId });
  }
  return recipients;
}
