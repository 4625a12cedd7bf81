import type { Tx } from '../../db/prisma.js';
import { enqueueMessage, newCardTaskId } from '../../outbox/enqueue-message.js';
import type { ButtonInteractionCard } from '../../wecom/types.js';

export interface CardToSend {
  orgId: string;
  toUserId: string;
  workflow: string;
  itemId: string;
  itemRef: string;
  /** the state or step the card asks about; a tap is honoured only while the item is still there */
  sentForState: string;
  card: Omit<ButtonInteractionCard, 'task_id' | 'card_type'>;
}

/**
 * Registers a card and queues it in the caller's transaction. The registry row is what a later tap
 * is checked against (spec 2.6): whom it was addressed to and which state it was sent for.
 */
export async function sendCard(tx: Tx, toSend: CardToSend): Promise<string> {
  const taskId = newCardTaskId(toSend.itemRef);
  await tx.card.create({
    data: {
      taskId,
      orgId: toSend.orgId,
      addresseeId: toSend.toUserId,
      workflow: toSend.workflow,
      itemId: toSend.itemId,
      itemRef: toSend.itemRef,
      sentForState: toSend.sentForState,
    },
  });
  await enqueueMessage(tx, {
    orgId: toSend.orgId,
    toUserId: toSend.toUserId,
    content: {
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction', task_id: taskId, ...toSend.card },
    },
  });
  return taskId;
}
