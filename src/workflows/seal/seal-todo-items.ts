import type { TodoItem } from '../../kit/workflow-module.js';
import type { ActorContext } from '../../kit/context.js';
import { applicantLabel, sealRequestSubject } from './describe-seal-request.js';

/** What waits on a person: approval steps they hold, and uses they must stamp. */
export async function sealTodoItems(ctx: ActorContext, userId: string): Promise<TodoItem[]> {
  const held = await ctx.tx.sealRequest.findMany({
    where: { orgId: ctx.orgId, holderId: userId, state: { in: ['in_approval', 'approved'] } },
    orderBy: { updatedAt: 'asc' },
  });
  return held.map((request) => ({
    ref: request.ref,
    action: request.state === 'approved' ? '待用印' : '用印审批',
    requester: applicantLabel(ctx.directory, request),
    subject: sealRequestSubject(request),
    submittedAt: request.createdAt,
    // the request moved to this person (a step approved, the last approval) when it was last updated
    waitingSince: request.updatedAt,
    ...(request.plannedAt ? { plannedAt: request.plannedAt } : {}),
  }));
}
