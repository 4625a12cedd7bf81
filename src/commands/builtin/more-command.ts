import type { WorkflowCommand } from '../../kit/workflow-module.js';

/**
 * `更多`: the next page of a long reply (我的待办), for 10 minutes after the page before it. The
 * page remembers which command it belongs to; that command shows it (WorkflowCommand.showPage).
 */
export function moreCommand(commandNamed: (keyword: string) => WorkflowCommand | undefined): WorkflowCommand {
  return {
    spec: {
      keyword: '更多',
      aliases: ['more'],
      summary: '列表太长时，显示下一页',
      example: '更多',
      freeText: 'none',
      isReadOnly: true,
      fields: [],
    },
    async execute(ctx) {
      const page = await ctx.tx.replyPage.findUnique({
        where: { orgId_userId: { orgId: ctx.orgId, userId: ctx.actor.userId } },
      });
      const showPage = page ? commandNamed(page.command)?.showPage : undefined;
      if (!page || !showPage) {
        await ctx.reply('没有更多了。');
        return;
      }
      if (page.expiresAt.getTime() <= ctx.clock.now().getTime()) {
        await ctx.tx.replyPage.deleteMany({ where: { orgId: ctx.orgId, userId: ctx.actor.userId } });
        await ctx.reply(`上次的列表已超过10分钟，请重新发送「${page.command}」。`);
        return;
      }
      await showPage(ctx, page.offset);
    },
  };
}
