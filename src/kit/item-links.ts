import type { BaseContext } from './context.js';

/**
 * Why two items belong together, as 查询 names it from each end: a seal request opened from a
 * signed-off 发文 is its 用印 ('seal_for'); a task created from a meeting decision or a 批示 its 督办
 * ('task_from').
 */
export const LINK_KINDS = {
  seal_for: { from: '用印申请', to: '所用印的发文' },
  task_from: { from: '督办事项', to: '督办来源' },
} as const;
export type LinkKind = keyof typeof LINK_KINDS;

/** Records that `fromRef` was made for `toRef`, in the caller's transaction; once only. */
export async function linkItems(
  ctx: BaseContext,
  link: { fromRef: string; toRef: string; kind: LinkKind },
): Promise<void> {
  await ctx.tx.itemLink.upsert({
    where: {
      orgId_fromRef_toRef_kind: { orgId: ctx.orgId, fromRef: link.fromRef, toRef: link.toRef, kind: link.kind },
    },
    create: { orgId: ctx.orgId, fromRef: link.fromRef, toRef: link.toRef, kind: link.kind, createdAt: ctx.clock.now() },
    update: {},
  });
}

/** `关联：Y7（用印申请）`: an item's links from both ends, as 查询 shows them; empty when none. */
export async function describeLinks(ctx: BaseContext, ref: string): Promise<string | undefined> {
  const [outgoing, incoming] = await Promise.all([
    ctx.tx.itemLink.findMany({ where: { orgId: ctx.orgId, fromRef: ref }, orderBy: { id: 'asc' } }),
    ctx.tx.itemLink.findMany({ where: { orgId: ctx.orgId, toRef: ref }, orderBy: { id: 'asc' } }),
  ]);
  const named = (kind: string, end: 'from' | 'to'): string => LINK_KINDS[kind as LinkKind]?.[end] ?? '关联事项';
  const parts = [
    ...outgoing.map((link) => `${link.toRef}（${named(link.kind, 'to')}）`),
    ...incoming.map((link) => `${link.fromRef}（${named(link.kind, 'from')}）`),
  ];
  return parts.length > 0 ? `关联：${parts.join('、')}` : undefined;
}
