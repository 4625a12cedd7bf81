import type { SealCardFacts } from '../../../cards/index.js';
import { clip } from '../../shared/text.js';
import type { Directory } from '../../directory/types.js';
import { shortTime } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import type { SealRequest } from './seal-request-store.js';

/** The facts every seal card shows, but the approvals so far (the engine's, added by the caller). */
export function sealCardFacts(
  request: SealRequest,
  directory: Directory,
  timezone: string,
): Omit<SealCardFacts, 'approvalsSoFar'> {
  return {
    ref: request.ref,
    applicantName: personName(directory, request.applicantId),
    departmentName: directory.department(request.departmentId)?.name ?? request.departmentId,
    purpose: request.purpose,
    document: request.document,
    copies: request.copies,
    sealName: request.sealName,
    plannedAt: request.plannedAt ? shortTime(request.plannedAt, timezone) : '未填',
    ...(request.relatedRef ? { relatedRef: request.relatedRef } : {}),
  };
}

/** `校章 3份《2026年度工作总结》` — what a request is about, in one line (a long document name cut). */
export function sealRequestSubject(request: Pick<SealRequest, 'sealName' | 'copies' | 'document'>): string {
  return `${request.sealName} ${request.copies}份《${clip(request.document, 24)}》`;
}

/** `Y3（校章 3份《2026年度工作总结》）` — how a request is named in one-line messages. */
export function sealRequestLabel(request: SealRequest): string {
  return `${request.ref}（${sealRequestSubject(request)}）`;
}

/** `陈浩（教务处）` — who applied, as cards and lists show it. */
export function applicantLabel(
  directory: Directory,
  request: Pick<SealRequest, 'applicantId' | 'departmentId'>,
): string {
  return `${personName(directory, request.applicantId)}（${directory.department(request.departmentId)?.name ?? request.departmentId}）`;
}
