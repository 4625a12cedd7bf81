import type { Card } from '../outbox/card.js';
import { clip } from '../shared/text.js';
import type { ButtonInteractionCard, CardUpdate } from './types.js';

const STYLE = { primary: 1, plain: 2, danger: 3 } as const;

/**
 * A card as WeCom's `button_interaction` template card (DOC 90236). WeCom refuses a card whose parts
 * are too long (NOTES §5: title ≤36, desc ≤44, ≤6 rows with key ≤5 and value ≤30, ≤6 buttons of ≤10
 * characters): they are cut here, visibly, so no workflow needs to know WeCom's limits.
 */
export function renderTemplateCard(card: Card, taskId: string): ButtonInteractionCard {
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    ...(card.source ? { source: { desc: clip(card.source, 13) } } : {}),
    main_title: { title: clip(card.title, 36), ...(card.note ? { desc: clip(card.note, 44) } : {}) },
    ...(card.subtitle ? { sub_title_text: clip(card.subtitle, 120) } : {}),
    horizontal_content_list: card.rows
      .slice(0, 6)
      .map((row) => ({ keyname: clip(row.label, 5), value: clip(row.value || '—', 30) })),
    button_list: card.buttons
      .slice(0, 6)
      .map((button) => ({ text: clip(button.label, 10), style: STYLE[button.style ?? 'primary'], key: button.key })),
  };
}

/** An answered card: its buttons give way to one greyed line, e.g. 已同意 · 赵立 11-22 10:31 (DOC 94888). */
export function renderCardUpdate(resultText: string): CardUpdate {
  return { button: { replace_name: clip(resultText, 40) } };
}
