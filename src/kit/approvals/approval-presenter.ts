import type { Card } from '../../outbox/card.js';
import type { BaseContext } from '../context.js';
import type { CardToSend } from '../cards/send-card.js';
import type { WorkItemFacts } from '../work-items.js';
import type { ApprovalRecord, StepRecord } from './approval-records.js';

/** What a step's card shows about the approval so far. */
export interface StepFacts {
  itemRef: string;
  round: number;
  /** 1-based, of `total` steps in this round */
  number: number;
  total: number;
  name: string;
  mode: StepRecord['mode'];
  /** approvals given so far in this round, oldest first (including those given elsewhere) */
  approvals: { userId: string; at: Date }[];
}

/**
 * How a workflow shows its approval to the people who hold a step: the card each holder gets (its
 * buttons are the workflow's, its keys come back to the workflow's onCardAction), the line in their
 * 我的待办, and when the step is due. The engine decides who gets them and when.
 */
export interface ApprovalPresenter {
  card(step: StepFacts, holderId: string): Card;
  workItem: WorkItemFacts;
  /** the 我的待办 line of one step, where steps read differently (发文: 核稿, 会签, 签发); default `workItem` */
  workItemFor?(step: StepFacts): WorkItemFacts;
  /** when a step must be decided by (a seal's planned use time); undefined: no due time */
  dueAt?: Date | null;
  /** a 秘密/机密 item's cards show only its reference, 密级 and deadline (spec 2.6) */
  secrecy?: CardToSend['secrecy'];
  /**
   * What goes beside each holder's card, right after it (a document's file, spec 3.2): whenever the
   * step reaches someone — when it opens, and when it moves to another holder (转交, hand-over).
   */
  besideCard?(ctx: BaseContext, holderUserId: string): Promise<void>;
}

/** Looks up a workflow's presenter for one of its items (hand-over and 转交 reach every workflow). */
export type PresenterLookup = (ctx: BaseContext, approval: ApprovalRecord) => Promise<ApprovalPresenter>;

export function stepFacts(approval: ApprovalRecord, step: StepRecord): StepFacts {
  const approvals = approval.steps
    .flatMap((each) => each.holders)
    .filter((holder) => holder.state === 'approved' && holder.decidedAt !== null)
    .map((holder) => ({ userId: holder.decidedBy ?? holder.userId, at: holder.decidedAt! }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    itemRef: approval.itemRef,
    round: approval.round,
    number: step.position + 1,
    total: approval.steps.length,
    name: step.name,
    mode: step.mode,
    approvals,
  };
}
