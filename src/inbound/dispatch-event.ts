import type { Logger } from 'pino';
import type { CommandCatalog } from '../commands/command-catalog.js';
import { routeTextMessage } from '../commands/route-text-message.js';
import { handleCardTap } from './handle-card-tap.js';
import type { Prisma, Tx } from '../db/prisma.js';
import type { Clock } from '../shared/clock.js';
import { enqueueText } from '../outbox/enqueue-message.js';
import { toStoredPayload } from '../gateway/stored-payload.js';
import type { OrgRuntime } from '../runtime/org-runtime.js';
import type { ActorContext } from '../kit/context.js';
import type { FileArrival } from './fetch-sent-file.js';
import { receiveFile } from './receive-file.js';

export interface InboundEventRow {
  id: bigint;
  orgId: string;
  msgType: string;
  event: string | null;
  fromUserId: string;
  payload: Record<string, unknown>;
}

/**
 * What a message's record keeps of a text or a file name that may not be kept
 * (ActorContext.forgetTypedText): a 秘密 document's words, the name of a file the bot did not take.
 */
export const FORGOTTEN_TEXT = '（未保存）';

export type DispatchOutcome = 'command' | 'card_tap' | 'file' | 'unknown_sender' | 'unsupported_message' | 'recorded';

/**
 * Decides what an accepted event means: text goes to the command router, a card tap to the card
 * handler, a file to the item expecting it (fetched before the transaction: `file`), other message
 * types get a polite note, other events are only recorded.
 */
export async function dispatchEvent(
  tx: Tx,
  row: InboundEventRow,
  deps: { org: OrgRuntime; catalog: CommandCatalog; clock: Clock; logger: Logger; file?: FileArrival },
): Promise<DispatchOutcome> {
  const payload = row.payload;
  const isCardTap = row.msgType === 'event' && row.event === 'template_card_event';
  const isPersonMessage = row.msgType !== 'event';
  if (!isCardTap && !isPersonMessage) return 'recorded';

  const directory = deps.org.directory;
  const actor = directory.person(row.fromUserId);
  if (!actor || !actor.isActive) {
    await enqueueText(
      tx,
      row.orgId,
      row.fromUserId,
      `您好！您的账号还不在${directory.config.org.name}校办助手的通讯录中，暂时无法办理事项。请联系综合办公室开通后再试。`,
    );
    return 'unknown_sender';
  }

  let isTextToForget = false;
  const ctx: ActorContext = {
    tx,
    orgId: row.orgId,
    timezone: deps.org.timezone,
    directory,
    clock: deps.clock,
    actor,
    via: isCardTap ? 'card' : 'command',
    reply: (text) => enqueueText(tx, row.orgId, actor.userId, text),
    forgetTypedText: () => {
      isTextToForget = true;
    },
  };

  if (isCardTap) {
    await handleCardTap(ctx, deps.catalog, {
      taskId: String(payload.TaskId ?? ''),
      actionKey: String(payload.EventKey ?? ''),
      responseCode: typeof payload.ResponseCode === 'string' ? payload.ResponseCode : undefined,
    });
    return 'card_tap';
  }
  if (row.msgType === 'text') {
    await routeTextMessage(ctx, deps.catalog, String(payload.Content ?? ''));
    if (isTextToForget) await forgetInRecord(tx, row, 'Content');
    return 'command';
  }
  // a file goes to the item expecting it, where some workflow takes files (收文, 发文)
  if (row.msgType === 'file' && deps.catalog.modules.some((module) => module.mayAttach)) {
    if (!deps.file) throw new Error(`file message ${row.id} reached dispatch without being fetched (fetchSentFile)`);
    await receiveFile(ctx, deps.catalog, deps.file);
    if (isTextToForget) await forgetInRecord(tx, row, 'FileName');
    return 'file';
  }
  await ctx.reply('目前只能处理文字消息。请用文字发送命令，例如「我的待办」；发送「帮助」查看全部命令。');
  return 'unsupported_message';
}

/**
 * The event's record keeps no copy of `field` (spec 2.6): in the event's transaction, so the words
 * are gone the moment it counts as processed, and a failed attempt (rolled back) keeps them for the
 * retry.
 */
async function forgetInRecord(tx: Tx, row: InboundEventRow, field: 'Content' | 'FileName'): Promise<void> {
  const payload = toStoredPayload({ ...row.payload, [field]: FORGOTTEN_TEXT }) as Prisma.InputJsonObject;
  await tx.inboundEvent.updateMany({ where: { id: row.id }, data: { payload } });
}
