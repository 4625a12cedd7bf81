import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../../../src/file-store/file-store.js';
import { sendCard } from '../../../src/kit/cards/send-card.js';
import { sendFileBeside, type DocumentFileVersion } from '../../../src/kit/files/document-files.js';
import { FAILURE_NOTICE_TEXT } from '../../../src/outbox/fail-visibly.js';
import { FILE_NOT_EXPECTED_TEXT } from '../../../src/inbound/receive-file.js';
import { WECOM_FILE_MAX_BYTES } from '../../../src/wecom/media.js';
import { filesReceivedBy, receivedInOrder, sendFileToBot } from '../../support/file-helpers.js';
import { createTestFileWorkflow, FILE_WORKFLOW } from '../../support/test-file-workflow.js';
import { startTestService, type TestService } from '../../support/test-service.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A document's file end to end (issue 12): through the real gateway, queues, file store and the
 * fake WeCom. 杨雪 (office) sends 附件 and then a file; the service fetches it with media/get,
 * stores it once by sha256, records version 1, and the test workflow's reader 周敏 gets a card
 * with the file right after it (media/upload, then a file message). Files that cannot be taken,
 * and a stored file gone from the disk, are answered or failed visibly.
 */
describe('document files through the gateway', () => {
  let t: TestService;
  const files = createTestFileWorkflow();

  beforeAll(async () => {
    t = await startTestService({ overrides: { workflows: [files.module] } });
    files.add({ ref: 'S1', drafterId: 'chenhao', readerId: 'zhoumin', secrecy: '普通' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const storedFiles = async (): Promise<string[]> => {
    const folders = await readdir(t.fileStoreDir);
    return (await Promise.all(folders.map((folder) => readdir(join(t.fileStoreDir, folder))))).flat().sort();
  };
  const lastTextTo = (userId: string): string | undefined => t.textsTo(userId).at(-1);
  const uploads = (): number => t.fake.calls().byPath['/cgi-bin/media/upload'] ?? 0;

  const NOTICE = Buffer.concat([
    Buffer.from('%PDF-1.7\n关于做好2026年寒假安全工作的通知\n'),
    Buffer.alloc(200_000, 0x2e),
  ]);

  it('stores a file sent after 附件 once, as version 1, and sends it to the reader right after the card', async () => {
    expect(await t.sendText('yangxue', '附件 S1')).toBe(200);
    await t.quiesce();
    expect(lastTextTo('yangxue')).toMatch(/^请在30分钟内把 S1 的文件发给我/);

    const sent = await sendFileToBot(t, 'yangxue', { name: '关于做好寒假安全工作的通知.pdf', bytes: NOTICE });
    await t.quiesce();

    expect(sent.sha256).toBe(sha256(NOTICE));
    expect(await storedFiles()).toEqual([sent.sha256]);
    expect((await readFile(join(t.fileStoreDir, sent.sha256.slice(0, 2), sent.sha256))).equals(NOTICE)).toBe(true);
    const versions = await t.db.prisma.documentFile.findMany({ where: { itemRef: 'S1' } });
    expect(versions.map((row) => [row.version, row.sha256, row.fileName, row.sizeBytes, row.workflow])).toEqual([
      [1, sent.sha256, '关于做好寒假安全工作的通知.pdf', NOTICE.byteLength, FILE_WORKFLOW],
    ]);
    expect(lastTextTo('yangxue')).toBe('已收到 S1 的文件《关于做好寒假安全工作的通知.pdf》：第1版，195 KB。');

    expect(receivedInOrder(t.fake, 'zhoumin')).toEqual(['card:请阅 S1', 'file:关于做好寒假安全工作的通知.pdf']);
    expect(filesReceivedBy(t.fake, 'zhoumin')).toEqual([
      { fileName: '关于做好寒假安全工作的通知.pdf', sha256: sent.sha256, sizeBytes: NOTICE.byteLength },
    ]);
    expect(uploads()).toBe(1);
  });

  it('takes the same file again as no new version, and sends nobody anything more', async () => {
    await t.sendText('yangxue', '附件 S1');
    await t.quiesce();
    await sendFileToBot(t, 'yangxue', { name: '通知.pdf', bytes: NOTICE });
    await t.quiesce();
    expect(lastTextTo('yangxue')).toBe(
      '这个文件与 S1 的第1版《关于做好寒假安全工作的通知.pdf》完全相同，没有存为新版本。如要更新，请发送修改后的文件。',
    );
    expect(await t.db.prisma.documentFile.count({ where: { itemRef: 'S1' } })).toBe(1);
    expect(receivedInOrder(t.fake, 'zhoumin')).toHaveLength(2);
  });

  it('answers a file nobody asked for, and one over 20 MB, without keeping either', async () => {
    await t.db.prisma.expectedFile.deleteMany({});
    const stray = Buffer.from('%PDF-1.7 随手发来的文件');
    await sendFileToBot(t, 'lihua', { name: '随手.pdf', bytes: stray });
    await t.quiesce();
    expect(lastTextTo('lihua')).toBe(FILE_NOT_EXPECTED_TEXT);

    await t.sendText('yangxue', '附件 S1');
    await t.quiesce();
    const fetchesBefore = t.fake.calls().byPath['/cgi-bin/media/get'] ?? 0;
    await sendFileToBot(t, 'yangxue', {
      name: '扫描件.pdf',
      bytes: Buffer.alloc(WECOM_FILE_MAX_BYTES + 512 * 1024, 7),
    });
    await t.quiesce();
    expect(lastTextTo('yangxue')).toBe(
      '这个文件有 20.5 MB，超过了企业微信 20 MB 的上限，没有收下。请压缩后再发给我，S1 仍在等这个文件。',
    );
    expect(t.fake.calls().byPath['/cgi-bin/media/get']).toBe(fetchesBefore + 1); // the stray one was never fetched
    expect(await storedFiles()).toEqual([sha256(NOTICE)]);
  });

  /** Queues `file` beside a card to each of `userIds`, as a workflow does, in one transaction. */
  async function sendBeside(userIds: string[], file: DocumentFileVersion, withCard = true): Promise<void> {
    await t.service.prisma.$transaction(async (tx) => {
      const ctx = t.contextIn(tx);
      for (const userId of userIds) {
        if (withCard)
          await sendCard(ctx, {
            toUserId: userId,
            workflow: FILE_WORKFLOW,
            itemId: 'x',
            itemRef: file.itemRef,
            sentForState: 'reading',
            card: { title: `请阅 ${file.itemRef}`, rows: [], buttons: [{ key: 'read', label: '已阅' }] },
          });
        await sendFileBeside(ctx, userId, file);
      }
    });
  }

  const fileVersion = (bytes: Buffer, fileName: string): DocumentFileVersion => ({
    id: 'v',
    itemRef: 'S1',
    version: 1,
    sha256: sha256(bytes),
    fileName,
    sizeBytes: bytes.byteLength,
    uploadedBy: 'yangxue',
    uploadedAt: new Date(),
  });

  it('uploads a file sent to many once, sends each their file right after their card, and uploads again when WeCom forgot the media', async () => {
    const minutes = Buffer.from('%PDF-1.7 校务会纪要（2026年第12次）');
    await createFileStore(t.fileStoreDir).put(minutes);
    const before = uploads();
    await sendBeside(['lihua', 'chenhao'], fileVersion(minutes, '校务会纪要.pdf'));
    await t.quiesce();
    expect(uploads()).toBe(before + 1);
    for (const userId of ['lihua', 'chenhao']) {
      expect(receivedInOrder(t.fake, userId).slice(-2)).toEqual(['card:请阅 S1', 'file:校务会纪要.pdf']);
      expect(filesReceivedBy(t.fake, userId).at(-1)?.sha256).toBe(sha256(minutes));
    }

    // the cached media_id is refused (WeCom lost it): uploaded again, delivered all the same
    t.fake.injectFault({ path: '/cgi-bin/message/send', errcode: 40007, times: 1 });
    await sendBeside(['liuyang'], fileVersion(minutes, '校务会纪要.pdf'), false);
    await t.quiesce();
    t.fake.clearFaults();
    expect(uploads()).toBe(before + 2);
    expect(receivedInOrder(t.fake, 'liuyang')).toEqual(['file:校务会纪要.pdf']);
  });

  it('fails a file gone from the disk visibly: the operator sees why, the recipient gets the note', async () => {
    const lost = Buffer.from('%PDF-1.7 a file whose copy was lost');
    await sendBeside(['zhangyan'], fileVersion(lost, '丢失的文件.pdf'));
    await t.quiesce();
    const row = await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { toUserId: 'zhangyan', kind: 'file' } });
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain(`file ${sha256(lost)} is missing from the file store`);
    expect(receivedInOrder(t.fake, 'zhangyan')).toEqual(['card:请阅 S1', `text:${FAILURE_NOTICE_TEXT}`]);
    const listed = (await (await fetch(`${t.url}/admin/outbox?status=failed`, { headers: ADMIN })).json()) as {
      messages: { id: string; to: string; lastError: string }[];
    };
    expect(listed.messages).toContainEqual(
      expect.objectContaining({ id: String(row.id), to: 'zhangyan', lastError: expect.stringContaining('missing') }),
    );
  });
});
