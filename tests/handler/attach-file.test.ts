import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/app/build-catalog.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { FILE_NOT_EXPECTED_TEXT } from '../../src/inbound/receive-file.js';
import { WECOM_FILE_MAX_BYTES } from '../../src/wecom/media.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { createTestFileWorkflow } from '../support/test-file-workflow.js';

const START = '2026-11-30T01:00:00Z';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const NOTICE = Buffer.from('%PDF-1.7 关于做好2026年寒假安全工作的通知（正文）');
const REVISED = Buffer.from('%PDF-1.7 关于做好2026年寒假安全工作的通知（修改稿）');

/**
 * A document's file (issue 12, spec 2.5 附件) at handler level, through a workflow that exists only
 * in tests (tests/support/test-file-workflow.ts: documents S<n>, the office or the drafter may
 * attach, never to a 秘密/机密 one, the reader gets a card with the file beside it). The file a
 * person sends is fetched and stored as the service does (src/inbound/fetch-sent-file.ts).
 * 杨雪 (office) and 陈浩 (a drafter, 教务处) attach; 周敏 reads.
 */
describe('附件 and the file a person sends', () => {
  let h: HandlerHarness;
  let files: ReturnType<typeof createTestFileWorkflow>;
  beforeAll(async () => {
    files = createTestFileWorkflow();
    h = await createHandlerHarness({ now: START, catalog: buildCatalog([files.module]) });
  });
  beforeEach(() => h.clock.set(START));
  afterAll(async () => {
    await h?.close();
  });

  const textTo = (sent: Sent[], userId: string): string =>
    sent
      .filter((message) => message.to === userId && message.kind === 'text')
      .map((message) => message.text)
      .join('\n');
  const lines = (sent: Sent[]): string[] => sent.map((message) => `${message.to} ${message.kind} ${message.text}`);
  const versionsOf = async (ref: string) =>
    (await h.db.prisma.documentFile.findMany({ where: { itemRef: ref }, orderBy: { version: 'asc' } })).map((row) => ({
      version: row.version,
      fileName: row.fileName,
      sha256: row.sha256,
      uploadedBy: row.uploadedBy,
    }));
  const expectationOf = (userId: string) => h.db.prisma.expectedFile.findFirst({ where: { userId } });

  it('the office attaches a file: stored by its sha256 as version 1, the reader gets the card and the file right after it', async () => {
    files.add({ ref: 'S1', drafterId: 'chenhao', readerId: 'zhoumin', secrecy: '普通' });
    expect(textTo(await h.say('yangxue', '附件 S1'), 'yangxue')).toBe(
      '请在30分钟内把 S1 的文件发给我（PDF、Word 等，不超过 20 MB），它会随审批和传阅的卡片一起送出。',
    );

    const sent = await h.sendFile('yangxue', { name: '关于做好寒假安全工作的通知.pdf', bytes: NOTICE });
    expect(lines(sent)).toEqual([
      `yangxue text 已收到 S1 的文件《关于做好寒假安全工作的通知.pdf》：第1版，${NOTICE.byteLength} 字节。`,
      'zhoumin card 请阅 S1',
      'zhoumin file 关于做好寒假安全工作的通知.pdf',
    ]);
    expect(sent[2]!.file).toEqual({ sha256: sha256(NOTICE), fileName: '关于做好寒假安全工作的通知.pdf' });
    expect(await versionsOf('S1')).toEqual([
      { version: 1, fileName: '关于做好寒假安全工作的通知.pdf', sha256: sha256(NOTICE), uploadedBy: 'yangxue' },
    ]);
    expect((await h.fileStore.read(sha256(NOTICE)))?.equals(NOTICE)).toBe(true);
    expect(await expectationOf('yangxue')).toBeNull();
  });

  it('the same file again is not a new version; a revised one is version 2, and the decision can name it', async () => {
    await h.say('chenhao', '附件 S1'); // the drafter may attach too
    const same = await h.sendFile('chenhao', { name: '通知（再发一次）.pdf', bytes: NOTICE });
    expect(lines(same)).toEqual([
      'chenhao text 这个文件与 S1 的第1版《关于做好寒假安全工作的通知.pdf》完全相同，没有存为新版本。如要更新，请发送修改后的文件。',
    ]);
    // still waiting: the revised file needs no second 附件
    const revised = await h.sendFile('chenhao', { name: '关于做好寒假安全工作的通知（修改稿）.pdf', bytes: REVISED });
    expect(textTo(revised, 'chenhao')).toMatch(
      /^已收到 S1 的文件《关于做好寒假安全工作的通知（修改稿）\.pdf》：第2版，/,
    );
    expect(revised.filter((message) => message.to === 'zhoumin').map((message) => message.kind)).toEqual([
      'card',
      'file',
    ]);
    expect((await versionsOf('S1')).map((row) => [row.version, row.sha256, row.uploadedBy])).toEqual([
      [1, sha256(NOTICE), 'yangxue'],
      [2, sha256(REVISED), 'chenhao'],
    ]);
    expect(files.attached.map((file) => file.version)).toEqual([1, 2]);
  });

  it('a file nobody asked for, or after the 30 minutes, is neither fetched nor kept: the person is told how', async () => {
    const stray = Buffer.from('a file sent out of the blue');
    expect(lines(await h.sendFile('lihua', { name: '随手发的.docx', bytes: stray }))).toEqual([
      `lihua text ${FILE_NOT_EXPECTED_TEXT}`,
    ]);
    expect(await h.fileStore.has(sha256(stray))).toBe(false);

    await h.say('yangxue', '附件 S1');
    h.clock.advance(31 * 60_000);
    expect(lines(await h.sendFile('yangxue', { name: '迟到的.pdf', bytes: stray }))).toEqual([
      `yangxue text ${FILE_NOT_EXPECTED_TEXT}`,
    ]);
    expect(await h.fileStore.has(sha256(stray))).toBe(false);
    expect(await versionsOf('S1')).toHaveLength(2);
  });

  it('refuses a file over 20 MB or of 5 bytes and keeps waiting; a smaller one then goes through', async () => {
    await h.say('yangxue', '附件 S1');
    const huge = Buffer.alloc(WECOM_FILE_MAX_BYTES + 1024 * 1024, 1);
    expect(lines(await h.sendFile('yangxue', { name: '扫描件.pdf', bytes: huge }))).toEqual([
      'yangxue text 这个文件有 21 MB，超过了企业微信 20 MB 的上限，没有收下。请压缩后再发给我，S1 仍在等这个文件。',
    ]);
    expect(await h.fileStore.has(sha256(huge))).toBe(false);
    expect(lines(await h.sendFile('yangxue', { name: 'a.txt', bytes: Buffer.from('12345') }))).toEqual([
      'yangxue text 这个文件只有 5 字节，企业微信无法转发这么小的文件，没有收下。请检查后重新发送。',
    ]);
    const third = Buffer.from('%PDF-1.7 第三稿');
    expect(textTo(await h.sendFile('yangxue', { name: '第三稿.pdf', bytes: third }), 'yangxue')).toMatch(
      /^已收到 S1 的文件《第三稿\.pdf》：第3版/,
    );
  });

  it("refuses 附件 where the module says no: someone else's document, a 秘密 one, one that does not exist, one that takes no files", async () => {
    files.add({ ref: 'S2', drafterId: 'chenhao', readerId: 'zhoumin', secrecy: '秘密' });
    expect(textTo(await h.say('liuyang', '附件 S1'), 'liuyang')).toBe('只有综合办公室和拟稿人可以给 S1 附文件。');
    expect(textTo(await h.say('yangxue', '附件 S2'), 'yangxue')).toBe(
      'S2 是秘密件：涉密文件不在本系统中保存，请到综合办公室阅件。',
    );
    expect(textTo(await h.say('yangxue', '附件 S9'), 'yangxue')).toBe('没有找到 S9，请核对编号。');
    expect(textTo(await h.say('yangxue', '附件 Y1'), 'yangxue')).toBe(
      'Y1（用印）不收文件：只有收文（S）和发文（F）可以附文件。',
    );
    expect(await expectationOf('liuyang')).toBeNull();
  });

  it('asks the module again when the file arrives: a document archived meanwhile takes no file, and the wait ends', async () => {
    const document = files.add({ ref: 'S3', drafterId: 'chenhao', readerId: 'zhoumin', secrecy: '普通' });
    await h.say('chenhao', '附件 S3');
    document.isClosed = true;
    const late = Buffer.from('%PDF-1.7 归档后才发来的');
    expect(lines(await h.sendFile('chenhao', { name: '晚了.pdf', bytes: late }))).toEqual([
      'chenhao text S3 已归档，不再收新的文件。',
    ]);
    expect(await versionsOf('S3')).toEqual([]);
    expect(await expectationOf('chenhao')).toBeNull();
  });

  it('takes the file sent right after the registering command, as 收文 and 发文 do', async () => {
    expect(textTo(await h.say('yangxue', '测试登记'), 'yangxue')).toMatch(/^已登记 (S\d+)。请把它的文件发给我。$/);
    const ref = `S${files.documents.size}`;
    const sent = await h.sendFile('yangxue', { name: '来文.pdf', bytes: Buffer.from('%PDF 来文扫描件') });
    expect(textTo(sent, 'yangxue')).toMatch(new RegExp(`^已收到 ${ref} 的文件《来文\\.pdf》：第1版`));
  });
});

describe('a build where no workflow takes files', () => {
  // the shipped workflows that take no file (收文 and 发文 do)
  const WITHOUT_FILES = SHIPPED_WORKFLOWS.filter((module) => !module.mayAttach);
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: START, catalog: buildCatalog(WITHOUT_FILES) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has no 附件 command and answers a file with the polite note for what it cannot read', async () => {
    expect(buildCatalog(WITHOUT_FILES).byKeyword('附件')).toBeUndefined();
    const sent = await h.sendFile('lihua', { name: 'x.pdf', bytes: Buffer.from('%PDF-1.7 x') });
    expect(sent.map((message) => message.text)).toEqual([
      '目前只能处理文字消息。请用文字发送命令，例如「我的待办」；发送「帮助」查看全部命令。',
    ]);
  });
});
