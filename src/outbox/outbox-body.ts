import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { CardUpdate, OutgoingMessage } from '../wecom/types.js';
import type { CardUpdateBody } from './enqueue-message.js';

/*
 * outbox_message.body is jsonb: what enqueueMessage wrote, read back by a worker (perhaps of another
 * version). It is checked before it is sent; a body of the wrong shape fails the message visibly
 * (an operator sees it with GET /admin/outbox?status=failed) instead of reaching WeCom half-formed.
 */
const TEMPLATE_CARD = z.looseObject({ card_type: z.literal('button_interaction'), task_id: z.string().min(1) });

const OUTGOING_MESSAGE = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({ msgtype: z.literal('markdown'), markdown: z.object({ content: z.string() }) }),
  z.object({ msgtype: z.literal('template_card'), template_card: TEMPLATE_CARD }),
]);

const CARD_UPDATE_BODY = z.object({
  taskId: z.string().min(1),
  userIds: z.array(z.string()).min(1),
  update: z.union([
    z.object({ button: z.object({ replace_name: z.string() }) }),
    z.object({ template_card: TEMPLATE_CARD }),
  ]),
});

function read<T>(schema: z.ZodType, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new UnrecoverableError(
      `${what} has the wrong shape: ${result.error.issues[0]?.path.join('.') ?? ''} ${result.error.issues[0]?.message ?? ''}`,
    );
  return result.data as T;
}

export function readOutgoingMessage(body: unknown): OutgoingMessage {
  return read<OutgoingMessage>(OUTGOING_MESSAGE, body, 'outbox message body');
}

export function readCardUpdateBody(body: unknown): CardUpdateBody & { update: CardUpdate } {
  return read<CardUpdateBody>(CARD_UPDATE_BODY, body, 'card update body');
}
