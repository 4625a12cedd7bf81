import { defineCommand } from '../../kit/define-command.js';
import { describeLinks } from '../../kit/item-links.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import type { CommandCatalog } from '../command-catalog.js';
import { ALL_REF_PREFIXES, REFERENCE_KINDS } from '../../kit/reference-kinds.js';

/** `查询 <编号>`: dispatched to the workflow that owns the reference's prefix. */
export function statusCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '查询',
      aliases: ['status'],
      summary: '查看一个事项的状态、当前处理人、期限和全部经过',
      example: '查询 Y12',
      ref: { prefixes: ALL_REF_PREFIXES, required: true, question: '要查询哪一项？' },
      freeText: 'none',
      isReadOnly: true,
    },
    fields: {},
    async execute(ctx, { ref }) {
      const catalog = getCatalog();
      const module = catalog.moduleForRef(ref);
      if (!module) {
        const open = catalog.modules.map((m) => `${m.refPrefixes.join('、')} 开头（${m.title}）`).join('、');
        await ctx.reply(
          `${REFERENCE_KINDS[ref[0]!] ?? '这类事项'}功能尚未开通，无法查询 ${ref}。目前可以查询的编号：${open}。`,
        );
        return;
      }
      const view = await module.statusView(ctx, ref);
      if (!view) {
        await ctx.reply(`没有找到 ${ref}，或您无权查看。请核对编号。`);
        return;
      }
      // what the item was made for or from (a 发文's seal request), under its heading, for every workflow alike
      const links = await describeLinks(ctx, ref.toUpperCase());
      const [heading, ...rest] = view.split('\n');
      await ctx.reply([heading, ...(links ? [links] : []), ...rest].join('\n'));
    },
  });
}
