import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { MEDIA_ID_LIFETIME_MS } from '../wecom/media.js';

/** One temporary media file the fake holds: sent by a member (registered) or uploaded by the app. */
export interface FakeMedia {
  mediaId: string;
  /** image, voice, video or file (DOC 90253) */
  type: string;
  fileName: string;
  bytes: Buffer;
  sha256: string;
  /** who put it there: a member's message (the simulator, a test) or the app's media/upload */
  source: 'member' | 'upload';
  createdAtMs: number;
}

/** The fake's temporary media: each media_id works for 3 days by the fake's clock (DOC 90253). */
export class FakeMediaStore {
  private readonly byId = new Map<string, FakeMedia>();

  constructor(private readonly clock: Clock) {}

  add(media: Pick<FakeMedia, 'type' | 'fileName' | 'bytes' | 'source'>): FakeMedia {
    // WeCom's media ids are long opaque strings of letters, digits, - and _
    const mediaId = `${media.source === 'upload' ? '3' : '1'}${randomBytes(30).toString('base64url')}`;
    const stored: FakeMedia = {
      ...media,
      bytes: Buffer.from(media.bytes),
      mediaId,
      sha256: createHash('sha256').update(media.bytes).digest('hex'),
      createdAtMs: this.clock.now().getTime(),
    };
    this.byId.set(mediaId, stored);
    return stored;
  }

  /** The media under `mediaId` while it is valid; undefined when unknown or older than 3 days. */
  get(mediaId: string): FakeMedia | undefined {
    const media = this.byId.get(mediaId);
    if (!media || this.clock.now().getTime() - media.createdAtMs >= MEDIA_ID_LIFETIME_MS) return undefined;
    return media;
  }

  uploads(): FakeMedia[] {
    return [...this.byId.values()].filter((media) => media.source === 'upload');
  }

  clear(): void {
    this.byId.clear();
  }
}
