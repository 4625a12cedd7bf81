import { randomUUID } from 'node:crypto';
import type { Directory } from '../../src/directory/types.js';
import { formatDocumentNumber, formatIncomingNumber } from '../../src/kit/numbering/format-numbers.js';
import { documentNumberScope, incomingNumberScope, orgYear } from '../../src/kit/numbering/number-scopes.js';
import { INCOMING_WORKFLOW_ID } from '../../src/workflows/incoming/incoming-store.js';
import { OUTGOING_WORKFLOW_ID } from '../../src/workflows/outgoing/outgoing-store.js';
import type { Random } from './random.js';
import { pushApproval, pushWorkItem, type ItemContext } from './seed-approval.js';
import type { CreationTime, YearDays } from './year-timeline.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SENDERS = ['区教育局', '市教育局', '区教师进修学校', '区卫生健康委', '街道办事处', '区财政局', '区应急管理局'];
const TOPICS = ['安全工作', '招生工作', '教师培训', '经费管理', '课后服务', '食品安全', '校园欺凌防治', '年度考核'];
const GENRES = ['通知', '意见', '方案', '报告', '函'];

/** What the 收文 and 发文 generators share beyond the rows: the school and the numbering counters. */
export interface DocumentContext extends ItemContext {
  directory: Directory;
  days: YearDays;
  random: Random;
  staffIds: string[];
  leaderIds: string[];
  officeDirectorId: string;
  /** counter scope → the last number given in it (收文编号, 文号 per year) */
  numbers: Map<string, number>;
}

function nextNumber(ctx: DocumentContext, scope: string): number {
  const n = (ctx.numbers.get(scope) ?? 0) + 1;
  ctx.numbers.set(scope, n);
  return n;
}

/** `at`, or null when it lies after the seed's end (it has not happened yet). */
const happened = (ctx: ItemContext, at: number | null): Date | null =>
  at !== null && at <= ctx.now.getTime() - 60_000 ? new Date(at) : null;

/** `minutes` after local midnight of working day `dayIndex` of the seeded calendar. */
function workingMoment(ctx: DocumentContext, dayIndex: number, minutes: number): number {
  return ctx.days.starts[Math.min(dayIndex, ctx.days.starts.length - 1)]! + minutes * 60_000;
}

function urgencyOf(random: Random): string {
  const roll = random.next();
  return roll < 0.05 ? '特急' : roll < 0.2 ? '加急' : '平件';
}

function distinctPeople(random: Random, from: readonly string[], count: number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, from.length)) chosen.add(random.pick(from));
  return [...chosen];
}

/**
 * One 收文 as the workflow leaves it: registered, 拟办 by the office, 签批 by a leader (an approval
 * of the engine), circulated to 3–6 readers (document_reading, a doc_reading wait each), 办结 by
 * the lead department's head, then 归档. How far it got follows from the times and the seed's end;
 * a few readers of the last four months never read (传阅逾期). 5 % 秘密: 「涉密件」 as the title.
 */
