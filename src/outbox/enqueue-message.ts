import { randomBytes } from 'node:crypto';
import { fitBytes } from '../shared/text.js';
import type { Tx } from '../db/prisma.js';
import type { Card } from './card.js';

const SEND_AT_ONCE = new Date(0);

/** WeCom refuses text and markdown over 2048 UTF-8 bytes (45002): cut with a visible mark instead. */
export const MAX_TEXT_BYTES = 2048;

export function fitToWecomLimit(content: string): string {
  return fitBytes(content, MAX_TEXT_BYTES, '\n……（内容过长，已截断）');
}

/** A text or markdown message as the outbox keeps it. */
export type TextMessage =
  { msgtype: 'text'; text: { content: string } } | { msgtype: 'markdown'; markdown: { content: string } };

/**
 * The one way to send anything: a row in outbox_message, written in the caller's transaction so that
 * the message exists if and only if the state change that caused it committed. The relay delivers it.
 * Without a deferral the row is due at once, whatever the clocks of this process and the relay's say
 * (tests move the injected clock; servers drift).
 */
export async function enqueueMessage(
  tx: Tx,
  message: { orgId: string; toUserId: string; content: TextMessage; notBefore?: Date },
): Promise<void> {
  const content = message.content;
  const body: TextMessage =
    content.msgtype === 'text'
      ? { msgtype: 'text', text: { content: fitToWecomLimit(content.text.content) } }
      : { msgtype: 'markdown', markdown: { content: fitToWecomLimit(content.markdown.content) } };
  await tx.outboxMessage.create({
    data: {
      orgId: message.orgId,
      toUserId: message.toUserId,
      kind: body.msgtype,
      body,
      notBefore: message.notBefore ?? SEND_AT_ONCE,
    },
  });
}

export function enqueueText(tx: Tx, orgId: string, toUserId: string, text: string): Promise<void> {
  return enqueueMessage(tx, { orgId, toUserId, content: { msgtype: 'text', text: { content: text } } });
}

/** Body of a card's outbox row: the card as data, rendered for the platform when it is delivered. */
export interface CardBody {
  taskId: string;
  card: Card;
}

export async function enqueueCard(tx: Tx, message: { orgId: string; toUserId: string } & CardBody): Promise<void> {
  const body: CardBody = { taskId: message.taskId, card: message.card };
  await tx.outboxMessage.create({
    data: {
      orgId: message.orgId,
      toUserId: message.toUserId,
      kind: 'template_card',
      body: body as unknown as object,
      cardTaskId: message.taskId,
      notBefore: SEND_AT_ONCE,
    },
  });
}

/** Body of a card update's outbox row; the response code is read from the card when sent. */
export interface CardUpdateBody {
  taskId: string;
  userIds: string[];
  /** what replaces the card's buttons: 已同意 · 赵立 11-22 10:31 */
  resultText: string;
}

export async function enqueueCardUpdate(tx: Tx, orgId: string, body: CardUpdateBody): Promise<void> {
  await tx.outboxMessage.create({
    data: {
      orgId,
      toUserId: body.userIds.join('|'),
      kind: 'update_template_card',
      body: body as unknown as object,
      notBefore: SEND_AT_ONCE,
    },
  });
}

/** task_id is unique per app for ever (NOTES §5): a prefix that names the item, plus randomness. */
export function newCardTaskId(itemRef: string): string {
  return `${itemRef.replace(/[^0-9A-Za-z_\-@]/g, '')}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/**
 * Body of a file message's outbox row: which stored file (content-addressed by sha256) under which
 * name. Delivery reads it from the file store, uploads it to WeCom as temporary media and sends it.
 */
export interface FileMessageBody {
  sha256: string;
  fileName: string;
}

export async function enqueueFile(
  tx: Tx,
  message: { orgId: string; toUserId: string } & FileMessageBody,
): Promise<void> {
  const body: FileMessageBody = { sha256: message.sha256, fileName: message.fileName };
  await tx.outboxMessage.create({
    data: {
      orgId: message.orgId,
      toUserId: message.toUserId,
      kind: 'file',
      body: body as unknown as object,
      notBefore: SEND_AT_ONCE,
    },
  });
}
