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
  /**
   * Withdraws a seal request opened for another item that was cancelled (a 发文 cancelled after
   * sign-off), as the applicant's 取消 would: its cards closed, whoever had one told. One already
   * stamped or closed is left as it is: says where it stands.
   */
  cancelSealRequestFor(ctx: BaseContext, request: { ref: string; reason: string }): Promise<SealRequestStatus>;
  /** Where a seal request stands, for the item it was opened for (its 查询, 分发); undefined if none. */
  sealRequestStatus(ctx: BaseContext, ref: string): Promise<SealRequestStatus | undefined>;
}

export interface SealRequestStatus {
  /** the state as people read it: 审批中, 已用印 */
  label: string;
  /** the keeper recorded the stamping */
  isStamped: boolean;
  /** still waiting for an approval or the keeper */
  isOpen: boolean;
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

/**
 * What the task workflow does for others: a meeting's 决议 or a leader's 批示 on a document becomes
 * a tracked task (spec 3.4, 3.2), linked to its source both ways, its owner given the card.
 */
export interface TaskOffers {
  /** Refuses as 交办 would (an owner who left, a deadline past, the owner being the assigner). */
  createTaskFrom(ctx: BaseContext, task: TaskFrom): Promise<{ ref: string }>;
  /**
   * The tasks made from these items (a meeting's 决议), oldest first, as the source's 查询 and its
   * ledger show them: the 会议台账's 议定事项, 责任部门 and 落实情况.
   */
  tasksFrom(ctx: BaseContext, sourceRefs: readonly string[]): Promise<TaskFromSource[]>;
}

/** A task as its source shows it; a 秘密/机密 task shows no content. */
export interface TaskFromSource {
  ref: string;
  sourceRef: string;
  /** 内容, or 涉密事项 */
  content: string;
  ownerId: string;
  /** 牵头部门 */
  departmentId: string;
  dueAt: Date;
  /** 落实情况 as people read it: 办理中, 已验收办结, 办理中（已逾期2个工作日） */
  standing: string;
  /** verified or withdrawn: nothing more will be done on it (a meeting whose decisions all are is 办结) */
  isSettled: boolean;
}

export interface TaskFrom {
  /** the item it comes from: H3, S12 */
  sourceRef: string;
  sourceKind: 'meeting' | 'document';
  /** 事项来源 in the 督办台账, e.g. 'H3 校长办公会决议' */
  sourceLabel: string;
  content: string;
  acceptance?: string | null;
  ownerId: string;
  helperIds?: readonly string[];
  /** who verifies: the meeting's 主持, the instructing leader */
  assignerId: string;
  /** who typed it, when not the assigner (the meeting's recorder) */
  recordedBy?: string;
  dueAt: Date;
  secrecy?: '普通' | '秘密' | '机密';
}
