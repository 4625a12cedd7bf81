import { clip, cleanTypedText } from '../shared/text.js';
import type { ActorContext } from '../kit/context.js';
import { isCancelWord } from './answer-words.js';
import type { CommandCatalog } from './command-catalog.js';
import { draftFromParsed } from './command-draft.js';
import { continueConversation } from './continue-conversation.js';
import {
  clearConversation,
  loadConversation,
  saveConversation,
  type StoredConversation,
} from '../kit/conversation-store.js';
import { findTypo } from './parse/find-typo.js';
import { matchCommand, type CommandMatch } from './parse/match-command.js';
import { parseCommand } from './parse/parse-command.js';
import { suggestCommands } from './parse/suggest-commands.js';
import { CONFIRM_TYPO, noteWhenCancelled, noteWhenExpired } from '../kit/conversation-notes.js';
import { proceedWithCommand } from './proceed-with-command.js';
import { withLeadingLines } from './reply-with-lead.js';

/**
 * A text message from a known person: answer their open question, or run the command they typed,
 * or say what we did not understand. Whatever happens they get a reply (spec 2.5: nothing a person
 * types is silently dropped). The text is cleaned once, here: no control or bidi character reaches
 * a reply, a card or a stored field.
 */
export async function routeTextMessage(ctx: ActorContext, catalog: CommandCatalog, rawText: string): Promise<void> {
  const text = cleanTypedText(rawText).trim();
  let pending = await loadConversation(ctx.tx, ctx.orgId, ctx.actor.userId, ctx.clock.now());
  let expired: StoredConversation | undefined;
  if (pending?.isExpired) {
    await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    expired = pending;
    pending = undefined;
  }

  // the bare word ends the open question; `取消 Y3 …` (with a reference) is the 取消 command
  if (isCancelWord(text)) {
    if (pending) await clearConversation(ctx.tx, ctx.orgId, ctx.actor.userId);
    await ctx.reply(
      pending
        ? noteWhenCancelled(pending)
        : expired
          ? noteWhenExpired(expired)
          : '现在没有进行中的操作，不需要取消。要撤回已提交的申请，请发送「取消 编号 原因:…」。',
    );
    return;
  }
  const matched = text ? matchCommand(text, catalog.specs) : undefined;
  if (pending && !matched) {
    await continueConversation(ctx, catalog, pending, text);
    return;
  }
  if (matched) {
    await runMatched(ctx, catalog, matched, { other: pending });
    return;
  }
  if (expired) {
    await ctx.reply(noteWhenExpired(expired));
    return;
  }
  const typo = text ? findTypo(text, catalog.specs) : undefined;
  if (typo) {
    await answerTypo(ctx, catalog, typo);
    return;
  }
  await replyNotUnderstood(ctx, catalog, text);
}

async function runMatched(
  ctx: ActorContext,
  catalog: CommandCatalog,
  matched: CommandMatch,
  options: { other?: StoredConversation },
): Promise<void> {
  const command = catalog.byKeyword(matched.spec.keyword)!;
  const parsed = parseCommand(matched.rest, matched.spec, {
    directory: ctx.directory,
    now: ctx.clock.now(),
    timezone: ctx.timezone,
  });
  await proceedWithCommand(ctx, catalog, command, draftFromParsed(parsed), { problems: parsed.problems, ...options });
}

/**
 * A keyword one letter off. Reading (我的代办, 查寻) is harmless: it runs, saying which command it
 * took. A change (用引) is confirmed first, keeping the whole message for when the person says 是.
 */
async function answerTypo(ctx: ActorContext, catalog: CommandCatalog, typo: CommandMatch): Promise<void> {
  const { keyword } = typo.spec;
  if (typo.spec.isReadOnly) {
    const lead = withLeadingLines(ctx, [`（按「${keyword}」处理）`]);
    await runMatched(lead, catalog, typo, {});
    await lead.flush();
    return;
  }
  await saveConversation(
    ctx.tx,
    ctx.orgId,
    ctx.actor.userId,
    { command: keyword, freeText: typo.rest, values: {}, awaitingField: CONFIRM_TYPO },
    ctx.clock.now(),
  );
  await ctx.reply(`您是要「${keyword}」吗？回复「是」继续，回复「取消」放弃。`);
}

async function replyNotUnderstood(ctx: ActorContext, catalog: CommandCatalog, text: string): Promise<void> {
  if (!text) {
    await ctx.reply('没有收到文字内容。发送「帮助」查看全部命令和示例。');
    return;
  }
  const suggestions = suggestCommands(text, catalog.specs, 3);
  const hint =
    suggestions.length > 0 ? `您是不是想用：${suggestions.map((spec) => `「${spec.keyword}」`).join('、')}？\n` : '';
  await ctx.reply(`没有看懂「${clip(text, 21)}」。\n${hint}发送「帮助」查看全部命令和示例。`);
}
