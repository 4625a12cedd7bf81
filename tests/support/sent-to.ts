import type { Sent } from './handler-harness.js';

/** What one person was sent, in order. */
export const sentTo = (sent: Sent[], userId: string): Sent[] => sent.filter((message) => message.to === userId);

/** The texts one person was sent, joined by lines: what they read in the chat. */
export const textTo = (sent: Sent[], userId: string): string =>
  sentTo(sent, userId)
    .filter((message) => message.kind === 'text')
    .map((message) => message.text)
    .join('\n');

/** The first card one person was sent. */
export const cardTo = (sent: Sent[], userId: string): Sent | undefined =>
  sentTo(sent, userId).find((message) => message.kind === 'card');

/** A card's rows as WeCom shows them, by label. */
export const cardRows = (card: Sent): Record<string, string> =>
  Object.fromEntries((card.card?.horizontal_content_list ?? []).map((row) => [row.keyname, row.value ?? '']));
