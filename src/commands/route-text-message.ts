import { clip } from '../shared/text.js';
import { runRefusable } from '../workflows/run-refusable.js';
import type { HandlerContext, WorkflowCommand } from '../workflows/types.js';
import type { CommandCatalog } from './command-catalog.js';
import { clearConversation, loadConversation, saveConversation, type StoredConversation } from './conversation-store.js';
import { questionFor } from './parse/describe-field.js';
import { matchCommand } from './parse/match-command.js';
import { parseCommand } from './parse/parse-command.js';
import { parseFieldValue } from './parse/parse-field-value.js';
import { suggestCommands } from './parse/suggest-commands.js';
import { describeRoles } from './role-names.js';
import type { ParsedCommand } from './types.js';

const CANCEL_WORDS = new Set(['取消', 'cancel']);
const SKIP_WORDS = new Set(['跳过', 'skip']);

/**
 * A text message from a known person: continue the question they are answering, or run the
 * command they typed, or say what we did not understand. Whatever happens they get a reply
 * (spec 2.5: nothing a person types is silently dropped).
 */
export async function routeTextMessage(ctx: HandlerContext, catalog: CommandCatalog, rawText: string): Promise<void> {
  const text = rawText.trim();
  const now = ctx.clock.now();
  let conversation = await loadConversation(ctx.tx, ctx.orgId, ctx.actor.userId, now);
  let expiredCommand: string | undefined;
  if (conversation?.isExpired) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    expiredCommand = displayName(conversation.command);
    conversation = undefined;
  }

  if (conversation && CANCEL_WORDS.has(text.toLowerCase())) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply(`已取消「${displayName(conversation.command)}」，没有做任何更改。`);
    return;
  }

  const matched = text ? matchCommand(text, catalog.specs) : undefined;
  if (conversation && !matched) {
    await continueConversation(ctx, catalog, conversation, text);
    return;
  }
  if (!matched) {
    if (expiredCommand) {
      await ctx.reply(`您上次的「${expiredCommand}」超过 10 分钟没有回答，已自动放弃，没有做任何更改。请重新发送完整的命令。`);
      return;
    }
    await replyNotUnderstood(ctx, catalog, text);
    return;
  }
  if (conversation && !conversation.command.startsWith('~')) {
    // A new command replaces an unfinished one; a pending reason request stays open (spec 2.6).
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply(`（未完成的「${conversation.command}」已放弃）`);
  }
  const command = catalog.byKeyword(matched.spec.keyword)!;
  const parsed = fillFromFreeText(parseCommand(matched.rest, matched.spec, { directory: ctx.directory, now, timezone: ctx.timezone }));
  await proceed(ctx, command, parsed);
}

/** Checks the role, reports problems, asks for the first missing field, or executes. */
async function proceed(ctx: HandlerContext, command: WorkflowCommand, parsed: ParsedCommand): Promise<void> {
  const { spec } = command;
  if (spec.roles && !spec.roles.some((role) => ctx.actor.roles.includes(role))) {
    await ctx.reply(`「${spec.keyword}」只有${describeRoles(spec.roles)}可以使用。发送「帮助」查看您可以使用的命令。`);
    return;
  }
  if (parsed.problems.length > 0) {
    const lines = parsed.problems.map((problem) => `· ${problem.message}`);
    await ctx.reply(`「${spec.keyword}」没有完成：\n${lines.join('\n')}\n请修改后重新发送。例如：${spec.example}`);
    return;
  }
  const nextMissing = parsed.missing[0];
  if (nextMissing) {
    await saveConversation(
      ctx.tx,
      ctx.orgId,
      ctx.actor.userId,
      { command: spec.keyword, ref: parsed.ref, freeText: parsed.freeText, values: parsed.values, awaitingField: nextMissing.name },
      ctx.clock.now(),
    );
    await ctx.reply(questionFor(nextMissing));
    return;
  }
  await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
  await runRefusable(ctx, () => command.execute(ctx, parsed));
}

async function continueConversation(ctx: HandlerContext, catalog: CommandCatalog, conversation: StoredConversation, text: string): Promise<void> {
  if (conversation.command.startsWith('~')) {
    await continueWorkflowQuestion(ctx, catalog, conversation, text);
    return;
  }
  const command = catalog.byKeyword(conversation.command);
  if (!command) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await replyNotUnderstood(ctx, catalog, text);
    return;
  }
  const field = command.spec.fields.find((candidate) => candidate.name === conversation.awaitingField);
  if (!field) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    return;
  }
  const answer = parseFieldValue(field, text, { directory: ctx.directory, now: ctx.clock.now(), timezone: ctx.timezone });
  if ('problem' in answer) {
    await saveConversation(ctx.tx, ctx.orgId, ctx.actor.userId, conversation, ctx.clock.now());
    await ctx.reply(`${answer.problem}\n${questionFor(field)}`);
    return;
  }
  const values = { ...conversation.values, [field.name]: answer.value };
  const missing = command.spec.fields.filter((candidate) => candidate.required && values[candidate.name] === undefined);
  await proceed(ctx, command, { spec: command.spec, ref: conversation.ref, freeText: conversation.freeText, values, missing, problems: [] });
}

async function continueWorkflowQuestion(ctx: HandlerContext, catalog: CommandCatalog, conversation: StoredConversation, text: string): Promise<void> {
  const [workflowId, continuationName] = conversation.command.slice(1).split('.') as [string, string];
  const handler = catalog.moduleById(workflowId)?.continuations?.[continuationName];
  const context = conversation.context ?? {};
  await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
  if (!handler) return;
  const isSkip = SKIP_WORDS.has(text.toLowerCase());
  if (isSkip && context.isSkippable !== '1') {
    await saveConversation(ctx.tx, ctx.orgId, ctx.actor.userId, conversation, ctx.clock.now());
    await ctx.reply('这里需要填写内容，不能跳过。请直接回复文字，或回复「取消」放弃。');
    return;
  }
  if (!isSkip && !text) {
    await saveConversation(ctx.tx, ctx.orgId, ctx.actor.userId, conversation, ctx.clock.now());
    await ctx.reply('请直接回复文字说明，或回复「取消」放弃。');
    return;
  }
  await runRefusable(ctx, () => handler(ctx, context, isSkip ? undefined : text));
}

async function replyNotUnderstood(ctx: HandlerContext, catalog: CommandCatalog, text: string): Promise<void> {
  const suggestions = text ? suggestCommands(text, catalog.specs, 3) : [];
  const hint = suggestions.length > 0 ? `您是不是想用：${suggestions.map((spec) => `「${spec.keyword}」`).join('、')}？\n` : '';
  const shown = clip(text, 21);
  await ctx.reply(`没有看懂「${shown}」。\n${hint}发送「帮助」查看全部命令和示例。`);
}

/** A field marked fromFreeText takes the free text when it was not given by name. */
function fillFromFreeText(parsed: ParsedCommand): ParsedCommand {
  const field = parsed.spec.fields.find((candidate) => candidate.fromFreeText && parsed.values[candidate.name] === undefined);
  if (!field || !parsed.freeText) return parsed;
  return {
    ...parsed,
    values: { ...parsed.values, [field.name]: parsed.freeText },
    missing: parsed.missing.filter((candidate) => candidate.name !== field.name),
  };
}

function displayName(command: string): string {
  return command.startsWith('~') ? '当前操作' : command;
}
