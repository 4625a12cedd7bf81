import type { ApprovalProgress } from '../../kit/approvals/index.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { documentLabel } from './describe-outgoing.js';
import { stateForStep, type OutgoingEvent, type OutgoingState } from './outgoing-machine.js';
import { waitingText } from './outgoing-approval.js';
import { issueDocument } from './sign-off.js';
import {
  moveDocument,
  stateOf,
  type DocumentChange,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

/** The transition that takes a document from `current` into the state of the step now open. */
function eventInto(target: OutgoingState, current: OutgoingState): OutgoingEvent {
  if (target === 'reviewing') return current === 'returned' ? 'resubmit' : 'submit';
  if (target === 'cosigning') return current === 'cosigning' ? 'cosign' : 'to_cosign';
  return 'to_signoff';
}

/** What just happened, for the drafter (`lead`: 「杨雪核稿同意」) and the history (`note`: 「教务处同意」). */
export interface ApprovalChange {
  data?: DocumentChange;
  lead: string;
  note?: string;
  via?: 'card';
}

/**
 * Moves the document as its approval moved (spec 3.3): into the state of the step now open (the
 * engine gave its holders their cards with the file beside them; the drafter is told), or, with
 * every step approved, to its sign-off. A 退回 is not followed here.
 */
export async function followApproval(
  ctx: BaseContext,
  offers: OutgoingOffers,
  document: OutgoingDocument,
  progress: ApprovalProgress,
  change: ApprovalChange,
): Promise<OutgoingDocument> {
  if (progress.outcome === 'approved') return issueDocument(ctx, offers, document, change);
  if (progress.outcome !== 'waiting') return document;
  const names = waitingText(ctx, progress);
  const next = progress.isNewStep ? `等待${names}${progress.step.name}` : `还需${names}`;
  const moved = await moveDocument(
    ctx,
    document,
    eventInto(stateForStep(progress.step.name), stateOf(document)),
    change.data,
    {
      comment: [change.note, next].filter(Boolean).join('；'),
      ...(change.via ? { via: change.via } : {}),
    },
  );
  if (!progress.isNewStep) return moved;
  if (!hasActor(ctx) || ctx.actor.userId !== moved.drafterId)
    await tell(
      ctx,
      moved.drafterId,
      `${documentLabel(moved)}：${change.lead}，现在等待${names}${progress.step.name}。`,
    );
  return moved;
}
