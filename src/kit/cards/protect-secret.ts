import type { Card } from '../../outbox/card.js';

/** 密级 (spec 2.5): 普通, 秘密, 机密. */
export type Secrecy = '普通' | '秘密' | '机密';

/** 秘密/机密: no title, text or file of it is kept or sent (spec 2.6). */
export function isClassified(item: { secrecy: string }): boolean {
  return item.secrecy !== '普通';
}

/** What a 秘密/机密 document is registered as, in place of its title (spec 2.6: 「涉密件」). */
export const CLASSIFIED_TITLE = '涉密件';

/**
 * Spec 2.6 (保密法): a card about a 秘密/机密 item shows only its reference, 密级 and deadline — never
 * its title or text — and says where to read it. Applied in the kit, whatever the workflow built.
 */
export function protectSecret(card: Card, item: { secrecy: Secrecy; ref: string; deadline?: string }): Card {
  if (item.secrecy === '普通') return card;
  return {
    ...(card.source ? { source: card.source } : {}),
    title: `${item.ref}（${item.secrecy}）`,
    ...(card.note ? { note: card.note } : {}),
    subtitle: '涉密件：内容不在此显示，请到综合办公室阅处。',
    rows: [
      { label: '编号', value: item.ref },
      { label: '密级', value: item.secrecy },
      { label: '期限', value: item.deadline ?? '—' },
      { label: '阅处地点', value: '综合办公室' },
    ],
    buttons: card.buttons,
  };
}
