import type { WorkItemKind } from '../../db/row-states.js';
import type { BaseContext } from '../../kit/context.js';
import { closeWorkItems, openWorkItem } from '../../kit/work-items.js';
import { workItemFacts } from './describe-incoming.js';
import { INCOMING_WORKFLOW_ID, type IncomingDocument } from './incoming-store.js';

/**
 * What waits on whom for a document, besides the leader's 签批 (an engine approval): the office's
 * 拟办 and the start of 传阅, each reader's 已阅, the lead department's 反馈 and 办结. Each has its
 * due time on the working-day calendar, so the overdue scan, 催办 and escalation need no code here.
 */
type DocumentWorkKind = Extract<
  WorkItemKind,
  'doc_proposal' | 'doc_circulation' | 'doc_reading' | 'doc_feedback' | 'doc_completion'
>;

const ACTIONS: Record<DocumentWorkKind, string> = {
  doc_proposal: '收文拟办',
  doc_circulation: '发起传阅',
  doc_reading: '传阅阅知',
  doc_feedback: '收文办理反馈',
  doc_completion: '收文办结',
};

export async function openDocumentWork(
  ctx: BaseContext,
  document: IncomingDocument,
  work: {
    kind: DocumentWorkKind;
    holderId: string;
    dueAt: Date;
    /** default the document itself: one open item of a kind per document; a reader's is their reading */
    sourceId?: string;
  },
): Promise<void> {
  await openWorkItem(ctx, {
    ...workItemFacts(document, ACTIONS[work.kind]),
    workflow: INCOMING_WORKFLOW_ID,
    itemId: document.id,
    itemRef: document.ref,
    kind: work.kind,
    sourceId: work.sourceId ?? document.id,
    holderId: work.holderId,
    dueAt: work.dueAt,
  });
}

export async function closeDocumentWork(
  ctx: BaseContext,
  document: IncomingDocument,
  kinds: readonly DocumentWorkKind[],
): Promise<void> {
  for (const kind of kinds) await closeWorkItems(ctx, { workflow: INCOMING_WORKFLOW_ID, itemId: document.id, kind });
}

/** Every open work item of the document (archived, cancelled). */
export async function closeAllDocumentWork(ctx: BaseContext, document: IncomingDocument): Promise<void> {
  await closeWorkItems(ctx, { workflow: INCOMING_WORKFLOW_ID, itemId: document.id });
}
