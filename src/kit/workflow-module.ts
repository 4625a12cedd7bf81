import type { CommandSpec, ParsedCommand } from './command-spec.js';
import type { ApprovalPresenter } from './approvals/approval-presenter.js';
import type { ActorContext, BaseContext } from './context.js';
import type { CardRecord } from './cards/card-record.js';
import type { BriefSection, BriefWeek } from './brief.js';
import type { PersonInfo } from '../directory/types.js';
import type { ItemTimer } from './item-timers.js';
import type { DocumentFileVersion } from './files/document-files.js';
import type { ArchiveRequest, SearchHit, SearchQuery } from './document-hooks.js';

export interface WorkflowCommand {
  spec: CommandSpec;
  /**
   * May the actor do this to `command.ref` at all? Called after the role check and before any
   * question is asked, so nobody is asked for a reason only to be refused (`取消 Y3` by someone
   * else). Throws a refusal; may return what still stands if the question that follows is abandoned
   * (「已放弃撤回，Y6 仍在审批中。」).
   */
  authorize?(ctx: ActorContext, command: ParsedCommand): Promise<{ abandonedNote?: string } | void>;
  /** runs once every required field is present and valid */
  execute(ctx: ActorContext, command: ParsedCommand): Promise<void>;
  /** a command whose reply comes in pages (我的待办): the page from `offset`, for 「更多」 */
  showPage?(ctx: ActorContext, offset: number): Promise<void>;
}

export type CardActionOutcome =
  /** applied: the card's buttons are replaced by `resultText` (e.g. '已同意 · 赵立 11-22 10:31') */
  | { kind: 'applied'; resultText: string }
  /** the decision needs words first: the bot has asked in chat; the card stays open meanwhile */
  | { kind: 'awaiting_reason' };

/**
 * A workflow (seal requests, documents, meetings, tasks) plugs into the router through this and
 * nothing else: the router, the card-tap handler, 我的待办 and 查询 stay unchanged when one is added.
 */
export interface WorkflowModule {
  /** stable id, stored on cards: 'seal' */
  id: string;
  /** the Chinese name in help and lists: '用印' */
  title: string;
  /** reference prefixes this workflow owns: ['Y'] */
  refPrefixes: string[];
  commands: WorkflowCommand[];
  /** a tap on one of this workflow's cards; the generic checks (known card, addressee, open) are done */
  onCardAction?(ctx: ActorContext, card: CardRecord, actionKey: string): Promise<CardActionOutcome>;
  /** may `userId` act on this card although it was addressed to someone else (e.g. a deputy)? */
  holdsCardStep?(ctx: ActorContext, card: CardRecord, userId: string): Promise<boolean>;
  /**
   * How the workflow's approvals reach their holders (cards, 我的待办 line, due time), for the
   * engine's hand-over and 转交, which act on any workflow's items.
   */
  approvalPresenter?(ctx: BaseContext, itemId: string, purpose: string): Promise<ApprovalPresenter>;
  /**
   * The workflow's part of a hand-over after the directory changed: its work items that are not
   * approval steps (a seal's keeper) re-resolved; returns how many moved.
   */
  handOver?(ctx: BaseContext): Promise<number>;
  /**
   * The workflow's section of the weekly brief (每周工作简报, spec 4) for `week`: its numbers and KPIs,
   * computed from its own rows. Undefined (or no hook) means no section: nothing is made up.
   */
  briefSection?(ctx: BaseContext, week: BriefWeek): Promise<BriefSection | undefined>;
  /**
   * The workflow's daily report to the office director for `day` (YYYY-MM-DD in the org's zone), as
   * WeCom markdown, after the day's closing work it implies (用印: filing the stamped requests).
   * Called once per day by the schedule, as the system actor; undefined sends nothing.
   */
  dailySummary?(ctx: BaseContext, day: string): Promise<string | undefined>;
  /**
   * One of the workflow's item timers fell due (kit/item-timers.ts: a meeting's notice, minutes
   * due): runs in the tick's transaction as the system, once.
   */
  onTimer?(ctx: BaseContext, timer: ItemTimer): Promise<void>;
  /** `查询 <ref>`: the state, holder, deadline and history as text, or undefined if no such item */
  statusView(ctx: ActorContext, ref: string): Promise<string | undefined>;
  /**
   * `转交 <ref> 给:…` for an item whose work is not an approval step (a task's owner): the workflow
   * checks who may hand it on and moves it. Without it, 转交 moves open approval steps only.
   */
  transfer?(ctx: ActorContext, ref: string, request: { to: PersonInfo; reason?: string }): Promise<void>;
  /**
   * `附件 <ref>`, and the file sent right after 收文/发文: may the actor attach a file to `ref` now?
   * Refuses (a 秘密/机密 item, someone else's, a state that takes no new file); returns the item's id.
   */
  mayAttach?(ctx: ActorContext, ref: string): Promise<{ itemId: string }>;
  /** the actor's file was stored as the item's newest version (kit/files): the workflow acts on it */
  onFileAttached?(ctx: ActorContext, file: DocumentFileVersion): Promise<void>;
  /** `归档 <ref>` (office, archivist): the 档号 allocated, category and retention recorded */
  archive?(ctx: ActorContext, ref: string, request: ArchiveRequest): Promise<void>;
  /** `查找 <words>` (档案检索): the workflow's items that match, only those the actor may see */
  search?(ctx: ActorContext, query: SearchQuery): Promise<SearchHit[]>;
  /** `取消 <ref>` by the requester */
  cancel?(ctx: ActorContext, ref: string, reason: string): Promise<void>;
  /**
   * May the actor withdraw `ref` now? Throws a refusal (no such item, not the requester, a state
   * that cannot be withdrawn); otherwise says what stands meanwhile: 'Y6 仍在审批中'.
   */
  mayCancel?(ctx: ActorContext, ref: string): Promise<{ standing: string }>;
  /** the newest item the actor applied for or must act on, for examples in 帮助 that name a real reference */
  newestRef?(ctx: ActorContext): Promise<string | undefined>;
  /** extra lines for `帮助 <title>` */
  helpText?: string;
  /**
   * The workflow's own words for what it stores: a state or card state (`in_approval`, `in_approval:0`)
   * and an audited action (`approve`), in Chinese; undefined for a name it does not know. Used where
   * stored names are shown to people (the simulator's inspection panel).
   */
  describe?: { state(state: string): string | undefined; action(action: string): string | undefined };
  /**
   * Answers to questions the workflow asked in chat (see askInChat in src/commands/ask-in-chat.ts),
   * by continuation name; `answer` is undefined when the person replied 跳过.
   */
  continuations?: Record<
    string,
    (ctx: ActorContext, context: Record<string, string>, answer: string | undefined) => Promise<void>
  >;
}
