import type { GivenApproval } from './approvals/plan-approval.js';
import type { BaseContext } from './context.js';

/**
 * What one workflow does for another, in the caller's transaction (workflows never import each
 * other: the app hands these to the workflows that need them). 发文 opens the seal request of a
 * signed-off document; a meeting will create the tasks its decisions name.
 */
export interface SealOffers {
  /**
   * Opens a seal request made for another item (`forRef`, linked both ways): the approvals already
   * given there count (`given`), so a 签发 by the principal is not asked for again. The applicant
   * is told. Refuses as `用印` would (a suspended seal, a step nobody holds).
   */
  openSealRequestFor(ctx: BaseContext, request: SealRequestFor): Promise<{ ref: string; waitingOn: string[] }>;
}

export interface SealRequestFor {
  forRef: string;
  applicantId: string;
  purpose: string;
  document: string;
  copies: number;
  /** the seal's id, name or alias */
  seal: string;
  plannedAt?: Date | null;
  given: readonly GivenApproval[];
}
