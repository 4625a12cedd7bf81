import { CLASSIFIED_TITLE } from '../../kit/cards/protect-secret.js';
import type { OutgoingCardFacts } from '../../../cards/index.js';
import type { Directory } from '../../directory/types.js';
import type { Secrecy } from '../../kit/cards/protect-secret.js';
import type { BaseContext } from '../../kit/context.js';
import { deadlineText } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import type { WorkItemFacts } from '../../kit/work-items.js';
import { clip } from '../../shared/text.js';
import { isSecret, type OutgoingDocument } from './outgoing-store.js';

/** What a 秘密/机密 document is stored as instead of its title (spec 2.6). */
export const SECRET_TITLE = CLASSIFIED_TITLE;

/** `F3《关于期末考试安排的通知》`, or `F3（秘密）`: how a document is named in one-line messages. */
export function documentLabel(document: Pick<OutgoingDocument, 'ref' | 'title' | 'secrecy'>): string {
  return isSecret(document)
    ? `${document.ref}（${document.secrecy}）`
    : `${document.ref}《${clip(document.title, 20)}》`;
}

/** What 我的待办 and the digest say a document is about: never a secret one's title. */
export function documentSubject(document: OutgoingDocument, directory: Directory): string {
  const series = seriesPrefix(directory, document.seriesId);
  return isSecret(document)
    ? `${document.secrecy}文件，请到综合办公室阅件`
    : `${series}《${clip(document.title, 24)}》${document.urgency === '特急' ? '（特急）' : ''}`;
}

export function seriesPrefix(directory: Directory, seriesId: string): string {
  return directory.config.documentSeries.find((series) => series.id === seriesId)?.prefix ?? seriesId;
}

export function departmentName(directory: Directory, departmentId: string): string {
  return directory.department(departmentId)?.name ?? departmentId;
}

export function departmentNames(directory: Directory, departmentIds: readonly string[]): string {
  return departmentIds.map((id) => departmentName(directory, id)).join('、');
}

/** `陈浩（教务处）` */
export function drafterLabel(directory: Directory, document: Pick<OutgoingDocument, 'drafterId' | 'departmentId'>) {
  return `${personName(directory, document.drafterId)}（${departmentName(directory, document.departmentId)}）`;
}

export function cardFacts(ctx: BaseContext, document: OutgoingDocument, fileVersion?: number): OutgoingCardFacts {
  return {
    ref: document.ref,
    title: document.title,
    series: seriesPrefix(ctx.directory, document.seriesId),
    drafter: drafterLabel(ctx.directory, document),
    urgency: document.urgency,
    cosign: departmentNames(ctx.directory, document.cosignDepartmentIds),
    signoff: personName(ctx.directory, document.signoffLeaderId),
    issueDue: deadlineText(document.issueDueAt, ctx),
    ...(fileVersion !== undefined && !isSecret(document) ? { fileVersion } : {}),
  };
}

/**
 * The card's 密级 guard (spec 2.6): a secret document's cards show only its reference, 密级 and
 * deadline (the card's own, default when it must be issued).
 */
export function secrecyOf(
  ctx: BaseContext,
  document: OutgoingDocument,
  deadline: Date = document.issueDueAt,
): { secrecy?: { level: Secrecy; deadline: string } } {
  return isSecret(document)
    ? { secrecy: { level: document.secrecy as Secrecy, deadline: deadlineText(deadline, ctx) } }
    : {};
}

export function workItemFacts(ctx: BaseContext, document: OutgoingDocument, action: string): WorkItemFacts {
  return {
    action,
    requester: drafterLabel(ctx.directory, document),
    subject: documentSubject(document, ctx.directory),
    submittedAt: document.createdAt,
  };
}

/**
 * Spec 3.3's deadline: 特急 within `urgent_issue_hours` of drafting, others by the end of the
 * `normal_issue_working_days`th working day after it (seeds: 紧急文件24小时内印发，普通文件5个工作日内印发).
 */
export function issueDueAt(ctx: BaseContext, urgency: string, draftedAt: Date): Date {
  const { sla } = ctx.directory.config;
  if (urgency === '特急') return new Date(draftedAt.getTime() + sla.urgent_issue_hours * 3600_000);
  const calendar = ctx.directory.calendar;
  return calendar.endOfWorkingDay(calendar.dayOf(calendar.addWorkingDays(draftedAt, sla.normal_issue_working_days)));
}

/** The end of the next working day after `from`: how long a recipient has to confirm, or the office to distribute. */
export function endOfNextWorkingDay(ctx: BaseContext, from: Date): Date {
  const calendar = ctx.directory.calendar;
  return calendar.endOfWorkingDay(calendar.dayOf(calendar.addWorkingDays(from, 1)));
}
