import { formatTodoLine, todoListHeader } from '../../kit/todo-lines.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { openWorkItemsOf } from '../../kit/work-items.js';
import type { ActorContext } from '../../kit/context.js';
import { replyInPages, type PagedList } from './reply-in-pages.js';

export const TODO_KEYWORD = '我的待办';

/**
 * `我的待办`: everything waiting on the sender, oldest first, page by page — one indexed query on
 * the work items every workflow writes with its transitions (work_item_open_by_holder_idx).
 */
export function todoCommand(): WorkflowCommand {
  return {
    spec: {
      keyword: TODO_KEYWORD,
      aliases: ['todo', '待办'],
      summary: '列出等待我处理的全部事项，最早的在前',
      example: TODO_KEYWORD,
      freeText: 'none',
      isReadOnly: true,
      fields: [],
    },
    async execute(ctx) {
      await showTodoPage(ctx, 0);
    },
    async showPage(ctx, offset) {
      await showTodoPage(ctx, offset);
    },
  };
}

/** One page of the list from `offset` (「更多」 asks for the next). */
async function showTodoPage(ctx: ActorContext, offset: number): Promise<void> {
  const items = await openWorkItemsOf(ctx, ctx.actor.userId);
  if (items.length === 0) {
    await ctx.tx.replyPage.deleteMany({ where: { orgId: ctx.orgId, userId: ctx.actor.userId } });
    await ctx.reply('您目前没有待办事项。');
    return;
  }
  if (offset >= items.length) {
    await ctx.tx.replyPage.deleteMany({ where: { orgId: ctx.orgId, userId: ctx.actor.userId } });
    await ctx.reply('没有更多了。');
    return;
  }
  const list: PagedList = {
    command: TODO_KEYWORD,
    header: todoListHeader,
    lines: items.map((item) => formatTodoLine(item, ctx.timezone, ctx.clock.now())),
    // the example names a reference the person really has
    closing: `发送「查询 ${items[0]!.itemRef}」查看详情。`,
  };
  await replyInPages(ctx, list, offset);
}
