import type { BriefSection, BriefWeek } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';

/**
 * 用印's part of the weekly brief (spec 4: seal uses per seal): the week's uses and copies per seal
 * from the register (用印登记), the requests still open, and those held by a suspended seal.
 */
export async function sealBriefSection(ctx: BaseContext, week: BriefWeek): Promise<BriefSection> {
  const uses = await ctx.tx.sealRegisterEntry.groupBy({
    by: ['sealId'],
    where: { orgId: ctx.orgId, usedAt: { gte: week.from, lt: week.to } },
    _count: { _all: true },
    _sum: { copies: true },
  });
  const open = await ctx.tx.sealRequest.groupBy({
    by: ['state'],
    where: { orgId: ctx.orgId, state: { in: ['in_approval', 'approved'] } },
    _count: { _all: true },
  });
  const blocked = await ctx.tx.sealRequest.findMany({
    where: { orgId: ctx.orgId, state: 'blocked' },
    orderBy: { createdAt: 'asc' },
    select: { ref: true },
  });
  const suspended = await ctx.tx.sealSuspension.findMany({ where: { orgId: ctx.orgId, isSuspended: true } });

  const openIn = (state: string): number => open.find((group) => group.state === state)?._count._all ?? 0;
  const lines = ctx.directory.config.seals.map((seal) => {
    const ofSeal = uses.find((group) => group.sealId === seal.id);
    return `${seal.name}：用印${ofSeal?._count._all ?? 0}次，共${ofSeal?._sum.copies ?? 0}份`;
  });
  lines.push(`在办申请：审批中${openIn('in_approval')}件，待用印${openIn('approved')}件`);
  if (blocked.length > 0 || suspended.length > 0) {
    const seals = suspended.map((row) => ctx.directory.seal(row.sealId)?.name ?? row.sealId);
    lines.push(
      `<font color="warning">暂停的印章：${seals.join('、') || '无'}；受阻申请：${blocked.map((row) => row.ref).join('、') || '无'}</font>`,
    );
  } else {
    lines.push('没有暂停的印章或受阻的申请');
  }
  return { title: '用印', lines };
}
