import type { BaseContext } from './context.js';
import { fullTime } from './format-time.js';
import { personName } from './people.js';

/**
 * An item's history as 查询 shows it: 「经过：」, then one line per audit record, the newest
 * `newest` of them (the older ones counted), each with its action named in the workflow's words.
 * The comment of an action in `shownAbove` is left out: its words are listed above it already.
 */
export async function describeHistory(
  ctx: BaseContext,
  item: {
    itemType: string;
    itemRef: string;
    actionNames: Readonly<Record<string, string>>;
    newest: number;
    shownAbove?: ReadonlySet<string>;
  },
): Promise<string[]> {
  const where = { orgId: ctx.orgId, itemType: item.itemType, itemRef: item.itemRef };
  // the newest only, read newest first: an item with a long history is not read whole
  const newest = await ctx.tx.auditLog.findMany({
    where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: item.newest,
  });
  const total = newest.length < item.newest ? newest.length : await ctx.tx.auditLog.count({ where });
  return [
    '经过：',
    ...(total > item.newest ? [`（更早的${total - item.newest}条略）`] : []),
    ...newest
      .reverse()
      .map(
        (entry) =>
          `· ${fullTime(entry.at, ctx.timezone)} ${personName(ctx.directory, entry.actorId)} ${item.actionNames[entry.action] ?? entry.action}${entry.comment && !item.shownAbove?.has(entry.action) ? `：${entry.comment}` : ''}`,
      ),
  ];
}
