import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError } from 'bullmq';
import type { OutboxMessage } from '../generated/prisma/client.js';
import { StoredFileCorrupt, type FileStore } from '../file-store/file-store.js';
import { WecomApiError } from '../wecom/errors.js';
import type { SendResult, WecomApi } from '../wecom/types.js';
import { UPLOAD_CLAIM_MS, type MediaCache } from './media-cache.js';
import { readFileMessageBody } from './outbox-body.js';

/** WeCom's answer to a media_id it does not know (any more). */
const INVALID_MEDIA_ID = 40007;
/** How often a worker waiting for another's upload looks for its media_id. */
const UPLOAD_POLL_MS = 200;

type FileDeps = { fileStore: FileStore; mediaCache?: MediaCache };
type StoredFile = { sha256: string; fileName: string };

/**
 * Sends a `file` outbox row: the stored file uploaded as temporary media, then a file message. A
 * document sent beside thirty readers' cards is uploaded once: the first worker to need it uploads
 * it while the others wait for its media_id, which is then reused for 2 days (media-cache.ts). A
 * cached media_id WeCom no longer knows (40007) is dropped and the file uploaded again. A file
 * missing from the store (or damaged) can never be sent: that is permanent, so the row fails
 * visibly for the operator, who can restore the file and replay the message.
 */
export async function sendFileMessage(
  wecom: WecomApi,
  row: OutboxMessage,
  sendOptions: { duplicateCheckSeconds?: number },
  deps: FileDeps,
): Promise<SendResult> {
  const file = readFileMessageBody(row.body);
  const send = (mediaId: string): Promise<SendResult> =>
    wecom.sendMessage(row.toUserId, { msgtype: 'file', file: { media_id: mediaId } }, sendOptions);
  const { mediaId, isReused } = await mediaIdOf(wecom, row.orgId, file, deps);
  try {
    return await send(mediaId);
  } catch (error) {
    if (!isReused || !(error instanceof WecomApiError && error.errcode === INVALID_MEDIA_ID)) throw error;
    await deps.mediaCache?.forget(row.orgId, file);
    return send(await upload(wecom, row.orgId, file, deps));
  }
}

/** A media_id for the file: one uploaded lately (`isReused`), or a fresh upload, one upload at a time. */
async function mediaIdOf(
  wecom: WecomApi,
  orgId: string,
  file: StoredFile,
  deps: FileDeps,
): Promise<{ mediaId: string; isReused: boolean }> {
  const cache = deps.mediaCache;
  if (!cache) return { mediaId: await upload(wecom, orgId, file, deps), isReused: false };
  const deadline = Date.now() + UPLOAD_CLAIM_MS;
  for (;;) {
    const cached = await cache.get(orgId, file);
    if (cached) return { mediaId: cached, isReused: true };
    if (Date.now() > deadline) break; // the uploader is gone: upload it here
    if (await cache.claimUpload(orgId, file)) {
      try {
        return { mediaId: await upload(wecom, orgId, file, deps), isReused: false };
      } finally {
        await cache.releaseUpload(orgId, file);
      }
    }
    await sleep(UPLOAD_POLL_MS);
  }
  return { mediaId: await upload(wecom, orgId, file, deps), isReused: false };
}

async function upload(wecom: WecomApi, orgId: string, file: StoredFile, deps: FileDeps): Promise<string> {
  const bytes = await readStored(deps.fileStore, file);
  const { mediaId } = await wecom.uploadMedia('file', bytes, file.fileName);
  await deps.mediaCache?.set(orgId, file, mediaId);
  return mediaId;
}

async function readStored(store: FileStore, file: StoredFile): Promise<Buffer> {
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
