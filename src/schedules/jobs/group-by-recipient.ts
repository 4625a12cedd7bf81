/**
 * Groups what a scan plans by person and topic, in first-seen order: several items for one person
 * become one message (spec 4), not one message each.
 */
export function groupByRecipient<T extends { toUserId: string; topic: string }>(
  entries: readonly T[],
): { toUserId: string; topic: string; entries: T[] }[] {
  const groups = new Map<string, { toUserId: string; topic: string; entries: T[] }>();
  for (const entry of entries) {
    const key = `${entry.toUserId}\u0000${entry.topic}`;
    const group = groups.get(key) ?? { toUserId: entry.toUserId, topic: entry.topic, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}
