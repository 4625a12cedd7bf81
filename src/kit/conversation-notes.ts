import type { StoredConversation } from './conversation-store.js';

/*
 * What the one open question of a person (table conversation) is, and the sentences said when it
 * ends: shared by the router and by workflows that ask in chat (askInChat).
 */

/** awaitingField of 「回复「是」按以上内容提交」 after a command with an unknown field (备注:急). */
export const CONFIRM_SUBMIT = '~confirm';
/** awaitingField of 「您是要「用印」吗？」 after a keyword typed one letter off (用引). */
export const CONFIRM_TYPO = '~typo';

/** A question a workflow asked in chat (askInChat), not a command's field. */
export function isWorkflowQuestion(pending: StoredConversation): boolean {
  return pending.command.startsWith('~');
}

/** Said when the question ends because another command needs a question of its own. */
export function noteWhenReplaced(pending: StoredConversation): string {
  return pending.abandonedNote ?? `（未完成的「${pending.command}」已放弃，没有提交。）`;
}

/** Said when the person answers 取消. */
export function noteWhenCancelled(pending: StoredConversation): string {
  return pending.abandonedNote ?? `已取消「${pending.command}」，没有做任何更改。`;
}

/** Said when the answer came after the 10 minutes (spec 2.5). */
export function noteWhenExpired(pending: StoredConversation): string {
  if (pending.abandonedNote) return `超过10分钟没有收到您的回复，${pending.abandonedNote}`;
  return `您上次的「${pending.command}」超过10分钟没有回答，已自动放弃，没有做任何更改。请重新发送完整的命令。`;
}
