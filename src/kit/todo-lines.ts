import { shortTime } from './format-time.js';
import type { OpenWorkItem } from './work-items.js';

/**
 * 「Y2 用印审批｜陈浩（教务处）｜法人章 2份《课题结题报告》｜11-30 04:59 提交」; a planned use time is
 * 拟用; a due time passed says 已逾期. One format for 我的待办 and the personal digest.
 */
export function formatTodoLine(item: OpenWorkItem, timezone: string, now: Date): string {
  // overdue is derived here, never stored
  const overdue = item.dueAt && item.dueAt.getTime() < now.getTime() ? '（已逾期）' : '';
  const when =
    item.dueAt && !item.plannedAt
      ? `期限 ${shortTime(item.dueAt, timezone)}${overdue}`
      : item.plannedAt
        ? `拟用 ${shortTime(item.plannedAt, timezone)}`
        : `${shortTime(item.submittedAt, timezone)} 提交`;
  return `${item.itemRef} ${item.action}｜${item.requester}｜${item.subject}｜${when}`;
}

/** The first line of a page of the list: the whole count on the first, where it goes on after. */
export function todoListHeader(total: number, from: number): string {
  return from === 0 ? `您有${total}项待办（最早的在前）：` : `您的待办（续，第${from + 1}项起，共${total}项）：`;
}
