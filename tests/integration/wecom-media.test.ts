import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { createWecomClient } from '../../src/wecom/client.js';
import { WecomApiError } from '../../src/wecom/errors.js';
import { WECOM_FILE_MAX_BYTES } from '../../src/wecom/media.js';
import type { WecomApi } from '../../src/wecom/types.js';
import { TEST_REDIS_URL } from '../support/services.js';

const CORP_ID = 'ww_media_test';
const SECRET = 'media-test-secret';
const AGENT_ID = 1000004;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Temporary media through the one WeCom client against the fake WeCom over HTTP: downloading what a
 * member sent (media/get: the bytes and the name; an errcode as JSON; a file too large stopped
 * early), uploading a document (media/upload, multipart) and sending it as a file message, with the
 * client's token refresh and errcode classification.
 */
describe('the WeCom client with temporary media', () => {
  let fake: FakeWecom;
  let redis: Redis;
  let wecom: WecomApi;

  beforeAll(async () => {
    fake = await startFakeWecom({ corpId: CORP_ID, secret: SECRET, agentId: AGENT_ID });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis.disconnect();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    wecom = createWecomClient({
      apiBase: fake.url,
      corpId: CORP_ID,
      secret: SECRET,
      agentId: AGENT_ID,
      redis,
      keyPrefix: `test:wecom-media:${randomUUID()}:`,
      retryBaseDelayMs: 5,
    });
  });
  afterEach(() => fake.clearFaults());

  it('downloads a file a member sent: its exact bytes and its Chinese name', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 0xa5)]);
    const mediaId = fake.registerMemberFile({ fileName: '关于报送2026年度工作总结的通知.pdf', bytes });
    const download = await wecom.getMedia(mediaId, { maxBytes: WECOM_FILE_MAX_BYTES });
    expect(download.kind).toBe('file');
    if (download.kind !== 'file') return;
    expect(download.bytes.equals(bytes)).toBe(true);
    expect(download.fileName).toBe('关于报送2026年度工作总结的通知.pdf');
  });

  it('refreshes a dead token once, and retries a busy WeCom, on media/get as on every call', async () => {
    const mediaId = fake.registerMemberFile({ fileName: 'a.txt', bytes: Buffer.from('hello, office') });
    await wecom.getMedia(mediaId, { maxBytes: 100 });
    fake.expireTokens();
    fake.injectFault({ path: '/cgi-bin/media/get', errcode: -1, times: 1 });
    const download = await wecom.getMedia(mediaId, { maxBytes: 100 });
    expect(download.kind === 'file' && download.bytes.toString()).toBe('hello, office');
    expect(fake.calls().tokenFetches).toBe(2);
  });

  it('turns an unknown media_id into a permanent errcode 40007 (the JSON body media/get answers)', async () => {
    const error = await wecom.getMedia('no-such-media', { maxBytes: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WecomApiError);
    expect(error).toMatchObject({ api: 'media/get', errcode: 40007, isRetryable: false });
  });

  it('stops a download past maxBytes and says the file is too large, with its size', async () => {
    const bytes = Buffer.alloc(WECOM_FILE_MAX_BYTES + 1, 1);
    const mediaId = fake.registerMemberFile({ fileName: '扫描件.pdf', bytes });
    expect(await wecom.getMedia(mediaId, { maxBytes: WECOM_FILE_MAX_BYTES })).toEqual({
      kind: 'too_large',
      sizeBytes: WECOM_FILE_MAX_BYTES + 1,
    });
  });

  it('uploads a file as multipart media and sends it: the member receives those bytes under that name', async () => {
    const bytes = Buffer.from('发文稿：关于调整作息时间的通知（第2稿）');
    const { mediaId } = await wecom.uploadMedia('file', bytes, '关于调整作息时间的通知.docx');
    const uploaded = fake.media(mediaId);
    expect(uploaded).toMatchObject({ fileName: '关于调整作息时间的通知.docx', type: 'file', sha256: sha256(bytes) });

    await wecom.sendMessage('lihua', { msgtype: 'file', file: { media_id: mediaId } });
    expect(fake.files({ toUser: 'lihua' })).toMatchObject([
      {
        fileName: '关于调整作息时间的通知.docx',
        sha256: sha256(bytes),
        sizeBytes: bytes.byteLength,
        isDelivered: true,
      },
    ]);
  });

  it('refuses what WeCom refuses: a file of 5 bytes or less, a file message naming media it does not know', async () => {
    const tiny = await wecom.uploadMedia('file', Buffer.from('12345'), 'x.txt').catch((caught: unknown) => caught);
    expect(tiny).toMatchObject({ api: 'media/upload', errcode: 40006, isRetryable: false });
    const unknown = await wecom
      .sendMessage('lihua', { msgtype: 'file', file: { media_id: 'expired-media' } })
      .catch((caught: unknown) => caught);
    expect(unknown).toMatchObject({ api: 'message/send', errcode: 40007, isRetryable: false });
  });
});
