import type { Card, CardRow } from '../src/outbox/card.js';

/** What a task card shows; the workflow fills it from the task (src/workflows/tasks/). */
export interface TaskCardFacts {
  ref: string;
  /** 内容 */
  content: string;
  /** 验收, or undefined when none was given */
  acceptance?: string;
  ownerName: string;
  departmentName: string;
  assignerName: string;
  /** already formatted, e.g. '12-04 18:00（周五）' */
  deadline: string;
  /** helpers' names, 、-joined; empty when none */
  helpers: string;
  /** 事项来源: 领导交办, H3 会议决议 */
  source: string;
}

/** Button keys name the action (spec 2.6). */
export const TASK_ACTIONS = {
  start: 'task_start',
  complete: 'task_complete',
  verify: 'task_verify',
  sendBack: 'task_send_back',
  agreeExtension: 'task_extension_agree',
  refuseExtension: 'task_extension_refuse',
} as const;

const SOURCE = '校办助手 · 督办';

/** The 督办任务单's essentials: the task in words, then what it is measured by. */
function subtitle(facts: TaskCardFacts): string {
  return facts.acceptance ? `${facts.content}\n验收标准：${facts.acceptance}` : facts.content;
}

function baseRows(facts: TaskCardFacts): CardRow[] {
  return [
    // the criterion has a row of its own, so a long task text cannot push it off the card
    ...(facts.acceptance ? [{ label: '验收标准', value: facts.acceptance }] : []),
    { label: '负责人', value: `${facts.ownerName}（${facts.departmentName}）` },
    { label: '截止', value: facts.deadline },
    { label: '交办领导', value: facts.assignerName },
    ...(facts.helpers ? [{ label: '协办', value: facts.helpers }] : []),
    { label: '来源', value: facts.source },
  ];
}

/**
 * The owner's card: the task, its criterion and deadline, [开始办理] [已完成]. After a 退回 it is
 * sent again with the assigner's reason on top, and [已完成] only.
 */
export function taskOwnerCard(facts: TaskCardFacts, returned?: { by: string; reason: string }): Card {
  return {
    source: SOURCE,
    title: returned ? `退回重办 ${facts.ref}` : `督办事项 ${facts.ref}`,
    note: returned ? `${returned.by}退回：${returned.reason}` : `请在 ${facts.deadline} 前完成`,
    subtitle: subtitle(facts),
    rows: baseRows(facts),
    // a task sent back is already 办理中: only its completion is left to tap
    buttons: [
      ...(returned ? [] : [{ label: '开始办理', style: 'plain' as const, key: TASK_ACTIONS.start }]),
      { label: '已完成', style: 'primary', key: TASK_ACTIONS.complete },
    ],
  };
}

/** The assigner's verification: what the owner reports against the criterion, [验收通过] [退回]. */
export function taskVerifyCard(
  facts: TaskCardFacts,
  completion: { at: string; note?: string; timeliness: string },
): Card {
  return {
    source: SOURCE,
    title: `验收 ${facts.ref}`,
    note: `${facts.ownerName} ${completion.at} 报告完成 · ${completion.timeliness}`,
    subtitle: subtitle(facts),
    rows: [
      { label: '完成情况', value: completion.note ?? '（未写说明）' },
      ...baseRows(facts).filter((row) => row.label !== '交办领导'),
    ],
    buttons: [
      { label: '验收通过', style: 'primary', key: TASK_ACTIONS.verify },
      { label: '退回', style: 'danger', key: TASK_ACTIONS.sendBack },
    ],
  };
}

/** The assigner's answer to a 延期 request: [同意延期] [不同意]. */
export function taskExtensionCard(facts: TaskCardFacts, extension: { from: string; to: string; reason: string }): Card {
  return {
    source: SOURCE,
    title: `延期申请 ${facts.ref}`,
    note: `${facts.ownerName}申请延至 ${extension.to}`,
    subtitle: subtitle(facts),
    rows: [
      { label: '原截止', value: extension.from },
      { label: '申请延至', value: extension.to },
      { label: '原因', value: extension.reason },
      { label: '负责人', value: `${facts.ownerName}（${facts.departmentName}）` },
    ],
    buttons: [
      { label: '同意延期', style: 'primary', key: TASK_ACTIONS.agreeExtension },
      { label: '不同意', style: 'danger', key: TASK_ACTIONS.refuseExtension },
    ],
  };
}
