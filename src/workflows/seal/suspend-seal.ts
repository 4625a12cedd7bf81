import { defineCommand, field } from '../../kit/define-command.js';
import { refusal } from '../../shared/errors.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { openKeeperWork } from './seal-approval.js';
import { findSuspension, lockSealRequest, moveSealRequest } from './seal-request-store.js';

/**
 * Locks the seal's suspension row, so a report and a restore of one seal, or a restore and a use,
 * happen one after the other (the use re-reads the suspension under its own request lock).
 */
async function lockSeal(ctx: ActorContext, sealId: string): Promise<void> {
  await ctx.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seal:${ctx.orgId}:${sealId}`}))`;
}

/** Requests on this seal that are not finished, each locked. */
async function openRequestsOf(ctx: ActorContext, sealId: string) {
  const ids = await ctx.tx.sealRequest.findMany({
    where: { orgId: ctx.orgId, sealId, state: { in: ['submitted', 'in_approval', 'approved', 'blocked'] } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const locked = [];
  for (const { id } of ids) {
    const request = await lockSealRequest(ctx.tx, ctx.orgId, { id });
    if (request) locked.push(request);
  }
  return locked;
}

/** `印章异常`: the seal is suspended at once (seeds: 异常报告 — 立即上报并采取应急措施，如暂停使用印章). */
export const reportSealProblem = defineCommand({
  spec: {
    keyword: '印章异常',
    summary: '报告印章遗失、损坏或被违规使用：立即暂停使用并通知校领导和办公室主任',
    example: '印章异常 印章:校章 说明:印章边缘破损，暂停使用待重新刻制',
    roles: ['seal_keeper', 'office'],
    freeText: 'none',
  },
  fields: {
    印章: field.seal({ aliases: ['章'], required: true, question: '哪枚印章出现异常？' }),
    说明: field.text({
      aliases: ['情况', '原因'],
      required: true,
      question: '出了什么情况（遗失、损坏还是违规使用）？',
    }),
  },
  async execute(ctx, { values }) {
    const seal = values.印章;
    const reason = values.说明;
    const now = ctx.clock.now();
    await lockSeal(ctx, seal.id);
    if (await findSuspension(ctx.tx, ctx.orgId, seal.id))
      throw refusal(
        'CONFLICT',
        `印章「${seal.name}」已经处于暂停状态。恢复请由办公室主任或系统管理员发送「印章恢复 印章:${seal.name}」。`,
      );
    await ctx.tx.sealSuspension.upsert({
      where: { orgId_sealId: { orgId: ctx.orgId, sealId: seal.id } },
      create: {
        orgId: ctx.orgId,
        sealId: seal.id,
        isSuspended: true,
        reason,
        changedBy: ctx.actor.userId,
        changedAt: now,
      },
      update: { isSuspended: true, reason, changedBy: ctx.actor.userId, changedAt: now },
    });
    await recordAudit(ctx, {
      itemType: 'seal_status',
      itemRef: seal.id,
      action: 'suspend',
      fromState: 'active',
      toState: 'suspended',
      comment: reason,
    });

    const affected = await openRequestsOf(ctx, seal.id);
    for (const request of affected) {
      if (request.state === 'approved') {
        await moveSealRequest(ctx, request, 'block', {}, { comment: `印章暂停：${reason}` });
        // the keeper's card stays (it works again once the seal is restored); 待用印 leaves their list meanwhile
        await closeWorkItems(ctx, { kind: 'seal_use', sourceId: request.id });
      }
      await tell(
        ctx,
        request.applicantId,
        `您的用印申请 ${request.ref} 所用印章「${seal.name}」已暂停使用（${reason}），审批和用印都已暂停。印章恢复后会通知您。`,
      );
    }
    const refs = affected.map((request) => request.ref);
    const alert = `【印章异常】「${seal.name}」已暂停使用。\n报告人：${ctx.actor.name}\n情况：${reason}\n受影响的申请：${refs.length > 0 ? refs.join('、') : '无'}\n恢复请由办公室主任或系统管理员发送「印章恢复 印章:${seal.name}」。`;
    const alerted = new Set(
      [
        ...ctx.directory.peopleWithRole('leader'),
        ...ctx.directory.peopleWithRole('office_director'),
        ...ctx.directory.peopleWithRole('seal_keeper'),
      ].map((person) => person.userId),
    );
    alerted.delete(ctx.actor.userId);
    for (const userId of alerted) await tell(ctx, userId, alert);
    await ctx.reply(
      `已暂停印章「${seal.name}」，并已通知校领导、办公室主任和印章管理员（${alerted.size}人）；${refs.length}件申请受影响${refs.length > 0 ? `：${refs.join('、')}` : ''}。`,
    );
  },
});

/** `印章恢复`: lifts the suspension; blocked requests go back to the keeper, everyone waiting is told. */
export const restoreSeal = defineCommand({
  spec: {
    keyword: '印章恢复',
    summary: '解除印章暂停，受阻的申请恢复待用印',
    example: '印章恢复 印章:校章',
    roles: ['admin', 'office_director'],
    freeText: 'none',
  },
  fields: { 印章: field.seal({ aliases: ['章'], required: true, question: '要恢复哪枚印章？' }) },
  async execute(ctx, { values }) {
    const seal = values.印章;
    const now = ctx.clock.now();
    await lockSeal(ctx, seal.id);
    const suspension = await findSuspension(ctx.tx, ctx.orgId, seal.id);
    if (!suspension) throw refusal('CONFLICT', `印章「${seal.name}」没有被暂停，无需恢复。`);
    await ctx.tx.sealSuspension.update({
      where: { orgId_sealId: { orgId: ctx.orgId, sealId: seal.id } },
      data: { isSuspended: false, changedBy: ctx.actor.userId, changedAt: now },
    });
    await recordAudit(ctx, {
      itemType: 'seal_status',
      itemRef: seal.id,
      action: 'restore',
      fromState: 'suspended',
      toState: 'active',
    });
    const affected = await openRequestsOf(ctx, seal.id);
    for (const request of affected) {
      if (request.state === 'blocked') {
        const unblocked = await moveSealRequest(ctx, request, 'unblock', {}, { comment: '印章恢复' });
        await openKeeperWork(ctx, unblocked);
        await tell(
          ctx,
          request.keeperId,
          `印章「${seal.name}」已恢复，${request.ref} 可以用印了（可直接点之前的用印卡片）。`,
        );
      }
      await tell(ctx, request.applicantId, `印章「${seal.name}」已恢复使用，您的 ${request.ref} 继续办理。`);
    }
    await ctx.reply(`印章「${seal.name}」已恢复使用；${affected.length}件申请继续办理。`);
  },
});
