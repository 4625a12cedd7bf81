import type { CommandCatalog } from './command-catalog.js';
import type { StoredConversation } from './conversation-store.js';
import { questionLine } from './parse/describe-field.js';
import { fieldNamed } from './parse/reference-field.js';

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

/** One line after another command was answered: the question is still open. */
export function reminderFor(pending: StoredConversation, catalog: CommandCatalog): string {
  if (isWorkflowQuestion(pending)) return pending.reminder ?? '您还有一个问题没有回复。请直接回复，或回复「取消」放弃。';
  if (pending.awaitingField === CONFIRM_SUBMIT) return `您的「${pending.command}」还没有提交：回复「是」按以上内容提交，回复「取消」放弃。`;
  if (pending.awaitingField === CONFIRM_TYPO) return `您刚才是要「${pending.command}」吗？回复「是」继续，回复「取消」放弃。`;
  const spec = catalog.byKeyword(pending.command)?.spec;
  const field = spec ? fieldNamed(spec, pending.awaitingField) : undefined;
  return `您的「${pending.command}」还没有填完：${field ? questionLine(field) : '请继续回答。'}（回复「取消」放弃）`;
}
