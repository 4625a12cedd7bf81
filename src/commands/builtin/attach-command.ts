import { defineCommand } from '../../kit/define-command.js';
import { expectFile, FILE_WAIT_MINUTES } from '../../kit/files/document-files.js';
import { ALL_REF_PREFIXES, REFERENCE_KINDS } from '../../kit/reference-kinds.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { describeSize, WECOM_FILE_MAX_BYTES } from '../../wecom/media.js';
import type { CommandCatalog } from '../command-catalog.js';

/**
 * `附件 <S 或 F 编号>` (spec 2.5): the next file the sender sends the bot, within
 * {@link FILE_WAIT_MINUTES} minutes, becomes the item's newest version (src/inbound/receive-file.ts).
 * Who may attach is the owning module's to say (`mayAttach`: the office, the drafter; never a
 * 秘密/机密 document); an item whose module takes no files is refused.
 */
export function attachCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '附件',
      summary: '把接下来发给我的文件（PDF、Word 等）附到收文或发文上',
      example: '附件 F3',
      ref: { prefixes: ALL_REF_PREFIXES, required: true, question: '要把文件附到哪一份公文上？请写编号。' },
      freeText: 'none',
    },
    fields: {},
    async execute(ctx, { ref }) {
      const itemRef = ref.toUpperCase();
      const module = getCatalog().moduleForRef(itemRef);
      if (!module?.mayAttach) {
        const kind = REFERENCE_KINDS[itemRef[0]!] ?? '这类事项';
        throw refusal('NOT_ALLOWED', `${itemRef}（${kind}）不收文件：只有收文（S）和发文（F）可以附文件。`);
      }
      const { itemId } = await module.mayAttach(ctx, itemRef);
      await expectFile(ctx, { workflow: module.id, itemId, itemRef });
      await ctx.reply(
        `请在${FILE_WAIT_MINUTES}分钟内把 ${itemRef} 的文件发给我（PDF、Word 等，不超过 ${describeSize(WECOM_FILE_MAX_BYTES)}），它会随审批和传阅的卡片一起送出。`,
      );
    },
  });
}
