import type { Directory } from '../../src/directory/types.js';
import { formatReference } from '../../src/kit/numbering/format-numbers.js';
import { registerHash, GENESIS_HASH } from '../../src/workflows/seal/seal-register.js';
import type { Random } from './random.js';
import {
  addSealRows,
  draftSeal,
  isNaturallyOpen,
  type SealDraft,
  type SealFate,
  type UnchainedRegisterEntry,
} from './seal-rows.js';
import { SEED_TABLES, type SeedRows, type SeedTable } from './seed-tables.js';
import { addTaskRows, draftTask, type TaskDraft, type TaskFate } from './task-rows.js';
import { addIncomingRows, addOutgoingRows, type DocumentContext } from './document-rows.js';
import { addMeetingRows } from './meeting-rows.js';
import { creationTimes, yearDays, type CreationTime } from './year-timeline.js';

const DAY = 86_400_000;

export interface YearOptions {
  orgId: string;
  directory: Directory;
  staffIds: string[];
  leaderIds: string[];
  officeDirectorId: string;
  items: number;
  /** the end of the year: every row lies before it */
  now: Date;
  /** open items past their due; default 5 % of the open items */
  overdue?: number;
  random: Random;
}

export interface SeededYear {
  rows: SeedRows;
  sealRequests: number;
  tasks: number;
  incomingDocuments: number;
  outgoingDocuments: number;
  meetings: number;
  /** counter scope → its last number (S, F, H, 收文编号 and 文号 per year) */
  counters: Map<string, number>;
  /** items waiting on someone at `now` */
  openItems: number;
  overdueItems: number;
}

type Draft = { kind: 'seal'; draft: SealDraft; due: Date | null } | { kind: 'task'; draft: TaskDraft; due: Date };
type OtherKind = 'incoming' | 'outgoing' | 'meeting';

/**
 * Shares of the items that are not seal requests or tasks, as a school's office sees them in a
 * year: 收文 the most (about one in ten), meetings, then its own 发文.
 */
const OTHER_SHARES: [OtherKind, number][] = [
  ['incoming', 0.1],
  ['meeting', 0.05],
  ['outgoing', 0.03],
];

/**
 * A year of items ending at `now`, as rows for every table the workflows write: 收文 (about 10 %),
 * meetings (5 %), 发文 (3 %), and seal requests and tasks (about half each of the rest). What is still open follows from the dates (a planned use or a deadline ahead);
 * then `overdue` older items are kept open past their due, picked mostly from the last four months
 * as a school's forgotten items are (less the documents' and meetings' own overdue waits). References
 * follow creation order, Y1…, R1…, S1…, F1…, H1….
 */
