import { DateTime } from 'luxon';
import type { TodoItem, WorkflowCommand } from '../../workflows/types.js';
import type { CommandCatalog } from '../command-catalog.js';

/** `我的待办`: everything any workflow reports as waiting on the sender, oldest first. */
export function todoCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return {
    spec: { keyword: '我的待办', aliases: ['todo', '待办'], summary: '列出等待我处理的全部事项，最早的在前', example: '我的待办', freeText: 'none', fields: [] },
    async execute(ctx) {
      const perModule = await Promise.all(getCatalog().modules.map((module) => module.todoItems(ctx, ctx.actor.userId)));
      const items = perModule.flat().sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
      if (items.length === 0) {
        await ctx.reply('您目前没有待办事项。');
        return;
      }
      const lines = items.map((item) => formatTodoLine(item, ctx.timezone));
      await ctx.reply(`您有 ${items.length} 项待办：\n${lines.join('\n')}\n发送「查询 编号」查看详情。`);
    },
  };
}

export function formatTodoLine(item: TodoItem, timezone: string): string {
  const since = DateTime.fromJSDate(item.waitingSince, { zone: timezone }).toFormat('MM-dd HH:mm');
  const deadline = item.deadline ? `，期限 ${DateTime.fromJSDate(item.deadline, { zone: timezone }).toFormat('MM-dd HH:mm')}` : '';
  return `· ${item.ref} ${item.summary}（${since} 起${deadline}）`;
}