export function addIncomingRows(ctx: DocumentContext, created: CreationTime, ref: string): void {
  const { random, rows, orgId, directory } = ctx;
  const id = randomUUID();
  const receivedAt = created.at;
  const year = orgYear(receivedAt, directory.config.org.timezone);
  const incomingNumber = formatIncomingNumber(year, nextNumber(ctx, incomingNumberScope(year)));
  const urgency = urgencyOf(random);
  const secret = random.chance(0.05);
  const senderOrg = random.pick(SENDERS);
  const title = secret ? '涉密件' : `关于做好${random.pick(TOPICS)}的${random.pick(GENRES)}`;
  const department = random.pick(directory.config.departments.filter((each) => each.head));
  const leaderId = department.leader ?? random.pick(ctx.leaderIds);
  const handlingDueAt = ctx.days.deadline(created.dayIndex, urgency === '特急' ? 1 : urgency === '加急' ? 3 : 10);
  const cancelled = random.chance(0.02);
  const t = receivedAt.getTime();
  const proposedAt = happened(ctx, t + random.int(1, 5) * HOUR);
  // the leader decides in office hours, the same working day or one of the next two
  const approvedAt =
    cancelled || !proposedAt
      ? null
      : happened(
          ctx,
          Math.max(
            proposedAt.getTime() + HOUR,
            workingMoment(ctx, created.dayIndex + random.int(0, 2), random.int(9 * 60, 17 * 60 + 30)),
          ),
        );
  // most are done by their 办理时限, some a little after
  const span = handlingDueAt.getTime() - (approvedAt?.getTime() ?? t);
  const completedAt = approvedAt
    ? happened(ctx, approvedAt.getTime() + Math.max(HOUR, span * (random.chance(0.88) ? random.next() : 1.3)))
    : null;
  const archivedAt = completedAt ? happened(ctx, completedAt.getTime() + random.int(1, 10) * DAY) : null;
  const state = cancelled
    ? 'cancelled'
    : archivedAt
      ? 'archived'
      : completedAt
        ? 'completed'
        : approvedAt
          ? 'handling'
          : proposedAt
            ? 'proposed'
            : 'registered';
  const facts = { requester: senderOrg, subject: title, submittedAt: receivedAt };
  const item = { workflow: INCOMING_WORKFLOW_ID, itemId: id, ref };

  pushWorkItem(ctx, {
    ...item,
    ...facts,
    kind: 'doc_proposal',
    sourceId: id,
    holderId: ctx.officeDirectorId,
    action: '拟办',
    since: receivedAt,
    dueAt: ctx.days.deadline(created.dayIndex, 1),
    doneAt: proposedAt ?? (cancelled ? receivedAt : null),
  });
  if (proposedAt)
    pushApproval(
      ctx,
      { ...item, purpose: 'instruction', requesterId: ctx.officeDirectorId, departmentId: department.id },
      facts,
      [
        {
          name: '领导签批',
          rule: `user:${leaderId}`,
          holderId: leaderId,
          openedAt: proposedAt,
          decidedAt: approvedAt,
          dueAt: ctx.days.deadline(created.dayIndex, 2),
        },
      ],
      cancelled,
    );
  if (approvedAt) {
    const readers = distinctPeople(random, ctx.staffIds, random.int(3, 6));
    const recent = ctx.now.getTime() - t < 120 * DAY;
    for (const readerId of readers) {
      const readingId = randomUUID();
      const dueAt = ctx.days.deadline(created.dayIndex, urgency === '特急' ? 1 : 3);
      const forgotten = recent && random.chance(0.003);
      const readAt = forgotten ? null : happened(ctx, approvedAt.getTime() + random.int(1, 40) * HOUR);
      rows.documentReadings.push([
        readingId,
        orgId,
        id,
        readerId,
        null,
        ctx.officeDirectorId,
        approvedAt,
        dueAt,
        readAt,
        secret ? null : 1,
      ]);
      pushWorkItem(ctx, {
        ...item,
        ...facts,
        kind: 'doc_reading',
        sourceId: readingId,
        holderId: readerId,
        action: '阅件',
        since: approvedAt,
        dueAt,
        doneAt: readAt,
      });
    }
    pushWorkItem(ctx, {
      ...item,
      ...facts,
      kind: 'doc_completion',
      sourceId: id,
      holderId: department.head!,
      action: '办结',
      since: approvedAt,
      dueAt: handlingDueAt,
      doneAt: completedAt,
    });
  }
  rows.incomingDocuments.push([
    id,
    orgId,
    ref,
    incomingNumber,
    title,
    senderOrg,
    `${senderOrg.slice(0, 2)}〔${year}〕${random.int(1, 300)}号`,
    random.int(1, 3),
    secret ? '秘密' : '普通',
    urgency,
    receivedAt,
    random.chance(0.4) ? handlingDueAt : null,
    ctx.officeDirectorId,
    state,
    proposedAt ? department.id : null,
    proposedAt ? handlingDueAt : null,
    proposedAt ? ctx.officeDirectorId : null,
    proposedAt ? leaderId : null,
    proposedAt,
    approvedAt ? leaderId : null,
    approvedAt,
    approvedAt,
    completedAt,
    completedAt ? department.head! : null,
    completedAt && !secret ? '已按要求落实' : null,
    archivedAt ? `WS·${year}·${ref}` : null,
    archivedAt,
    cancelled ? '重复登记' : null,
    receivedAt,
    archivedAt ?? completedAt ?? approvedAt ?? proposedAt ?? receivedAt,
  ]);
}

/**
 * One 发文 as the workflow leaves it: drafted in a department, 核稿 by the office and 签发 by a
 * leader (one approval of the engine), the 文号 given at 签发, distributed to 3–12 recipients
 * (document_distribution, a doc_receipt wait each), archived. 特急 ones are due 24 hours after
 * drafting (`urgent_issue_hours`), the rest 5 working days; a few miss it.
 */
