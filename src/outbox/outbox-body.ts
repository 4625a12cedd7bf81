import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { renderCardUpdate, renderTemplateCard } from '../wecom/render-card.js';
import type { CardUpdate, OutgoingMessage } from '../wecom/types.js';
import type { Card } from './card.js';

/*
 * outbox_message.body is jsonb: what the enqueue functions wrote, read back by a worker (perhaps of
 * another version). It is checked before it is sent — a body of the wrong shape fails the message
 * visibly (an operator sees it with GET /admin/outbox?status=failed) instead of reaching WeCom
 * half-formed — and a card, kept as data, is rendered for WeCom here. Rows written before cards were
 * kept as data (WeCom's JSON itself) are still read.
 */
const CARD = z.object({
  source: z.string().optional(),
  title: z.string(),
  note: z.string().optional(),
  subtitle: z.string().optional(),
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
  buttons: z.array(
    z.object({ key: z.string().min(1), label: z.string(), style: z.enum(['primary', 'plain', 'danger']).optional() }),
  ),
});
const WECOM_TEMPLATE_CARD = z.looseObject({ card_type: z.literal('button_interaction'), task_id: z.string().min(1) });

const MESSAGE = z.union([
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({ msgtype: z.literal('markdown'), markdown: z.object({ content: z.string() }) }),
  z.object({ taskId: z.string().min(1), card: CARD }),
  z.object({ msgtype: z.literal('template_card'), template_card: WECOM_TEMPLATE_CARD }),
]);

const CARD_UPDATE = z.union([
  z.object({ taskId: z.string().min(1), userIds: z.array(z.string()).min(1), resultText: z.string() }),
  z.object({
    taskId: z.string().min(1),
    userIds: z.array(z.string()).min(1),
    update: z.object({ button: z.object({ replace_name: z.string() }) }),
  }),
]);

const FILE_MESSAGE = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().min(1) });

function read<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = deepestIssue(result.error.issues);
    throw new UnrecoverableError(
      `${what} has the wrong shape: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return result.data;
}

type Issue = z.core.$ZodIssue;

/**
 * The issue that says most: of a union's alternatives, the one that got furthest into the body
 * (`text.content` rather than "not a card either").
 */
function deepestIssue(
  issues: readonly Issue[],
  prefix: PropertyKey[] = [],
): { path: PropertyKey[]; message: string } | undefined {
  let deepest: { path: PropertyKey[]; message: string } | undefined;
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const candidates =
      issue.code === 'invalid_union'
        ? issue.errors.map((branch) => deepestIssue(branch, path))
        : [{ path, message: issue.message }];
    for (const candidate of candidates)
      if (candidate && (!deepest || candidate.path.length > deepest.path.length)) deepest = candidate;
  }
  return deepest;
}

/** The message to send, as WeCom's message/send takes it. */
export function readOutgoingMessage(body: unknown): OutgoingMessage {
  const message = read(MESSAGE, body, 'outbox message body');
  if ('card' in message)
    return { msgtype: 'template_card', template_card: renderTemplateCard(message.card as Card, message.taskId) };
  return message as OutgoingMessage;
}

/** The card update to send, as WeCom's update_template_card takes it. */
export function readCardUpdateBody(body: unknown): { taskId: string; userIds: string[]; update: CardUpdate } {
  const update = read(CARD_UPDATE, body, 'card update body');
  return {
    taskId: update.taskId,
    userIds: update.userIds,
    update: 'resultText' in update ? renderCardUpdate(update.resultText) : update.update,
  };
}

/** Which stored file a file message sends, under which name. */
export function readFileMessageBody(body: unknown): { sha256: string; fileName: string } {
  return read(FILE_MESSAGE, body, 'file message body');
}
