import type { Sent } from './handler-harness.js';

/** What the service sent one person, in order. */
export function sentTo(sent: Sent[], userId: string): Sent[] {
  return sent.filter((message) => message.to === userId);
}

/** The texts one person was sent, one per line. */
export function textTo(sent: Sent[], userId: string): string {
  return sentTo(sent, userId)
    .filter((message) => message.kind === 'text')
    .map((message) => message.text)
    .join('\n');
}

/** A card's rows as WeCom shows them, by label. */
export function cardRows(card: Sent): Record<string, string> {
  return Object.fromEntries((card.card?.horizontal_content_list ?? []).map((row) => [row.keyname, row.value ?? '']));
}