export function addOutgoingRows(ctx: DocumentContext, created: CreationTime, ref: string): void {
  const { random, rows, orgId, directory } = ctx;
  const id = randomUUID();
  const createdAt = created.at;
  const t = createdAt.getTime();
  const urgency = urgencyOf(random);
  const secret = random.chance(0.03);
  const title = secret ? '涉密件' : `关于${random.pick(TOPICS)}的${random.pick(GENRES)}`;
  const department = random.pick(directory.config.departments.filter((each) => each.head));
  const drafterId = department.head!;
  const leaderId = department.leader ?? random.pick(ctx.leaderIds);
  const series = directory.config.documentSeries[0]!;
  const issueDueAt =
    urgency === '特急'
      ? new Date(t + directory.config.sla.urgent_issue_hours * HOUR)
      : ctx.days.deadline(created.dayIndex, 5);
  const cancelled = random.chance(0.03);
  const reviewedAt = happened(ctx, t + random.int(1, 6) * HOUR);
  const onTime = random.chance(0.9);
  const signedAt =
    cancelled || !reviewedAt
      ? null
      : happened(
          ctx,
          onTime
            ? reviewedAt.getTime() + random.next() * Math.max(HOUR, issueDueAt.getTime() - reviewedAt.getTime())
            : issueDueAt.getTime() + random.int(1, 48) * HOUR,
        );
  const distributedAt = signedAt ? happened(ctx, signedAt.getTime() + random.int(1, 24) * HOUR) : null;
  const archivedAt = distributedAt ? happened(ctx, distributedAt.getTime() + random.int(3, 20) * DAY) : null;
  const state = cancelled
    ? 'cancelled'
    : archivedAt
      ? 'archived'
      : distributedAt
        ? 'distributed'
        : signedAt
          ? 'issued'
          : reviewedAt
            ? 'awaiting_signoff'
            : 'reviewing';
  const year = signedAt ? orgYear(signedAt, directory.config.org.timezone) : 0;
  const numberScope = signedAt ? documentNumberScope(series.id, year) : null;
  const numberSeq = numberScope ? nextNumber(ctx, numberScope) : null;
  const facts = { requester: directory.person(drafterId)?.name ?? drafterId, subject: title, submittedAt: createdAt };
  const item = { workflow: OUTGOING_WORKFLOW_ID, itemId: id, ref };
  pushApproval(
    ctx,
    { ...item, purpose: 'main', requesterId: drafterId, departmentId: department.id },
    facts,
    [
      {
        name: '核稿',
        rule: 'role:office',
        holderId: ctx.officeDirectorId,
        openedAt: createdAt,
        decidedAt: reviewedAt,
        dueAt: issueDueAt,
      },
      {
        name: '签发',
        rule: `user:${leaderId}`,
        holderId: leaderId,
        openedAt: reviewedAt,
        decidedAt: signedAt,
        dueAt: issueDueAt,
      },
    ],
    cancelled,
  );
  if (distributedAt)
    for (const [index, recipientId] of distinctPeople(random, ctx.staffIds, random.int(3, 12)).entries()) {
      const distributionId = randomUUID();
      const dueAt = new Date(distributedAt.getTime() + 2 * DAY);
      const confirmedAt = happened(ctx, distributedAt.getTime() + random.int(1, 40) * HOUR);
      rows.documentDistributions.push([
        distributionId,
        orgId,
        id,
        recipientId,
        null,
        index < 2 ? 'main' : 'copy',
        ctx.officeDirectorId,
        distributedAt,
        dueAt,
        confirmedAt,
      ]);
      pushWorkItem(ctx, {
        ...item,
        ...facts,
        kind: 'doc_receipt',
        sourceId: distributionId,
        holderId: recipientId,
        action: '签收',
        since: distributedAt,
        dueAt,
        doneAt: confirmedAt,
      });
    }
  rows.outgoingDocuments.push([
    id,
    orgId,
    ref,
    title,
    series.id,
    [],
    leaderId,
    urgency,
    secret ? '秘密' : '普通',
    drafterId,
    department.id,
    state,
    issueDueAt,
    reviewedAt ? ctx.officeDirectorId : null,
    signedAt ? leaderId : null,
    signedAt,
    numberSeq ? formatDocumentNumber(series.prefix, year, numberSeq) : null,
    numberScope,
    numberSeq,
    distributedAt,
    archivedAt ? `WS·${orgYear(archivedAt, directory.config.org.timezone)}·${ref}` : null,
    archivedAt,
    cancelled ? '拟稿部门撤回' : null,
    createdAt,
    archivedAt ?? distributedAt ?? signedAt ?? reviewedAt ?? createdAt,
  ]);
}
