import type { CommandCatalog } from './command-catalog.js';
import type { StoredConversation } from '../kit/conversation-store.js';
import { CONFIRM_SUBMIT, CONFIRM_TYPO, isWorkflowQuestion } from '../kit/conversation-notes.js';
import { questionLine } from './parse/describe-field.js';
import { fieldNamed } from './parse/reference-field.js';

/** One line after another command was answered: the question is still open. */
export function reminderFor(pending: StoredConversation, catalog: CommandCatalog): string {
  if (isWorkflowQuestion(pending))
    return pending.reminder ?? '您还有一个问题没有回复。请直接回复，或回复「取消」放弃。';
  if (pending.awaitingField === CONFIRM_SUBMIT)
    return `您的「${pending.command}」还没有提交：回复「是」按以上内容提交，回复「取消」放弃。`;
  if (pending.awaitingField === CONFIRM_TYPO)
    return `您刚才是要「${pending.command}」吗？回复「是」继续，回复「取消」放弃。`;
  const spec = catalog.byKeyword(pending.command)?.spec;
  const field = spec ? fieldNamed(spec, pending.awaitingField) : undefined;
  return `您的「${pending.command}」还没有填完：${field ? questionLine(field) : '请继续回答。'}（回复「取消」放弃）`;
}
