import { shortTime } from '../../kit/format-time.js';

/**
 * The scans' texts, short enough for a phone: each item by its reference, what it is and its
 * deadline. Pure: facts in, text out. Subjects come from the work item, which never carries a
 * 秘密/机密 item's content.
 */
export interface ReminderLine {
  itemRef: string;
  action: string;
  subject: string;
  dueAt: Date;
  /** working days overdue (0: past its deadline, less than a working day's end ago) */
  workingDaysOverdue: number;
  /** 「刘洋（教务处）」: who it waits on, in the item's department, for those who escalate it */
  waitingOn?: string;
  /** 「周敏」: for the office director's list */
  leaderName?: string;
}

/** 「R5 督办事项（制定期末考试安排）」 */
export function itemLabel(line: Pick<ReminderLine, 'itemRef' | 'action' | 'subject'>): string {
  return `${line.itemRef} ${line.action}${line.subject ? `（${line.subject}）` : ''}`;
}

/** 「R5 督办事项（制定期末考试安排）已逾期2个工作日，截止 12-02 18:00」 */
function overdueClause(line: ReminderLine, timezone: string): string {
  const overdue = line.workingDaysOverdue > 0 ? `已逾期${line.workingDaysOverdue}个工作日` : '已过截止时间';
  return `${itemLabel(line)}${overdue}，截止 ${shortTime(line.dueAt, timezone)}`;
}

/** Lines as a list when there are several, the line alone when there is one. */
function listed(lines: string[]): string {
  return lines.length === 1 ? lines[0]! : lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
}

/** To the holder: their overdue items. */
export function holderReminderText(lines: ReminderLine[], timezone: string): string {
  const items = lines.map((line) => `${overdueClause(line, timezone)}。`);
  if (items.length === 1) return `超时提醒：${items[0]}请尽快办理，发送「查询 ${lines[0]!.itemRef}」查看详情。`;
  return `超时提醒：您有${items.length}项事项已逾期，请尽快办理：\n${listed(items)}\n发送「查询 编号」查看详情。`;
}

/** To a department head or 分管领导: overdue items of their department(s), and who they wait on. */
export function escalationText(lines: ReminderLine[], timezone: string): string {
  const items = lines.map((line) => `${overdueClause(line, timezone)}，待${line.waitingOn ?? '—'}办理。`);
  if (items.length === 1) return `逾期督促：${items[0]}请督促办理。`;
  return `逾期督促：以下${items.length}项事项已逾期，请督促办理：\n${listed(items)}`;
}

/** To the office director: one daily list of everything that has reached the 分管领导. */
export function directorListText(lines: ReminderLine[], timezone: string): string {
  const items = lines.map(
    (line) =>
      `${overdueClause(line, timezone)}，待${line.waitingOn ?? '—'}办理${line.leaderName ? `，分管领导${line.leaderName}` : ''}。`,
  );
  return `逾期事项日报：今日${items.length}项事项逾期已报分管领导：\n${items.map((item, index) => `${index + 1}. ${item}`).join('\n')}`;
}

/** To the holder: items due by the end of the next working day. */
export function headsUpText(
  lines: Pick<ReminderLine, 'itemRef' | 'action' | 'subject' | 'dueAt'>[],
  timezone: string,
): string {
  if (lines.length === 1)
    return `到期提醒：${itemLabel(lines[0]!)}将于 ${shortTime(lines[0]!.dueAt, timezone)} 到期，请按时办理。`;
  const items = lines.map((line) => `${itemLabel(line)}，${shortTime(line.dueAt, timezone)} 到期。`);
  return `到期提醒：您有${items.length}项事项即将到期，请按时办理：\n${listed(items)}`;
}

export interface ApprovalReminderLine {
  itemRef: string;
  action: string;
  subject: string;
  /** when the step opened */
  since: Date;
  /** working hours it has waited, whole */
  workingHours: number;
}

/** 催办, to the holder of a pending approval step. */
export function approvalReminderText(lines: ApprovalReminderLine[], timezone: string): string {
  const items = lines.map(
    (line) => `${itemLabel(line)}已等待您审批${line.workingHours}个工作小时（${shortTime(line.since, timezone)} 起）`,
  );
  if (items.length === 1) return `催办：${items[0]}，请尽快处理。`;
  return `催办：您有${items.length}项审批等待处理：\n${listed(items.map((item) => `${item}。`))}\n请尽快处理。`;
}
