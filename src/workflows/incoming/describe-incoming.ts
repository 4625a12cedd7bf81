import { CLASSIFIED_TITLE } from '../../kit/cards/protect-secret.js';
import type { IncomingCardFacts } from '../../../cards/index.js';
import type { Secrecy } from '../../kit/cards/protect-secret.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { deadlineText } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import type { WorkItemFacts } from '../../kit/work-items.js';
import { clip } from '../../shared/text.js';
import { isSecret, type IncomingDocument } from './incoming-store.js';

/** What a 秘密/机密 document is called wherever a title would be (spec 2.6). */
export const SECRET_TITLE = CLASSIFIED_TITLE;

/**
 * What is kept of words typed about a 秘密/机密 document (a 批示, 反馈, a reason): nothing but where
 * to read them (spec 2.6, 保密法). An ordinary document keeps them as typed.
 */
export const SECRET_TEXT = '（涉密，内容请到综合办公室查阅）';

export function keptText(document: Pick<IncomingDocument, 'secrecy'>, text: string): string {
  return isSecret(document) ? SECRET_TEXT : text;
}

/**
 * {@link keptText} of words the actor has just typed: about a 秘密/机密 document, the message that
 * carried them is not kept either (ActorContext.forgetTypedText).
 */
export function keptTyped(ctx: BaseContext, document: Pick<IncomingDocument, 'secrecy'>, text: string): string {
  if (isSecret(document) && text && hasActor(ctx)) ctx.forgetTypedText?.();
  return keptText(document, text);
}

/** 「S3《关于做好寒假安全工作的通知》」, or 「S3（秘密）」: the reference and enough to recognise it. */
export function documentLabel(document: Pick<IncomingDocument, 'ref' | 'title' | 'secrecy'>): string {
  return isSecret(document)
    ? `${document.ref}（${document.secrecy}）`
    : `${document.ref}《${clip(document.title, 24)}》`;
}

/** What 我的待办 and the reports say it is about: 《title》, or 「涉密件」. */
export function documentSubject(document: Pick<IncomingDocument, 'title' | 'secrecy'>): string {
  return isSecret(document) ? `「${SECRET_TITLE}」` : `《${clip(document.title, 30)}》`;
}

export function departmentName(ctx: BaseContext, departmentId: string | null): string {
  if (!departmentId) return '—';
  return ctx.directory.department(departmentId)?.name ?? departmentId;
}

/** The work item's line in 我的待办: what is asked, of whom it came, about which document. */
export function workItemFacts(document: IncomingDocument, action: string): WorkItemFacts {
  return {
    action,
    requester: document.senderOrg,
    subject: documentSubject(document),
    submittedAt: document.receivedAt,
  };
}

/** The card's 密级 guard (spec 2.6): a secret document's cards show only reference, 密级 and `due`. */
export function cardSecrecy(
  ctx: BaseContext,
  document: IncomingDocument,
  due: Date | null,
): { secrecy?: { level: Secrecy; deadline?: string } } {
  if (!isSecret(document)) return {};
  return {
    secrecy: { level: document.secrecy as Secrecy, ...(due ? { deadline: deadlineText(due, ctx) } : {}) },
  };
}

/** What every card about the document shows (its title and text only for 普通, by the kit's guard). */
export function incomingCardFacts(ctx: BaseContext, document: IncomingDocument): IncomingCardFacts {
  return {
    ref: document.ref,
    title: document.title,
    incomingNumber: document.incomingNumber,
    senderOrg: document.senderOrg,
    senderNumber: document.senderNumber ?? '—',
    urgency: document.urgency,
    leadDepartment: departmentName(ctx, document.leadDepartmentId),
    handlingDue: document.handlingDueAt ? deadlineText(document.handlingDueAt, ctx) : '—',
    riskNote: document.riskNote ?? '无',
    proposedBy: personName(ctx.directory, document.proposedBy),
  };
}

/**
 * 已逾期N个工作日 for a due time passed, derived now from the working-day calendar (never stored);
 * undefined when it is not past.
 */
export function overdueNote(ctx: BaseContext, dueAt: Date | null): string | undefined {
  const now = ctx.clock.now();
  if (!dueAt || now.getTime() <= dueAt.getTime()) return undefined;
  const days = ctx.directory.calendar.workingDaysBetween(dueAt, now);
  return days > 0 ? `已逾期${days}个工作日` : '已过期限';
}

/** The end (18:00) of the working day `days` working days after `from`: how document deadlines fall. */
export function workingDaysLater(ctx: BaseContext, from: Date, days: number): Date {
  const calendar = ctx.directory.calendar;
  return calendar.endOfWorkingDay(calendar.dayOf(calendar.addWorkingDays(from, days)));
}

export function hoursLater(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3600_000);
}

export function earlier(a: Date, b: Date | null): Date {
  return b && b.getTime() < a.getTime() ? b : a;
}
