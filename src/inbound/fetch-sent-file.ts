import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { FileStore } from '../file-store/file-store.js';
import type { Clock } from '../shared/clock.js';
import { WecomApiError } from '../wecom/errors.js';
import { cleanFileName, WECOM_FILE_MAX_BYTES, WECOM_FILE_MIN_BYTES } from '../wecom/media.js';
import type { WecomApi } from '../wecom/types.js';

/**
 * What became of a file a person sent, before the event's transaction: stored on disk by its
 * sha256 (not yet anyone's version), refused for its size, lost at WeCom, or not fetched at all
 * because nobody asked for it.
 */
export type FileArrival =
  | { kind: 'stored'; sha256: string; sizeBytes: number; fileName: string }
  | { kind: 'too_large'; sizeBytes: number | undefined }
  | { kind: 'too_small'; sizeBytes: number }
  | { kind: 'unavailable' }
  | { kind: 'not_expected' };

/** The name a file gets when neither the message nor WeCom gives one. */
const UNNAMED = '文件';

/**
 * Fetches the file of a WeCom file message (MsgType `file`: MediaId, FileName) and stores it, if
 * the sender has an unexpired `expected_file` (after 收文, 发文 or 附件 <ref>).
 *
 * Why here, before the event's transaction and not inside it: that transaction holds the event row
 * and the sender's advisory lock and a database connection; a download of up to 20 MB must not hold
 * them. So this runs first, bounded by the WeCom client's media timeout (60 s), and hands its
 * outcome to the transaction, which checks the expectation again under lock and records the
 * version. A retry (a crash, a transient WeCom failure thrown from here) downloads again; storing
 * is idempotent by sha256. Should the expectation end in between (another 附件, 30 minutes), the
 * file stays on disk with no version naming it: nobody can be sent it.
 */
export async function fetchSentFile(
  deps: { prisma: PrismaClient; wecom: WecomApi; fileStore: FileStore; clock: Clock; logger: Logger },
  event: { orgId: string; fromUserId: string; payload: Record<string, unknown> },
): Promise<FileArrival> {
  const expected = await deps.prisma.expectedFile.findUnique({
    where: { orgId_userId: { orgId: event.orgId, userId: event.fromUserId } },
  });
  if (!expected || expected.expiresAt <= deps.clock.now()) return { kind: 'not_expected' };
  const mediaId = event.payload.MediaId;
  if (typeof mediaId !== 'string' || mediaId === '') return { kind: 'unavailable' };

  let download;
  try {
    download = await deps.wecom.getMedia(mediaId, { maxBytes: WECOM_FILE_MAX_BYTES });
  } catch (error) {
    // an unknown or expired media_id, a refused app: another try would get the same answer
    if (!(error instanceof WecomApiError) || error.isRetryable) throw error;
    deps.logger.warn({ api: error.api, errcode: error.errcode }, 'a file sent to the app could not be fetched');
    return { kind: 'unavailable' };
  }
  if (download.kind === 'too_large') return download;
  if (download.bytes.byteLength < WECOM_FILE_MIN_BYTES)
    return { kind: 'too_small', sizeBytes: download.bytes.byteLength };
  const stored = await deps.fileStore.put(download.bytes);
  const named = typeof event.payload.FileName === 'string' ? cleanFileName(event.payload.FileName) : undefined;
  return { kind: 'stored', ...stored, fileName: named ?? download.fileName ?? UNNAMED };
}
