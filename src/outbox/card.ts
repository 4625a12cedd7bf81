/**
 * A card as a workflow describes it and the outbox keeps it: data, no platform's JSON. The WeCom
 * adapter renders it as a `button_interaction` template card (src/wecom/render-card.ts) when the
 * message is delivered; DingTalk will add a renderer of its own, not a rewrite of the workflows.
 */
export interface Card {
  /** above the title, small: 校办助手 · 用印 */
  source?: string;
  /** 用印审批 Y12 */
  title: string;
  /** under the title, small: 第2/3步 · 分管校领导 */
  note?: string;
  /** a sentence under the title: 事由：… */
  subtitle?: string;
  rows: CardRow[];
  buttons: CardButton[];
}

export interface CardRow {
  label: string;
  value: string;
}

export interface CardButton {
  /** what the tap does; comes back in the tap event (spec 2.6: the button's key names the action) */
  key: string;
  label: string;
  /** primary (blue), plain (grey), danger (red); default primary */
  style?: 'primary' | 'plain' | 'danger';
}
