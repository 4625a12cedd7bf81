import type { Tx } from '../db/prisma.js';
import type { CommandSpec, ParsedCommand } from '../commands/types.js';
import type { Directory, PersonInfo } from '../directory/types.js';
import type { Clock } from '../shared/clock.js';
import type { CardRecord } from '../cards/card-record.js';

/**
 * What a handler gets: the transaction every write goes through (state change, outbox message,
 * audit record commit together or not at all), the organisation's directory, the clock, and the
 * person acting — already looked up and known to be in the directory.
 */
export interface HandlerContext {
  tx: Tx;
  orgId: string;
  timezone: string;
  directory: Directory;
  clock: Clock;
  actor: PersonInfo;
  /** sends the actor a text reply (through the outbox, in this transaction) */
  reply(text: string): Promise<void>;
}

export interface WorkflowCommand {
  spec: CommandSpec;
  /** runs once every required field is present and valid */
  execute(ctx: HandlerContext, command: ParsedCommand): Promise<void>;
}

/** One line of 我的待办: something waiting on a person. */
export interface TodoItem {
  ref: string;
  /** e.g. '用印审批：报送区教育局的年度报告（3份，校章）' */
  summary: string;
  /** when it started waiting on this person; the list is oldest first */
  waitingSince: Date;
  deadline?: Date;
}

export type CardActionOutcome =
  /** applied: the card's buttons are replaced by `resultText` (e.g. '已同意 · 赵立 11-22 10:31') */
  | { kind: 'applied'; resultText: string }
  /** the decision needs words first: the bot has asked in chat; the card stays open meanwhile */
  | { kind: 'awaiting_reason' }
  /** nothing changed: `explanation` is the one line the tapper reads */
  | { kind: 'refused'; explanation: string; markCardStale?: boolean };

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
  onCardAction?(ctx: HandlerContext, card: CardRecord, actionKey: string): Promise<CardActionOutcome>;
  /** may `userId` act on this card although it was addressed to someone else (e.g. a deputy)? */
  holdsCardStep?(ctx: HandlerContext, card: CardRecord, userId: string): Promise<boolean>;
  todoItems(ctx: HandlerContext, userId: string): Promise<TodoItem[]>;
  /** `查询 <ref>`: the state, holder, deadline and history as text, or undefined if no such item */
  statusView(ctx: HandlerContext, ref: string): Promise<string | undefined>;
  /** `取消 <ref>` by the requester */
  cancel?(ctx: HandlerContext, ref: string, reason: string): Promise<void>;
  /** extra lines for `帮助 <title>` */
  helpText?: string;
  /**
   * Answers to questions the workflow asked in chat (see askInChat in src/commands/ask-in-chat.ts),
   * by continuation name; `answer` is undefined when the person replied 跳过.
   */
  continuations?: Record<string, (ctx: HandlerContext, context: Record<string, string>, answer: string | undefined) => Promise<void>>;
}
