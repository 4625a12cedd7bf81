import type { Card } from '../src/outbox/card.js';

/** What a minutes card shows; the meeting workflow fills it from the meeting (src/workflows/meetings/). */
export interface MinutesCardFacts {
  ref: string;
  topic: string;
  /** 决策会 */
  kind: string;
  /** already formatted, e.g. '12-01 14:00–16:00' */
  time: string;
  place: string;
  recorderName: string;
  /** when the minutes were posted, formatted */
  postedAt: string;
  /** the minutes as posted: the card shows their start, the full text goes beside it as a message */
  minutes: string;
  /** 1, then one more per 退回 and new 纪要 */
  round: number;
  /** already formatted: when the minutes are due to be published */
  due: string;
}

/** Button keys name the action (spec 2.6). */
export const MINUTES_ACTIONS = {
  sign: 'meeting_minutes_sign',
  return: 'meeting_minutes_return',
} as const;

/**
 * A 决策会's minutes for its 主持 to sign off (spec 2.5): [签发] publishes them to the attendees,
 * [退回] asks for the reason and sends them back to the recorder.
 */
export function minutesSignoffCard(facts: MinutesCardFacts): Card {
  return {
    source: '校办助手 · 会议',
    title: `签发纪要 ${facts.ref}`,
    note: `${facts.recorderName} ${facts.postedAt} 提交${facts.round > 1 ? `（第${facts.round}稿）` : ''}`,
    subtitle: facts.minutes,
    rows: [
      { label: '会议', value: `${facts.topic}（${facts.kind}）` },
      { label: '时间', value: facts.time },
      { label: '地点', value: facts.place },
      { label: '记录人', value: facts.recorderName },
      { label: '发布期限', value: facts.due },
    ],
    buttons: [
      { label: '签发', style: 'primary', key: MINUTES_ACTIONS.sign },
      { label: '退回', style: 'danger', key: MINUTES_ACTIONS.return },
    ],
  };
}
