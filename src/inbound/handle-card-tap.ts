import { clip } from '../shared/text.js';
import type { CommandCatalog } from '../commands/command-catalog.js';
import { isSameQuestion, loadConversation } from '../kit/conversation-store.js';
import { reminderFor } from '../commands/pending-question.js';
import { runRefusable } from '../kit/run-refusable.js';
import type { ActorContext } from '../kit/context.js';
import type { CardRecord } from '../kit/cards/card-record.js';
import { closeCard } from '../kit/cards/close-card.js';

export interface CardTap {
  taskId: string;
  /** the button's key: the action */
  actionKey: string;
  /** the fresh single-use code this click brought (NOTES §3) */
  responseCode?: string;
}

/**
 * A tap on a card (spec 2.6). In the event's transaction: the card must be known and ours, the
 * tapper must be its addressee (or hold its step), and it must still be open; then the workflow
 * checks the item's state and applies the transition, and the card is answered in place. A second
 * tap, a stale card or someone else's tap changes nothing and gets one line of explanation.
 */
export async function handleCardTap(ctx: ActorContext, catalog: CommandCatalog, tap: CardTap): Promise<void> {
  const pending = await loadConversation(ctx.tx, ctx.orgId, ctx.actor.userId, ctx.clock.now());
  await answerTap(ctx, catalog, tap);
  // A question the person had open before the tap stays open: say so, as after a command (unless
  // the tap itself asked something, which ended it and said what still stands).
  if (!pending || pending.isExpired) return;
  if (isSameQuestion(await loadConversation(ctx.tx, ctx.orgId, ctx.actor.userId, ctx.clock.now()), pending))
    await ctx.reply(reminderFor(pending, catalog));
}

async function answerTap(ctx: ActorContext, catalog: CommandCatalog, tap: CardTap): Promise<void> {
  // Locking the card serialises concurrent taps and WeCom's retries of one tap. The item's other open
  // cards are locked with it, in task-id order as everywhere (kit/cards/close-card.ts lockCardsThenItem):
  // a decision may close them (an any-of step's other holders), and two holders tapping at once must
  // queue, not deadlock.
  const rows = await ctx.tx.$queryRaw<{ task_id: string }[]>`
    SELECT c.task_id FROM card c
      JOIN card tapped ON tapped.task_id = ${tap.taskId} AND tapped.org_id = ${ctx.orgId}
     WHERE c.org_id = tapped.org_id AND c.workflow = tapped.workflow AND c.item_id = tapped.item_id
       AND (c.status = 'open' OR c.task_id = tapped.task_id)
     ORDER BY c.task_id FOR UPDATE OF c`;
  if (!rows.some((row) => row.task_id === tap.taskId)) {
    await ctx.reply('这张卡片已失效或不属于本系统，无法操作。发送「我的待办」查看待处理事项。');
    return;
  }
  const card = (await ctx.tx.card.findUniqueOrThrow({ where: { taskId: tap.taskId } })) as CardRecord;
  const module = catalog.moduleById(card.workflow);
  if (!module?.onCardAction) {
    await ctx.reply(`${card.itemRef} 的这张卡片已无法操作。`);
    return;
  }

  const isAddressee = card.addresseeId === ctx.actor.userId;
  if (!isAddressee && !(await module.holdsCardStep?.(ctx, card, ctx.actor.userId))) {
    const addressee = ctx.directory.person(card.addresseeId)?.name ?? card.addresseeId;
    await ctx.reply(`${card.itemRef} 的这一步由${addressee}处理，您不能代为操作。`);
    return;
  }
  // The click's code updates the addressee's card; kept only once the tap is theirs, so a foreign
  // tap can never replace it with a code that would update someone else's copy.
  const hasFreshCode = Boolean(tap.responseCode && isAddressee);
  if (hasFreshCode) {
    await ctx.tx.card.update({ where: { taskId: tap.taskId }, data: { responseCode: tap.responseCode } });
  }
  // the click's code is good for 72 hours from now, however old the card (DOC 94888)
  const codeIssuedAt = hasFreshCode ? { codeIssuedAt: ctx.clock.now() } : {};
  if (card.status !== 'open') {
    // the card's stamp says who decided (已由王芳同意): a late tap is told, not only refused
    const stamp = card.resultText ? `（${card.resultText}）` : '';
    // a card closed by a refused tap already says 「已失效：…」: not 「已失效（已失效：…）」
    const outcome =
      card.status === 'answered'
        ? `已处理${stamp}`
        : card.resultText?.startsWith('已失效')
          ? card.resultText
          : `已失效${stamp}`;
    await ctx.reply(`${card.itemRef} 的这张卡片${outcome}，不能再次操作。发送「查询 ${card.itemRef}」查看当前状态。`);
    return;
  }

  const onCardAction = module.onCardAction.bind(module);
  await runRefusable(
    ctx,
    async () => {
      const outcome = await onCardAction(ctx, card, tap.actionKey);
      if (outcome.kind === 'applied') await closeCard(ctx, card, 'answered', outcome.resultText, codeIssuedAt);
    },
    {
      afterRefusal: async (refused) => {
        if (refused.isCardStale)
          await closeCard(ctx, card, 'stale', clip(`已失效：${refused.userMessage}`, 40), codeIssuedAt);
      },
    },
  );
}
