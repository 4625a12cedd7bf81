import type { Card, CardRow } from '../src/outbox/card.js';

/**
 * What a 收文 card shows; the workflow fills it from the document (src/workflows/incoming/). A
 * 秘密/机密 document's cards pass the kit's guard (protectSecret): only the reference, 密级, the
 * deadline, the note and the buttons reach the person.
 */
export interface IncomingCardFacts {
  ref: string;
  title: string;
  /** 收〔2026〕12号 */
  incomingNumber: string;
  senderOrg: string;
  /** 来文字号, or '—' */
  senderNumber: string;
  /** 特急, 加急, 平件 */
  urgency: string;
  /** 承办, or '—' before the proposal */
  leadDepartment: string;
  /** the handling deadline, formatted, or '—' */
  handlingDue: string;
  /** 提示, or '无' */
  riskNote: string;
  /** who proposed it (拟办人) */
  proposedBy: string;
}

/** Button keys name the action (spec 2.6). */
export const INCOMING_ACTIONS = {
  approve: 'incoming_approve',
  return: 'incoming_return',
  read: 'incoming_read',
} as const;

const SOURCE = '校办助手 · 收文';

/** 特急 is marked in the title; the note says the 缓急 of every document (it survives the 密级 guard). */
function urgent(facts: IncomingCardFacts): string {
  return facts.urgency === '特急' ? '【特急】' : '';
}

function documentRows(facts: IncomingCardFacts): CardRow[] {
  return [
    { label: '收文编号', value: facts.incomingNumber },
    { label: '来文单位', value: facts.senderOrg },
    { label: '来文字号', value: facts.senderNumber },
  ];
}

/**
 * The 签批 leader's card (拟办呈批): the proposal's three elements (承办, 期限, 提示) under the
 * document's particulars (WeCom shows six rows), [同意拟办] [退回]; 「批示 S3 …」 in chat approves it
 * with words.
 */
export function incomingProposalCard(facts: IncomingCardFacts, ask: { due: string }): Card {
  return {
    source: SOURCE,
    title: `${urgent(facts)}拟办呈批 ${facts.ref}`,
    note: `${facts.urgency} · ${facts.proposedBy}拟办 · 请于 ${ask.due} 前签批`,
    subtitle: `《${facts.title}》`,
    rows: [
      ...documentRows(facts),
      { label: '承办', value: facts.leadDepartment },
      { label: '期限', value: facts.handlingDue },
      { label: '提示', value: facts.riskNote },
    ],
    buttons: [
      { label: '同意拟办', style: 'primary', key: INCOMING_ACTIONS.approve },
      { label: '退回', style: 'danger', key: INCOMING_ACTIONS.return },
    ],
  };
}

/** A reader's card (传阅): the document to read by `due`, [已阅]. */
export function incomingReadingCard(facts: IncomingCardFacts, reading: { sentBy: string; due: string }): Card {
  return {
    source: SOURCE,
    title: `${urgent(facts)}传阅 ${facts.ref}`,
    note: `${facts.urgency} · ${reading.sentBy}送阅 · 请于 ${reading.due} 前阅知`,
    subtitle: `《${facts.title}》`,
    rows: [...documentRows(facts), { label: '承办', value: facts.leadDepartment }],
    buttons: [{ label: '已阅', style: 'primary', key: INCOMING_ACTIONS.read }],
  };
}
