import type { WorkflowCommand } from '../../workflows/types.js';
import type { CommandCatalog } from '../command-catalog.js';
import { ALL_REF_PREFIXES, REFERENCE_KINDS, describeReferenceForms } from './reference-kinds.js';

/** `查询 <编号>`: dispatched to the workflow that owns the reference's prefix. */
export function statusCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return {
    spec: {
      keyword: '查询',
      aliases: ['status'],
      summary: '查看一个事项的状态、当前处理人、期限和全部经过',
      example: '查询 Y12',
      ref: { prefixes: ALL_REF_PREFIXES, required: true },
      freeText: 'none',
      fields: [],
    },
    async execute(ctx, command) {
      const ref = command.ref!;
      const module = getCatalog().moduleForRef(ref);
      if (!module) {
        await ctx.reply(`${REFERENCE_KINDS[ref[0]!] ?? '这类事项'}功能尚未开通，无法查询 ${ref}。编号格式：${describeReferenceForms()}。`);
        return;
      }
      const view = await module.statusView(ctx, ref);
      await ctx.reply(view ?? `没有找到 ${ref}，或您无权查看。请核对编号。`);
    },
  };
}
