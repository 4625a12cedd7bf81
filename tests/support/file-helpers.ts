import type { FakeWecomControl } from '../../src/fake-wecom/types.js';
import type { TestService } from './test-service.js';

/**
 * `userId` sends the bot a file through the real gateway, as WeCom delivers one: the fake WeCom
 * keeps the bytes as temporary media (media/get serves them), and a signed file message callback
 * (MsgType file, MediaId, FileName) is posted. Resolves once the callback is accepted (HTTP 200),
 * with the media_id and the file's sha256; wait with `t.quiesce()` for what follows.
 */
export async function sendFileToBot(
  t: TestService,
  userId: string,
  file: { name: string; bytes: Uint8Array },
): Promise<{ mediaId: string; sha256: string }> {
  const { status, mediaId, sha256 } = await t.sendFile(userId, file);
  if (status !== 200) throw new Error(`the file callback from ${userId} was answered HTTP ${status}`);
  return { mediaId, sha256 };
}

/** One file a person received from the bot, as they would open it. */
export interface FileReceived {
  fileName: string;
  sha256: string;
  sizeBytes: number;
}

/** The files `userId` received from the bot as file messages, in the order they were sent. */
export function filesReceivedBy(fake: FakeWecomControl, userId: string): FileReceived[] {
  return fake.files({ toUser: userId }).map(({ fileName, sha256, sizeBytes }) => ({ fileName, sha256, sizeBytes }));
}

/**
 * What `userId` received, in order, each as `card:<title>`, `file:<name>` or `text:<first line>`:
 * to check that a document's file arrived right after the card that asks them to decide or read.
 */
export function receivedInOrder(fake: FakeWecomControl, userId: string): string[] {
  return fake.messages({ toUser: userId }).map((message) => {
    if (message.file) return `file:${message.file.fileName}`;
    const body = message.body as { template_card?: { main_title?: { title?: string } } } & Record<
      string,
      { content?: string } | undefined
    >;
    if (message.msgtype === 'template_card') return `card:${body.template_card?.main_title?.title ?? ''}`;
    return `${message.msgtype}:${(body[message.msgtype]?.content ?? '').split('\n')[0]}`;
  });
}
