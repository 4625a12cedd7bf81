import { isRefusal } from '../shared/errors.js';
import { runRefusable } from '../kit/run-refusable.js';
import type { WorkflowCommand } from '../kit/workflow-module.js';
import type { ActorContext } from '../kit/context.js';
import type { CommandCatalog } from './command-catalog.js';
import { completeCommand, nextField, type CommandDraft } from './command-draft.js';
import {
  clearConversation,
  isSameQuestion,
  loadConversation,
  saveConversation,
  type StoredConversation,
} from '../kit/conversation-store.js';
import { questionFor } from './parse/describe-field.js';
import { REFERENCE_FIELD } from './parse/reference-field.js';
import { CONFIRM_SUBMIT, noteWhenReplaced } from '../kit/conversation-notes.js';
import { reminderFor } from './pending-question.js';
import { withLeadingLines } from './reply-with-lead.js';
import { describeRoles } from '../directory/role-names.js';
import { dropInapplicable, specForRoles, type FieldProblem, type FieldSpec } from '../kit/command-spec.js';

export interface ProceedOptions {
  /** what could not be used of the message, one line each, shown before the next question */
  problems?: FieldProblem[];
  /**
   * The question the person had open for something else. It stays (with one reminder line after the
   * answer) when this command needs no question of its own, and ends, saying what still stands,
   * when it does: one open question per person.
   */
  other?: StoredConversation;
}

/**
 * Takes a command as far as it can go: checks the role and the actor's right to the item, asks for
 * the first field that needs an answer (keeping every value understood), asks to confirm when part
 * of the message could not be used, or runs it.
 */
export async function proceedWithCommand(
  ctx: ActorContext,
  catalog: CommandCatalog,
  command: WorkflowCommand,
  typed: CommandDraft,
  options: ProceedOptions = {},
): Promise<void> {
  // a value that must not be kept (a 秘密 document's title) goes before the draft is stored or run
  const dropped = dropInapplicable(command.spec, typed);
  if (dropped.notes.length > 0) ctx.forgetTypedText?.();
  const draft = dropped.draft;
  // a field the sender must give depends on who they are (交办's 领导 for the office) and on what they typed
  const spec = specForRoles(command.spec, ctx.actor.roles, draft.values);
  const other = options.other?.command === spec.keyword ? undefined : options.other;
  const refuse = async (text: string): Promise<void> => {
    if (!other) await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply(text);
    if (other) await ctx.reply(reminderFor(other, catalog));
  };

  if (spec.roles && !spec.roles.some((role) => ctx.actor.roles.includes(role))) {
    await refuse(`「${spec.keyword}」只有${describeRoles(spec.roles)}可以使用。发送「帮助」查看您可以使用的命令。`);
    return;
  }
  let abandonedNote: string | undefined;
  if (command.authorize && (!spec.ref || draft.ref !== undefined)) {
    try {
      abandonedNote = (await command.authorize(ctx, completeCommand(spec, draft)))?.abandonedNote;
    } catch (error) {
      if (!isRefusal(error)) throw error;
      await refuse(error.userMessage);
      return;
    }
  }

  const problems = options.problems ?? [];
  const notes = [...dropped.notes, ...problems.map((problem) => problem.message)];
  const lead = [...(other ? [noteWhenReplaced(other)] : []), ...notes];
  const blocking = problems.find((problem) => problem.kind === 'missing_text');
  if (blocking) {
    await refuse([...problems.map((problem) => problem.message)].join('\n'));
    return;
  }

  const field = nextField(spec, draft);
  if (field) {
    await saveConversation(
      ctx.tx,
      ctx.orgId,
      ctx.actor.userId,
      { command: spec.keyword, ...draft, awaitingField: field.name, abandonedNote },
      ctx.clock.now(),
    );
    await ctx.reply([...lead, questionFor(shownField(field, catalog), ctx.directory)].join('\n'));
    return;
  }
  const isPartlyUnused = problems.some((problem) => problem.kind === 'unknown_field' || problem.kind === 'stray_text');
  if (isPartlyUnused && !spec.isReadOnly) {
    await saveConversation(
      ctx.tx,
      ctx.orgId,
      ctx.actor.userId,
      { command: spec.keyword, ...draft, awaitingField: CONFIRM_SUBMIT, abandonedNote },
      ctx.clock.now(),
    );
    await ctx.reply([...lead, '其余内容已记下。回复「是」按以上内容提交，回复「取消」放弃。'].join('\n'));
    return;
  }

  if (!other) await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
  const target = withLeadingLines(ctx, notes);
  await runRefusable(target, () => command.execute(target, completeCommand(spec, draft)));
  await target.flush();
  if (!other) return;
  // the command may itself have asked something (and so ended the other question): remind only if it stands
  const now = await loadConversation(ctx.tx, ctx.orgId, ctx.actor.userId, ctx.clock.now());
  if (isSameQuestion(now, other)) await ctx.reply(reminderFor(other, catalog));
}

/**
 * The reference question lists only the kinds of item this build ships (查询 takes S/F/Y/H/R, but
 * only Y exists today): a form example must name something that can exist.
 */
function shownField(field: FieldSpec, catalog: CommandCatalog): FieldSpec {
  if (field.name !== REFERENCE_FIELD) return field;
  const shipped = catalog.modules.flatMap((module) => module.refPrefixes);
  const prefixes = (field.refPrefixes ?? []).filter((prefix) => shipped.includes(prefix.toUpperCase()));
  return prefixes.length > 0 ? { ...field, refPrefixes: prefixes } : field;
}
