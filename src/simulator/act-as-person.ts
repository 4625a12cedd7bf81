import type { FakeWecomControl } from '../fake-wecom/types.js';
import type { CallbackKeys } from '../gateway/callback-crypto.js';
import { cardTapXml, fileMessageXml, newMsgId, textMessageXml } from '../gateway/build-callback.js';
import { describeSize } from '../wecom/media.js';
import type { Clock } from '../shared/clock.js';
import { postCallback } from './post-callback.js';
import type { SentCallback, SimulatorState, TypedMessage } from './simulator-state.js';

export interface ActingContext {
  fake: FakeWecomControl;
  keys: CallbackKeys;
  agentId: number;
  clock: Clock;
  state: SimulatorState;
  baseUrl: string;
}

/** A person types into the chat: a text callback with a fresh MsgId, as WeCom sends it. */
export async function sendTextAs(ctx: ActingContext, userId: string, content: string): Promise<SentCallback> {
  const sentAt = ctx.clock.now();
  const msgId = newMsgId();
  // Remembered before the POST, so a poll never shows the bot's answer without the question.
  const typed: TypedMessage = { msgId, userId, content, at: sentAt.toISOString(), httpStatus: null };
  ctx.state.recordTyped(typed);
  const plaintext = textMessageXml({
    corpId: ctx.keys.corpId,
    from: userId,
    content,
    msgId,
    createTime: Math.floor(sentAt.getTime() / 1000),
    agentId: ctx.agentId,
  });
  const result = await postCallback({ ...ctx, plaintext, describe: { kind: 'text', from: userId, summary: content } });
  typed.httpStatus = result.httpStatus;
  return result;
}

/**
 * A person sends the bot a file: WeCom keeps it as temporary media (the fake registers the bytes and
 * gives a media_id, which media/get then serves), and a file message callback names it.
 */
export async function sendFileAs(
  ctx: ActingContext,
  userId: string,
  file: { name: string; bytes: Uint8Array },
): Promise<SentCallback> {
  const sentAt = ctx.clock.now();
  const msgId = newMsgId();
  const mediaId = ctx.fake.registerMemberFile({ fileName: file.name, bytes: file.bytes });
  const sizeBytes = file.bytes.byteLength;
  const typed: TypedMessage = {
    msgId,
    userId,
    content: file.name,
    file: { name: file.name, sizeBytes, mediaId },
    at: sentAt.toISOString(),
    httpStatus: null,
  };
  ctx.state.recordTyped(typed);
  const plaintext = fileMessageXml({
    corpId: ctx.keys.corpId,
    from: userId,
    mediaId,
    fileName: file.name,
    msgId,
    createTime: Math.floor(sentAt.getTime() / 1000),
    agentId: ctx.agentId,
  });
  const result = await postCallback({
    ...ctx,
    plaintext,
    describe: { kind: 'file', from: userId, summary: `［文件］${file.name}（${describeSize(sizeBytes)}）` },
  });
  typed.httpStatus = result.httpStatus;
  return result;
}

/** Why a tap cannot be sent; the page shows the message. */
export class TapRefused extends Error {}

/**
 * A person taps a card button: a template_card_event with the button's key, the card's task_id and
 * a fresh response code, which WeCom puts in every click event (NOTES §3, §6).
 */
export async function tapButtonAs(
  ctx: ActingContext,
  userId: string,
  taskId: string,
  eventKey: string,
): Promise<SentCallback> {
  const received = ctx.fake.messages({ toUser: userId }).find((message) => message.taskId === taskId);
  if (!received) throw new TapRefused('这张卡片不是发给当前身份的');
  const latestCard =
    ctx.fake
      .cardUpdates()
      .filter((update) => update.taskId === taskId && update.templateCard)
      .at(-1)?.templateCard ?? (received.body.template_card as Record<string, unknown> | undefined);
  const buttons = (latestCard?.button_list ?? []) as { key?: unknown; text?: unknown }[];
  const button = buttons.find((candidate) => candidate.key === eventKey);
  if (!button) throw new TapRefused('卡片上没有这个按钮');

  const responseCode = ctx.fake.issueClickResponseCode(taskId, userId);
  const plaintext = cardTapXml({
    corpId: ctx.keys.corpId,
    from: userId,
    taskId,
    eventKey,
    responseCode,
    createTime: Math.floor(ctx.clock.now().getTime() / 1000),
    agentId: ctx.agentId,
  });
  return postCallback({
    ...ctx,
    plaintext,
    describe: {
      kind: 'template_card_event',
      from: userId,
      summary: `「${String(button.text)}」 key=${eventKey} task_id=${taskId}`,
    },
  });
}
