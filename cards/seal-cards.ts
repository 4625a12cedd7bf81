import type { CardContent } from './fit-card.js';
import { fitCard } from './fit-card.js';

/** What a seal card shows; the workflow fills it from the request (src/workflows/seal/). */
export interface SealCardFacts {
  ref: string;
  applicantName: string;
  departmentName: string;
  purpose: string;
  document: string;
  copies: number;
  sealName: string;
  /** already formatted, e.g. '11-25 14:00', or '未填' */
  plannedAt: string;
  /** e.g. '李华 11-22 10:31' per approval so far */
  approvalsSoFar: string[];
  relatedRef?: string;
}

/** Button keys name the action (spec 2.6). */
export const SEAL_ACTIONS = {
  approve: 'approve',
  reject: 'reject',
  stamped: 'stamped',
  cannotStamp: 'cannot_stamp',
} as const;

function rows(facts: SealCardFacts): { keyname: string; value: string }[] {
  return [
    { keyname: '申请人', value: `${facts.applicantName}（${facts.departmentName}）` },
    { keyname: '文件', value: facts.document },
    { keyname: '份数', value: `${facts.copies}份` },
    { keyname: '印章', value: facts.sealName },
    { keyname: '拟用时间', value: facts.plannedAt },
    { keyname: '已审批', value: approvals(facts) },
  ];
}

/**
 * A row value holds 30 characters (fit-card.ts): three approvals with their times do not fit and the
 * last approver (the principal, on a 法人章) would be cut off, so then only the names are shown.
 */
function approvals(facts: SealCardFacts): string {
  if (facts.approvalsSoFar.length === 0) return '（第一位审批）';
  const withTimes = facts.approvalsSoFar.join('；');
  return [...withTimes].length <= 30
    ? withTimes
    : facts.approvalsSoFar.map((approval) => approval.split(' ')[0]).join('、');
}

function subtitle(facts: SealCardFacts): string {
  return `事由：${facts.purpose}${facts.relatedRef ? `（关联 ${facts.relatedRef}）` : ''}`;
}

/** [同意] [驳回] for the holder of one approval step. */
export function sealApprovalCard(
  facts: SealCardFacts,
  step: { number: number; total: number; name: string },
): CardContent {
  return fitCard({
    source: '校办助手 · 用印',
    title: `用印审批 ${facts.ref}`,
    desc: `第${step.number}/${step.total}步 · ${step.name}`,
    subtitle: subtitle(facts),
    rows: rows(facts),
    buttons: [
      { text: '同意', style: 1, key: SEAL_ACTIONS.approve },
      { text: '驳回', style: 3, key: SEAL_ACTIONS.reject },
    ],
  });
}

/** [已用印] [无法用印] for the seal keeper once every step has approved. */
export function sealKeeperCard(facts: SealCardFacts): CardContent {
  return fitCard({
    source: '校办助手 · 用印',
    title: `待用印 ${facts.ref}`,
    desc: `${facts.sealName} · ${facts.copies}份 · 审批已完成`,
    subtitle: subtitle(facts),
    rows: rows(facts),
    buttons: [
      { text: '已用印', style: 1, key: SEAL_ACTIONS.stamped },
      { text: '无法用印', style: 2, key: SEAL_ACTIONS.cannotStamp },
    ],
  });
}