export function generateYear(options: YearOptions): SeededYear {
  const { random, now, directory } = options;
  const seals = directory.config.seals;
  const days = yearDays(now, directory.calendar, directory.config.org.timezone);
  const others: { kind: OtherKind; created: CreationTime }[] = [];
  const drafts: Draft[] = creationTimes(options.items, now, days, random).flatMap((created): Draft[] => {
    let roll = random.next();
    for (const [kind, share] of OTHER_SHARES) {
      if (roll < share) {
        others.push({ kind, created });
        return [];
      }
      roll -= share;
    }
    if (random.chance(0.5)) {
      const draft = draftSeal(created.at, options.staffIds, seals, random);
      return [{ kind: 'seal', draft, due: draft.plannedAt }];
    }
    const draft = draftTask(created, options.staffIds, options.leaderIds, days, random);
    return [{ kind: 'task', draft, due: draft.dueAt }];
  });
  const naturallyOpen = drafts.map((each) =>
    each.kind === 'seal' ? isNaturallyOpen(each.draft, now) : each.due > now,
  );
  const openCount = naturallyOpen.filter(Boolean).length;

  const rows = Object.fromEntries(Object.keys(SEED_TABLES).map((table) => [table, []])) as unknown as SeedRows;
  const register: UnchainedRegisterEntry[] = [];
  let holderId = 0n;
  const nextHolderId = (): bigint => (holderId += 1n);
  const membersOf = new Map<string, string[]>();
  for (const person of directory.config.people) {
    const department = person.departmentIds[0];
    if (department) membersOf.set(department, [...(membersOf.get(department) ?? []), person.userId]);
  }
  const base = { orgId: options.orgId, directory, now, random, rows, nextHolderId };
  const sealContext = { ...base, register };
  const taskContext = { ...base, officeDirectorId: options.officeDirectorId, membersOf };
  // documents and meetings first: their overdue waits (unread 传阅, late 纪要) come from their own
  // dates, and the seal requests and tasks make up the rest of the overdue asked for
  const counters = new Map<string, number>();
  const documentContext: DocumentContext = {
    ...base,
    days,
    staffIds: options.staffIds,
    leaderIds: options.leaderIds,
    officeDirectorId: options.officeDirectorId,
    numbers: counters,
  };
  const adders = { incoming: addIncomingRows, outgoing: addOutgoingRows, meeting: addMeetingRows };
  const prefixes = { incoming: 'S', outgoing: 'F', meeting: 'H' } as const;
  const otherCounts = { incoming: 0, outgoing: 0, meeting: 0 };
  for (const { kind, created } of others) {
    otherCounts[kind] += 1;
    adders[kind](documentContext, created, formatReference(prefixes[kind], otherCounts[kind]));
  }
  for (const kind of Object.keys(prefixes) as OtherKind[]) counters.set(prefixes[kind], otherCounts[kind]);
  const nowMs = now.getTime();
  const isOverdue = (row: SeedRows['workItems'][number]): boolean =>
    row[15] === null && row[14] instanceof Date && row[14].getTime() < nowMs;
  const otherOverdue = rows.workItems.filter(isOverdue).length;
  const otherOpen = new Set(rows.workItems.filter((row) => row[15] === null).map((row) => row[2])).size;
  const target =
    options.overdue !== undefined ? Math.max(0, options.overdue - otherOverdue) : Math.round((openCount * 0.05) / 0.95);
  const overdue = pickOverdue(drafts, naturallyOpen, target, now, random);
  let sealCount = 0;
  let taskCount = 0;
  for (const [index, each] of drafts.entries()) {
    const isOpen = naturallyOpen[index]! || overdue.has(index);
    if (each.kind === 'seal') {
      sealCount += 1;
      addSealRows(sealContext, each.draft, formatReference('Y', sealCount), sealFate(each.draft, isOpen, now, random));
    } else {
      taskCount += 1;
      const fate = taskFate(isOpen, overdue.has(index), random);
      addTaskRows(taskContext, each.draft, formatReference('R', taskCount), fate);
    }
  }
  rows.register = chainRegister(options.orgId, register);
  return {
    rows,
    sealRequests: sealCount,
    tasks: taskCount,
    incomingDocuments: otherCounts.incoming,
    outgoingDocuments: otherCounts.outgoing,
    meetings: otherCounts.meeting,
    counters,
    openItems: openCount + overdue.size + otherOpen,
    overdueItems: overdue.size + otherOverdue,
  };
}

function pickOverdue(
  drafts: Draft[],
  naturallyOpen: boolean[],
  target: number,
  now: Date,
  random: Random,
): Set<number> {
  const candidates = drafts.flatMap((each, index) =>
    !naturallyOpen[index] && each.due && each.due <= now ? [index] : [],
  );
  const recent = candidates.filter((index) => now.getTime() - drafts[index]!.draft.createdAt.getTime() < 120 * DAY);
  const pool = recent.length >= target ? recent : candidates;
  if (pool.length < target) throw new Error(`only ${pool.length} items could be overdue; ask for fewer than ${target}`);
  // a partial Fisher–Yates: the first `target` places of a shuffle
  for (let i = 0; i < target; i += 1) {
    const j = i + Math.floor(random.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return new Set(pool.slice(0, target));
}

function sealFate(draft: SealDraft, isOpen: boolean, now: Date, random: Random): SealFate {
  if (isOpen) return random.chance(0.7) ? 'in_approval' : 'approved';
  const roll = random.next();
  if (roll < 0.08) return 'rejected';
  if (roll < 0.15) return 'cancelled';
  // close-used-seal-requests closes a used request after a few days; the last ones are still `used`
  return now.getTime() - draft.createdAt.getTime() < 3 * DAY ? 'used' : 'closed';
}

function taskFate(isOpen: boolean, isOverdue: boolean, random: Random): TaskFate {
  if (isOpen) {
    const roll = random.next();
    if (!isOverdue && roll < 0.1) return 'done';
    return roll < 0.55 ? 'in_progress' : 'open';
  }
  return random.chance(0.93) ? 'verified' : 'cancelled';
}

/** 用印登记 in the order the seals were used, each record linked to the one before (seal-register.ts). */
function chainRegister(orgId: string, entries: UnchainedRegisterEntry[]): SeedRows[SeedTable] {
  let prevHash = GENESIS_HASH;
  return entries
    .sort((a, b) => a.usedAt.getTime() - b.usedAt.getTime())
    .map((entry, index) => {
      const record = { ...entry, seq: index + 1 };
      const hash = registerHash(prevHash, record);
      const row = [
        orgId,
        record.seq,
        entry.requestRef,
        entry.sealId,
        entry.sealName,
        entry.document,
        entry.copies,
        entry.applicantId,
        entry.approverIds,
        entry.keeperId,
        entry.usedAt,
        prevHash,
        hash,
      ];
      prevHash = hash;
      return row;
    });
}
