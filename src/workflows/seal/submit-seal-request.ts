import { defineCommand, field } from '../../kit/define-command.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { openSealRequest, waitingNames } from './open-seal-request.js';
import { personName } from '../../kit/people.js';

/** More copies than this in one request is almost certainly a typo; more are split or arranged with the office. */
const MAX_COPIES = 200;

/**
 * `用印`: validates the fields, opens the request and its approval (skipping steps the applicant
 * holds), and sends the first cards — all in one transaction.
 */
export const submitSealRequest = defineCommand({
  spec: {
    keyword: '用印',
    aliases: ['用章', '盖章'],
    summary: '申请使用印章，逐级审批后由印章管理员盖章登记',
    example: '用印 事由:报送区教育局年度总结 文件:2026年度工作总结 份数:3 印章:校章 时间:明天下午3点',
    freeText: 'none',
  },
  fields: {
    事由: field.text({ aliases: ['用途', '理由'], required: true, question: '用印的事由是什么（为什么要盖章）？' }),
    文件: field.text({ aliases: ['文件名称', '材料'], required: true, question: '要盖章的是什么文件？' }),
    // more than MAX_COPIES in one request is almost certainly a typo (份数:300 for 3): asked again
    份数: field.count({ aliases: ['数量'], required: true, max: MAX_COPIES, question: '要盖几份？' }),
    印章: field.seal({ aliases: ['章'], required: true, question: '要用哪枚印章？' }),
    时间: field.datetime({
      aliases: ['用印时间', '拟用时间'],
      defaultTime: '09:00',
      notPast: true,
      question: '打算什么时候用印？',
    }),
    关联: field.reference(['F'], { aliases: ['关联发文'], question: '关联哪一份发文？' }),
  },
  async execute(ctx, { values }) {
    const { request, progress, routeText } = await openSealRequest(ctx, {
      applicant: ctx.actor,
      purpose: values.事由,
      document: values.文件,
      copies: values.份数,
      seal: values.印章,
      plannedAt: values.时间?.toJSDate() ?? null,
      relatedRef: values.关联 ?? null,
    });
    if (progress.outcome !== 'waiting') {
      await ctx.reply(
        `已提交用印申请 ${sealRequestLabel(request)}。您本人即为各审批人，无需审批，已通知${personName(ctx.directory, request.keeperId)}用印。`,
      );
      return;
    }
    await ctx.reply(
      `已提交用印申请 ${sealRequestLabel(request)}。\n审批顺序：${routeText}\n现在等待${waitingNames(ctx, progress)}审批。发送「查询 ${request.ref}」随时查看进度。`,
    );
  },
});
