import { clip } from '../src/shared/text.js';
import type { ButtonInteractionCard, TemplateCardButton } from '../src/wecom/types.js';

/*
 * WeCom refuses a card whose parts are too long (NOTES §5: title ≤36, row key ≤5 and value ≤30,
 * ≤6 rows, ≤6 buttons of ≤10 characters). Templates build freely; fitCard trims to fit, visibly.
 */
export { clip };

export interface CardRow {
  keyname: string;
  value: string;
}

export type CardContent = Omit<ButtonInteractionCard, 'task_id' | 'card_type'>;

export function fitCard(card: {
  title: string;
  desc?: string;
  subtitle?: string;
  rows: CardRow[];
  buttons: TemplateCardButton[];
  source?: string;
}): CardContent {
  return {
    ...(card.source ? { source: { desc: clip(card.source, 13) } } : {}),
    main_title: { title: clip(card.title, 36), ...(card.desc ? { desc: clip(card.desc, 44) } : {}) },
    ...(card.subtitle ? { sub_title_text: clip(card.subtitle, 120) } : {}),
    horizontal_content_list: card.rows
      .slice(0, 6)
      .map((row) => ({ keyname: clip(row.keyname, 5), value: clip(row.value || '—', 30) })),
    button_list: card.buttons.slice(0, 6).map((button) => ({ ...button, text: clip(button.text, 10) })),
  };
}
