import type { HandlerContext, TodoItem } from '../types.js';
import { sealRequestLabel } from './describe-seal-request.js';

/** What waits on a person: approval steps they hold, and uses they must stamp. */
export async function sealTodoItems(ctx: HandlerContext, userId: string): Promise<TodoItem[]> {
  const held = await ctx.tx.sealRequest.findMany({ where: { orgId: ctx.orgId, holderId: userId, state: { in: ['in_approval', 'approved'] } }, orderBy: { updatedAt: 'asc' } });
  return held.map((request) => ({
    ref: request.ref,
    summary: `${request.state === 'approved' ? '待用印' : '用印审批'}：${sealRequestLabel(request).slice(request.ref.length)}`,
    waitingSince: request.updatedAt,
    ...(request.plannedAt ? { deadline: request.plannedAt } : {}),
  }));
}
