import { runRefusable } from '../kit/run-refusable.js';
import type { ActorContext } from '../kit/context.js';
import { isNoWord, isSkipWord, isYesWord } from './answer-words.js';
import type { CommandCatalog } from './command-catalog.js';
import { draftFromConversation, draftFromParsed } from './command-draft.js';
import { clearConversation, saveConversation, type StoredConversation } from '../kit/conversation-store.js';
import { questionFor } from './parse/describe-field.js';
import { parseCommand } from './parse/parse-command.js';
import { parseFieldValue } from './parse/parse-field-value.js';
import { REFERENCE_FIELD, fieldNamed } from './parse/reference-field.js';
import { CONFIRM_SUBMIT, CONFIRM_TYPO, isWorkflowQuestion, noteWhenCancelled } from '../kit/conversation-notes.js';
import { proceedWithCommand } from './proceed-with-command.js';
import { specForRoles } from '../kit/command-spec.js';

/**
 * The person's message answers their open question: a field, a confirmation, or a workflow's
 * question. A wrong answer is explained and the question asked again; nothing typed before is lost.
 */
export async function continueConversation(
  ctx: ActorContext,
  catalog: CommandCatalog,
  pending: StoredConversation,
  text: string,
): Promise<void> {
  if (isWorkflowQuestion(pending)) {
    await answerWorkflowQuestion(ctx, catalog, pending, text);
    return;
  }
  const command = catalog.byKeyword(pending.command);
  const field = command
    ? fieldNamed(specForRoles(command.spec, ctx.actor.roles, pending.values), pending.awaitingField)
    : undefined;
  const keep = (): Promise<void> => saveConversation(ctx.tx, ctx.orgId, ctx.actor.userId, pending, ctx.clock.now());
  if (!command) {
    // a command this build no longer has (an upgrade in between): say so rather than guess
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply(`「${pending.command}」已不能使用，您上次的操作已放弃，没有做任何更改。发送「帮助」查看全部命令。`);
    return;
  }
  const draft = draftFromConversation(pending);

  if (pending.awaitingField === CONFIRM_SUBMIT || pending.awaitingField === CONFIRM_TYPO) {
    if (isNoWord(text)) {
      await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
      await ctx.reply(noteWhenCancelled(pending));
      return;
    }
    if (!isYesWord(text)) {
      await keep();
      await ctx.reply(
        pending.awaitingField === CONFIRM_SUBMIT
          ? `请回复「是」提交「${pending.command}」，或回复「取消」放弃。`
          : `请回复「是」继续「${pending.command}」，或回复「取消」放弃。`,
      );
      return;
    }
    if (pending.awaitingField === CONFIRM_SUBMIT) {
      await proceedWithCommand(ctx, catalog, command, { ...draft, recheck: [] });
      return;
    }
    // 「是」 to 「您是要「用印」吗？」: everything typed after the misspelt keyword is read as that command
    const parsed = parseCommand(pending.freeText, command.spec, {
      directory: ctx.directory,
      now: ctx.clock.now(),
      timezone: ctx.timezone,
    });
    await proceedWithCommand(ctx, catalog, command, draftFromParsed(parsed), { problems: parsed.problems });
    return;
  }

  if (!field) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply(`您上次的「${pending.command}」已放弃，没有做任何更改。请重新发送完整的命令。`);
    return;
  }
  if (isSkipWord(text)) {
    if (field.required) {
      await keep();
      await ctx.reply(`「${field.name}」必须填写，不能跳过。\n${questionFor(field, ctx.directory)}`);
      return;
    }
    await proceedWithCommand(ctx, catalog, command, {
      ...draft,
      recheck: draft.recheck.filter((name) => name !== field.name),
    });
    return;
  }
  const answer = parseFieldValue(field, text, {
    directory: ctx.directory,
    now: ctx.clock.now(),
    timezone: ctx.timezone,
  });
  if ('problem' in answer) {
    await keep();
    await ctx.reply(`${answer.problem}\n${questionFor(field, ctx.directory)}`);
    return;
  }
  const recheck = draft.recheck.filter((name) => name !== field.name);
  const answered =
    field.name === REFERENCE_FIELD
      ? { ...draft, ref: String(answer.value), recheck }
      : { ...draft, values: { ...draft.values, [field.name]: answer.value }, recheck };
  await proceedWithCommand(ctx, catalog, command, answered);
}

/** The answer to a workflow's question (a rejection reason): the workflow checks the state again. */
async function answerWorkflowQuestion(
  ctx: ActorContext,
  catalog: CommandCatalog,
  pending: StoredConversation,
  text: string,
): Promise<void> {
  const [workflowId, continuationName] = pending.command.slice(1).split('.') as [string, string];
  const handler = catalog.moduleById(workflowId)?.continuations?.[continuationName];
  const context = pending.context ?? {};
  const keep = (): Promise<void> => saveConversation(ctx.tx, ctx.orgId, ctx.actor.userId, pending, ctx.clock.now());
  if (!handler) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply('这个问题已不需要回答，没有做任何更改。');
    return;
  }
  const isSkip = isSkipWord(text);
  if (isSkip && context.isSkippable !== '1') {
    await keep();
    await ctx.reply('这里需要填写内容，不能跳过。请直接回复文字，或回复「取消」放弃。');
    return;
  }
  if (!isSkip && !text) {
    await keep();
    await ctx.reply('请直接回复文字说明，或回复「取消」放弃。');
    return;
  }
  await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
  await runRefusable(ctx, () => handler(ctx, context, isSkip ? undefined : text));
}
