import { enqueueText } from '../outbox/enqueue-message.js';
import type { BaseContext } from './context.js';

/** A one-line message to someone other than the actor (the actor gets ctx.reply). */
export function tell(ctx: BaseContext, userId: string, text: string): Promise<void> {
  return enqueueText(ctx.tx, ctx.orgId, userId, text);
}
