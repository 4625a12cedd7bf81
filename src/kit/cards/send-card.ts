import type { Card } from '../../outbox/card.js';
import { enqueueCard, newCardTaskId } from '../../outbox/enqueue-message.js';
import type { BaseContext } from '../context.js';
import { protectSecret, type Secrecy } from './protect-secret.js';

export interface CardToSend {
  toUserId: string;
  workflow: string;
  itemId: string;
  itemRef: string;
  /** what the card asks about (a state, an approval holder); a tap is honoured only while it is still so */
  sentForState: string;
  card: Card;
  /**
   * The item's 密级 (spec 2.5) and its deadline as people read it: a 秘密/机密 item's card shows
   * only its reference, 密级 and deadline, whatever the workflow built (protect-secret.ts).
   */
  secrecy?: { level: Secrecy; deadline?: string };
}

/**
 * Registers a card and queues it in the caller's transaction. The registry row is what a later tap
 * is checked against (spec 2.6): whom it was addressed to and what it was sent for.
 */
export async function sendCard(ctx: BaseContext, toSend: CardToSend): Promise<string> {
  const taskId = newCardTaskId(toSend.itemRef);
  await ctx.tx.card.create({
    data: {
      taskId,
      orgId: ctx.orgId,
      addresseeId: toSend.toUserId,
      workflow: toSend.workflow,
      itemId: toSend.itemId,
      itemRef: toSend.itemRef,
      sentForState: toSend.sentForState,
      createdAt: ctx.clock.now(),
    },
  });
  const card = toSend.secrecy
    ? protectSecret(toSend.card, {
        secrecy: toSend.secrecy.level,
        ref: toSend.itemRef,
        ...(toSend.secrecy.deadline ? { deadline: toSend.secrecy.deadline } : {}),
      })
    : toSend.card;
  await enqueueCard(ctx.tx, { orgId: ctx.orgId, toUserId: toSend.toUserId, taskId, card });
  return taskId;
}
