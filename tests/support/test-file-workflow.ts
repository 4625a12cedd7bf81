import { randomUUID } from 'node:crypto';
import { sendCard } from '../../src/kit/cards/send-card.js';
import type { ActorContext } from '../../src/kit/context.js';
import { defineCommand } from '../../src/kit/define-command.js';
import { expectFile, sendFileBeside, type DocumentFileVersion } from '../../src/kit/files/document-files.js';
import { hasAnyRole, OFFICE_ROLES } from '../../src/kit/people.js';
import type { WorkflowModule } from '../../src/kit/workflow-module.js';
import { refusal } from '../../src/shared/errors.js';

/** One document of the test workflow: who drafted it, who reads it next, its 密级. */
export interface TestDocument {
  ref: string;
  itemId: string;
  drafterId: string;
  readerId: string;
  secrecy: '普通' | '秘密' | '机密';
  /** archived: takes no new file */
  isClosed?: boolean;
}

export const FILE_WORKFLOW = 'testfiles';

/**
 * A workflow that exists only in tests, to show the document file path (附件, a file sent, its
 * versions, the file beside a card) without the real 收文/发文 modules: documents S<n> held in
 * memory (the service runs in the test's process), `测试登记` registering one and expecting its file
 * as 收文 does, `mayAttach` with the rules of spec 2.5 (the office or the drafter; never 秘密/机密;
 * not once archived), and `onFileAttached` sending the reader a card with the file beside it.
 */
export function createTestFileWorkflow(): {
  module: WorkflowModule;
  documents: Map<string, TestDocument>;
  attached: DocumentFileVersion[];
  add(document: Omit<TestDocument, 'itemId'>): TestDocument;
} {
  const documents = new Map<string, TestDocument>();
  const attached: DocumentFileVersion[] = [];
  const add = (document: Omit<TestDocument, 'itemId'>): TestDocument => {
    const stored = { ...document, itemId: randomUUID() };
    documents.set(stored.ref, stored);
    return stored;
  };

  async function mayAttach(ctx: ActorContext, ref: string): Promise<{ itemId: string }> {
    const document = documents.get(ref);
    if (!document) throw refusal('NOT_FOUND', `没有找到 ${ref}，请核对编号。`);
    if (document.secrecy !== '普通')
      throw refusal('NOT_ALLOWED', `${ref} 是${document.secrecy}件：涉密文件不在本系统中保存，请到综合办公室阅件。`);
    if (document.isClosed) throw refusal('CONFLICT', `${ref} 已归档，不再收新的文件。`);
    if (!hasAnyRole(ctx.actor, OFFICE_ROLES) && ctx.actor.userId !== document.drafterId)
      throw refusal('NOT_ALLOWED', `只有综合办公室和拟稿人可以给 ${ref} 附文件。`);
    return { itemId: document.itemId };
  }

  const module: WorkflowModule = {
    id: FILE_WORKFLOW,
    title: '测试公文',
    refPrefixes: ['S'],
    commands: [
      defineCommand({
        spec: {
          keyword: '测试登记',
          summary: '登记一份测试公文，接着发来的文件附在它上面',
          example: '测试登记',
        },
        fields: {},
        async execute(ctx) {
          const document = add({
            ref: `S${documents.size + 1}`,
            drafterId: ctx.actor.userId,
            readerId: 'zhoumin',
            secrecy: '普通',
          });
          await expectFile(ctx, { workflow: FILE_WORKFLOW, itemId: document.itemId, itemRef: document.ref });
          await ctx.reply(`已登记 ${document.ref}。请把它的文件发给我。`);
        },
      }),
    ],
    mayAttach,
    async onFileAttached(ctx, file) {
      attached.push(file);
      const document = documents.get(file.itemRef)!;
      await sendCard(ctx, {
        toUserId: document.readerId,
        workflow: FILE_WORKFLOW,
        itemId: document.itemId,
        itemRef: document.ref,
        sentForState: `reading:${file.version}`,
        card: {
          title: `请阅 ${document.ref}`,
          note: `第${file.version}版`,
          rows: [{ label: '文件', value: file.fileName }],
          buttons: [{ key: 'read', label: '已阅' }],
        },
      });
      await sendFileBeside(ctx, document.readerId, file);
    },
    statusView: () => Promise.resolve(undefined),
  };
  return { module, documents, attached, add };
}
