import { randomUUID } from 'node:crypto';
import { resolveApprovalChain } from '../../directory/resolve-approval-step.js';
import { refusal } from '../../shared/errors.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { allocateReference } from '../../kit/numbering/allocate-reference.js';
import { recordAudit } from '../../kit/record-audit.js';
import { planTransition } from '../../kit/state-machine.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { personName } from '../../kit/people.js';
import { SEAL_MACHINE, stepName } from './seal-machine.js';
import { findSuspension, moveSealRequest } from './seal-request-store.js';
import { sendApprovalCard, sendKeeperCard } from './send-seal-cards.js';

/** More copies than this in one request is almost certainly a typo; more are split or arranged with the office. */
const MAX_COPIES = 200;

/**
 * `用印`: validates the fields, resolves the seal's approval chain for the applicant (skipping steps
 * the applicant holds), allocates Y<n>, and sends the first card — all in one transaction.
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
    const now = ctx.clock.now();
    const seal = values.印章;
    const copies = values.份数;
    const suspension = await findSuspension(ctx.tx, ctx.orgId, seal.id);
    if (suspension)
      throw refusal(
        'CONFLICT',
        `印章「${seal.name}」已暂停使用（${suspension.reason}），暂不能申请。恢复后会另行通知。`,
      );

    const departmentId = ctx.actor.departmentIds[0];
    if (!departmentId) throw refusal('INVALID_INPUT', '您在通讯录中没有所属部门，无法确定审批人。请联系综合办公室。');
    const chain = resolveApprovalChain(seal.approval, ctx.actor, departmentId, ctx.directory);

    const ref = await allocateReference(ctx, 'Y');
    const created = await ctx.tx.sealRequest.create({
      data: {
        id: randomUUID(),
        orgId: ctx.orgId,
        ref,
        applicantId: ctx.actor.userId,
        departmentId,
        purpose: values.事由,
        document: values.文件,
        copies,
        sealId: seal.id,
        sealName: seal.name,
        plannedAt: values.时间?.toJSDate() ?? null,
        relatedRef: values.关联 ?? null,
        state: 'submitted',
        chain: chain as unknown as object,
        keeperId: seal.keeper,
        createdAt: now,
        updatedAt: now,
      },
    });
    await recordAudit(ctx, { itemType: 'seal', itemRef: ref, action: 'submit', toState: 'submitted' });

    const route = [
      ...chain.map((step) => `${personName(ctx.directory, step.userId)}（${stepName(step.step)}）`),
      `${personName(ctx.directory, seal.keeper)}（用印）`,
    ].join(' → ');
    if (chain.length === 0) {
      const approved = await moveSealRequest(
        ctx.tx,
        created,
        planTransition(SEAL_MACHINE, 'submitted', 'approve_all_skipped', ref),
        { holderId: seal.keeper },
        now,
      );
      await recordAudit(ctx, {
        itemType: 'seal',
        itemRef: ref,
        action: 'approve_all_skipped',
        fromState: 'submitted',
        toState: 'approved',
        comment: '审批步骤均由申请人本人担任，免审批',
      });
      await sendKeeperCard(ctx, approved);
      await ctx.reply(
        `已提交用印申请 ${sealRequestLabel(approved)}。您本人即为各审批人，无需审批，已通知${personName(ctx.directory, seal.keeper)}用印。`,
      );
      return;
    }
    const inApproval = await moveSealRequest(
      ctx.tx,
      created,
      planTransition(SEAL_MACHINE, 'submitted', 'start_approval', ref),
      { currentStep: 0, holderId: chain[0]!.userId },
      now,
    );
    await recordAudit(ctx, {
      itemType: 'seal',
      itemRef: ref,
      action: 'start_approval',
      fromState: 'submitted',
      toState: 'in_approval',
      comment: `第1步：${personName(ctx.directory, chain[0]!.userId)}`,
    });
    await sendApprovalCard(ctx, inApproval);
    await ctx.reply(
      `已提交用印申请 ${sealRequestLabel(inApproval)}。\n审批顺序：${route}\n现在等待${personName(ctx.directory, chain[0]!.userId)}审批。发送「查询 ${ref}」随时查看进度。`,
    );
  },
});
