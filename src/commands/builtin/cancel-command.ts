import { refusal } from '../../shared/errors.js';
import { defineCommand, field } from '../../kit/define-command.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import type { CommandCatalog } from '../command-catalog.js';
import { ALL_REF_PREFIXES } from '../../kit/reference-kinds.js';

/** `取消 <编号> 原因:…`: the requester withdraws an item; the owning workflow decides whether it may. */
export function cancelCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '取消',
      aliases: ['撤回'],
      summary: '撤回自己提出的申请（需写明原因）',
      example: '取消 Y12 原因:活动延期，暂不需要盖章',
      ref: { prefixes: ALL_REF_PREFIXES, required: true, question: '要撤回哪一项？' },
      freeText: 'optional',
    },
    fields: {
      原因: field.text({ aliases: ['理由'], required: true, fromFreeText: true, question: '撤回的原因是什么？' }),
    },
    // refused at once, before the reason is asked for: nobody writes a reason only to hear "not yours"
    async authorize(ctx, { ref }) {
      const module = getCatalog().moduleForRef(ref);
      if (!module?.cancel) throw refusal('NOT_ALLOWED', `${ref} 不能用「取消」撤回。`);
      const check = await module.mayCancel?.(ctx, ref);
      return check ? { abandonedNote: `已放弃撤回，${check.standing}。` } : undefined;
    },
    async execute(ctx, { ref, values }) {
      const module = getCatalog().moduleForRef(ref);
      if (!module?.cancel) throw refusal('NOT_ALLOWED', `${ref} 不能用「取消」撤回。`);
      await module.cancel(ctx, ref, values.原因);
    },
  });
}
