import type { Card, CardRow } from '../src/outbox/card.js';

/** What a 发文 card shows; the workflow fills it from the document (src/workflows/outgoing/). */
export interface OutgoingCardFacts {
  ref: string;
  title: string;
  /** 类型: the series' prefix, 校发 */
  series: string;
  /** 拟稿: 陈浩（教务处） */
  drafter: string;
  /** 缓急 */
  urgency: string;
  /** 会签 departments, 、-joined; empty when none */
  cosign: string;
  /** 签发 leader's name */
  signoff: string;
  /** 应于…前印发, already formatted: '12-07 18:00（周一）' */
  issueDue: string;
  /** the version of the file sent beside the card, when there is one */
  fileVersion?: number;
}

/** Button keys name the action (spec 2.6). */
export const OUTGOING_ACTIONS = {
  agree: 'outgoing_agree',
  return: 'outgoing_return',
  received: 'outgoing_received',
} as const;

const SOURCE = '校办助手 · 发文';

/** 特急 is said on the card itself; its deadline (the org's `urgent_issue_hours`) is the 印发期限 row. */
function urgencyText(urgency: string): string {
  return urgency === '特急' ? '特急！' : urgency;
}

function fileLine(facts: OutgoingCardFacts): string {
  return facts.fileVersion ? `正文见下一条文件（第${facts.fileVersion}版）` : '正文尚未附上，请向拟稿人索取';
}

function rows(facts: OutgoingCardFacts): CardRow[] {
  return [
    { label: '类型', value: facts.series },
    { label: '拟稿', value: facts.drafter },
    { label: '缓急', value: urgencyText(facts.urgency) },
    { label: '会签', value: facts.cosign || '无' },
    { label: '签发', value: facts.signoff },
    { label: '印发期限', value: facts.issueDue },
  ];
}

/**
 * 核稿, 会签 or 签发 of a draft: [同意] (or [签发]) and [退回]; the note says which step of which
 * round, so a second round's card is not mistaken for the first's.
 */
export function outgoingDecisionCard(
  facts: OutgoingCardFacts,
  step: { name: string; number: number; total: number; round: number },
): Card {
  const isSignoff = step.name === '签发';
  return {
    source: SOURCE,
    title: `${step.name} ${facts.ref}`,
    note: `${step.name} · 第${step.number}/${step.total}步${step.round > 1 ? ` · 第${step.round}轮` : ''}${facts.urgency === '特急' ? ' · 特急' : ''}`,
    subtitle: `《${facts.title}》\n${fileLine(facts)}`,
    rows: rows(facts),
    buttons: [
      { label: isSignoff ? '签发' : '同意', style: 'primary', key: OUTGOING_ACTIONS.agree },
      { label: '退回', style: 'danger', key: OUTGOING_ACTIONS.return },
    ],
  };
}

/** A recipient's copy of an issued document: [已收到]. */
export function outgoingReceiptCard(
  facts: OutgoingCardFacts,
  receipt: { documentNumber: string; copyKind: '主送' | '抄送'; due: string },
): Card {
  return {
    source: SOURCE,
    title: `请签收 ${receipt.documentNumber}`,
    note: `${facts.ref} · ${receipt.copyKind}${facts.urgency === '特急' ? ' · 特急' : ''}`,
    subtitle: `《${facts.title}》\n${fileLine(facts)}`,
    rows: [
      { label: '文号', value: receipt.documentNumber },
      { label: '拟稿', value: facts.drafter },
      { label: '签发', value: facts.signoff },
      { label: '送达', value: receipt.copyKind },
      { label: '请确认', value: `${receipt.due}前` },
    ],
    buttons: [{ label: '已收到', style: 'primary', key: OUTGOING_ACTIONS.received }],
  };
}
