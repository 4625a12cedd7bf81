import type { Directory } from '../directory/types.js';

/** The actor of what a schedule did (audit records with via 'schedule'). */
export const SYSTEM_ACTOR = 'system';

export function personName(directory: Directory, userId: string | null | undefined): string {
  if (!userId) return '—';
  if (userId === SYSTEM_ACTOR) return '校办助手';
  return directory.person(userId)?.name ?? userId;
}
