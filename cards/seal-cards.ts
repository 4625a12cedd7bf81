import type { Card, CardRow } from '../src/outbox/card.js';

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

function rows(facts: SealCardFacts): CardRow[] {
  return [
    { label: '申请人', value: `${facts.applicantName}（${facts.departmentName}）` },
    { label: '文件', value: facts.document },
    { label: '份数', value: `${facts.copies}份` },
    { label: '印章', value: facts.sealName },
    { label: '拟用时间', value: facts.plannedAt },
    { label: '已审批', value: approvals(facts) },
  ];
}

/**
 * A row value holds 30 characters (WeCom's limit, src/wecom/render-card.ts): three approvals with
 * their times do not fit and the last approver (the principal, on a 法人章) would be cut off, so
 * then only the names are shown.
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

/** [同意] [驳回] for a holder of one approval step. */
export function sealApprovalCard(facts: SealCardFacts, step: { number: number; total: number; name: string }): Card {
  return {
    source: '校办助手 · 用印',
    title: `用印审批 ${facts.ref}`,
    note: `第${step.number}/${step.total}步 · ${step.name}`,
    subtitle: subtitle(facts),
    rows: rows(facts),
    buttons: [
      { label: '同意', style: 'primary', key: SEAL_ACTIONS.approve },
      { label: '驳回', style: 'danger', key: SEAL_ACTIONS.reject },
    ],
  };
}

/** [已用印] [无法用印] for the seal keeper once every step has approved. */
export function sealKeeperCard(facts: SealCardFacts): Card {
  return {
    source: '校办助手 · 用印',
    title: `待用印 ${facts.ref}`,
    note: `${facts.sealName} · ${facts.copies}份 · 审批已完成`,
    subtitle: subtitle(facts),
    rows: rows(facts),
    buttons: [
      { label: '已用印', style: 'primary', key: SEAL_ACTIONS.stamped },
      { label: '无法用印', style: 'plain', key: SEAL_ACTIONS.cannotStamp },
    ],
  };
}
