import { UnrecoverableError } from 'bullmq';
import type { OutboxMessage } from '../generated/prisma/client.js';
import { StoredFileCorrupt, type FileStore } from '../file-store/file-store.js';
import { WecomApiError } from '../wecom/errors.js';
import type { SendResult, WecomApi } from '../wecom/types.js';
import type { MediaCache } from './media-cache.js';
import { readFileMessageBody } from './outbox-body.js';

/** WeCom's answer to a media_id it does not know (any more). */
const INVALID_MEDIA_ID = 40007;

/**
 * Sends a `file` outbox row: the stored file uploaded as temporary media (or the media_id of an
 * upload of the same file and name less than 2 days ago), then a file message. A cached media_id
 * WeCom no longer knows is dropped and the file uploaded again. A file missing from the store (or
 * damaged) can never be sent: that is permanent, so the row fails visibly for the operator.
 */
export async function sendFileMessage(
  wecom: WecomApi,
  row: OutboxMessage,
  sendOptions: { duplicateCheckSeconds?: number },
  deps: { fileStore: FileStore; mediaCache?: MediaCache },
): Promise<SendResult> {
  const file = readFileMessageBody(row.body);
  const send = (mediaId: string): Promise<SendResult> =>
    wecom.sendMessage(row.toUserId, { msgtype: 'file', file: { media_id: mediaId } }, sendOptions);
  const cached = await deps.mediaCache?.get(row.orgId, file);
  if (cached) {
    try {
      return await send(cached);
    } catch (error) {
      if (!(error instanceof WecomApiError && error.errcode === INVALID_MEDIA_ID)) throw error;
      await deps.mediaCache?.forget(row.orgId, file);
    }
  }
  const bytes = await readStored(deps.fileStore, file);
  const { mediaId } = await wecom.uploadMedia('file', bytes, file.fileName);
  await deps.mediaCache?.set(row.orgId, file, mediaId);
  return send(mediaId);
}

async function readStored(store: FileStore, file: { sha256: string; fileName: string }): Promise<Buffer> {
  let bytes: Buffer | undefined;
  try {
    bytes = await store.read(file.sha256);
  } catch (error) {
    if (error instanceof StoredFileCorrupt) throw new UnrecoverableError(error.message);
    throw error;
  }
  if (!bytes) {
    throw new UnrecoverableError(
      `file ${file.sha256} is missing from the file store (${store.dir}): restore it from a backup, then replay this message`,
    );
  }
  return bytes;
}
