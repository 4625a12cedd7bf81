import type { ActorContext } from '../kit/context.js';

export type LeadingReplyContext = ActorContext & {
  /** sends the leading lines alone if nothing was replied */
  flush(): Promise<void>;
};

/**
 * A context whose first reply starts with `lines` (「（按「我的待办」处理）」, or what could not be
 * used of the message): one message on the phone instead of two.
 */
export function withLeadingLines(ctx: ActorContext, lines: string[]): LeadingReplyContext {
  let isLeadSent = lines.length === 0;
  const lead = lines.join('\n');
  return {
    ...ctx,
    async reply(text) {
      const content = isLeadSent ? text : `${lead}\n${text}`;
      isLeadSent = true;
      await ctx.reply(content);
    },
    async flush() {
      if (isLeadSent) return;
      isLeadSent = true;
      await ctx.reply(lead);
    },
  };
}
