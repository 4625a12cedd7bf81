import type { Tx } from '../db/prisma.js';
import type { Directory, PersonInfo } from '../directory/types.js';
import type { Via } from '../db/row-states.js';
import type { Clock } from '../shared/clock.js';

/**
 * What any workflow code gets: the transaction every write goes through (state change, outbox
 * message, audit record commit together or not at all), the organisation, its time zone and
 * directory, and the clock. Schedules run on this alone; they act as the system actor
 * ({@link SYSTEM_ACTOR}), whom the audit shows as 校办助手.
 */
export interface BaseContext {
  tx: Tx;
  orgId: string;
  timezone: string;
  directory: Directory;
  clock: Clock;
}

export type { Via };

/** A person acting: known to be in the directory; `reply` answers them through the outbox. */
export interface ActorContext extends BaseContext {
  actor: PersonInfo;
  /** a command (text) or a card tap */
  via: Via;
  /** sends the actor a text reply (through the outbox, in this transaction) */
  reply(text: string): Promise<void>;
  /**
   * What the actor typed in this message must not be kept (spec 2.6, 保密法: a 秘密/机密 document's
   * title or words): the message's own record (inbound_event) keeps no copy of its text once the
   * event commits. Absent where no message stands behind the context.
   */
  forgetTypedText?(): void;
}

export function hasActor(ctx: BaseContext): ctx is ActorContext {
  return 'actor' in ctx;
}
