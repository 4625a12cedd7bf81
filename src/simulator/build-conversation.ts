import type { RecordedCardUpdate, RecordedMessage } from '../fake-wecom/types.js';
import { describeSize } from '../wecom/media.js';
import type { TypedMessage } from './simulator-state.js';

type Json = Record<string, unknown>;

/** A card as the person sees it now: the last whole-card replacement, and what greys its buttons. */
export interface CardView {
  taskId: string;
  card: Json;
  /** shown greyed instead of the buttons once answered (button.replace_name or replace_text) */
  replaceText?: string;
  updatedAt?: string;
}

/** One bubble of a person's chat with the bot. */
/** A file in the chat: its name and size, and where the page can download it while WeCom keeps it. */
export interface FileView {
  name: string;
  sizeBytes: number;
  /** the size as the bot says it: 1.2 MB */
  sizeText: string;
  mediaId: string;
}

const fileView = (file: { name: string; sizeBytes: number; mediaId: string }): FileView => ({
  ...file,
  sizeText: describeSize(file.sizeBytes),
});

export type ChatEntry =
  | { side: 'me'; id: string; at: string; content: string; file?: FileView; httpStatus: number | null }
  | { side: 'bot'; id: string; at: string; msgtype: 'file'; file: FileView; dropped?: string }
  | { side: 'bot'; id: string; at: string; msgtype: 'text' | 'markdown'; content: string; dropped?: string }
  | { side: 'bot'; id: string; at: string; msgtype: 'template_card'; view: CardView; dropped?: string }
  | { side: 'bot'; id: string; at: string; msgtype: string; raw: Json; dropped?: string };

/**
 * Merges what a person typed (the simulator's memory) with what the bot sent them (the fake's
 * records), by time; cards carry the updates update_template_card made to them (NOTES §6).
 */
export function buildConversation(options: {
  userId: string;
  typed: readonly TypedMessage[];
  received: readonly RecordedMessage[];
  cardUpdates: readonly RecordedCardUpdate[];
}): ChatEntry[] {
  const mine: ChatEntry[] = options.typed.map((message) => ({
    side: 'me',
    id: `me-${message.msgId}`,
    at: message.at,
    content: message.content,
    ...(message.file ? { file: fileView(message.file) } : {}),
    httpStatus: message.httpStatus,
  }));
  const theirs = options.received.map((message, index) =>
    botEntry(message, index, options.userId, options.cardUpdates),
  );
  // A stable sort keeps a person's message before the bot's answer recorded in the same millisecond.
  return [...mine, ...theirs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function botEntry(
  message: RecordedMessage,
  index: number,
  userId: string,
  cardUpdates: readonly RecordedCardUpdate[],
): ChatEntry {
  const base = {
    side: 'bot' as const,
    id: `bot-${message.msgid}-${index}`,
    at: message.at,
    ...(message.dropped ? { dropped: message.dropped } : {}),
  };
  const payload = message.body[message.msgtype];
  const content = (payload as { content?: unknown } | undefined)?.content;
  if ((message.msgtype === 'text' || message.msgtype === 'markdown') && typeof content === 'string') {
    return { ...base, msgtype: message.msgtype, content };
  }
  if (message.msgtype === 'file' && message.file) {
    const { fileName: name, sizeBytes, mediaId } = message.file;
    return { ...base, msgtype: 'file', file: fileView({ name, sizeBytes, mediaId }) };
  }
  if (message.msgtype === 'template_card' && typeof payload === 'object' && payload !== null) {
    return {
      ...base,
      msgtype: 'template_card',
      view: applyUpdates(payload as Json, message.taskId ?? '', userId, cardUpdates),
    };
  }
  return { ...base, msgtype: message.msgtype, raw: (payload ?? {}) as Json };
}

function applyUpdates(
  sent: Json,
  taskId: string,
  userId: string,
  cardUpdates: readonly RecordedCardUpdate[],
): CardView {
  const view: CardView = { taskId, card: sent };
  for (const update of cardUpdates) {
    if (update.taskId !== taskId || !update.userIds.includes(userId)) continue;
    view.updatedAt = update.at;
    if (update.button) {
      view.replaceText = update.button.replace_name;
    } else if (update.templateCard) {
      view.card = update.templateCard;
      const replaceText = update.templateCard.replace_text;
      if (typeof replaceText === 'string') view.replaceText = replaceText;
      else delete view.replaceText;
    }
  }
  return view;
}
