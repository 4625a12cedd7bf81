import type { Card, CardRow } from '../src/outbox/card.js';

/** What a meeting card shows; the workflow fills it from the meeting (src/workflows/meetings/). */
export interface MeetingCardFacts {
  ref: string;
  /** 主题 */
  topic: string;
  /** 决策会, 协调会, 培训会 */
  kind: string;
  /** already formatted: '12-03 14:00–15:00（周四）' */
  time: string;
  /** the room's name or the place as written */
  place: string;
  /** '李华（教务处）' */
  organizer: string;
  host: string;
  recorder?: string;
  agenda?: string;
  attendeeCount: number;
}

/** Button keys name the action (spec 2.6). */
export const MEETING_ACTIONS = {
  approve: 'meeting_approve',
  reject: 'meeting_reject',
  confirmConflict: 'meeting_conflict_confirm',
  attend: 'meeting_attend',
  leave: 'meeting_leave',
  checkIn: 'meeting_check_in',
  checkVenue: 'meeting_check_venue',
  checkAttendees: 'meeting_check_attendees',
  checkMaterials: 'meeting_check_materials',
} as const;

/** The seeds' 三个确认 (会议组织SOP: 场地设备、参会名单、材料版本), in order. */
export type ChecklistItem = 'venue' | 'attendees' | 'materials';

export const CHECKLIST_LABELS: Record<ChecklistItem, string> = {
  venue: '场地设备',
  attendees: '参会名单',
  materials: '材料版本',
};

const CHECKLIST_KEYS: Record<ChecklistItem, string> = {
  venue: MEETING_ACTIONS.checkVenue,
  attendees: MEETING_ACTIONS.checkAttendees,
  materials: MEETING_ACTIONS.checkMaterials,
};

const SOURCE = '校办助手 · 会议';

function subtitle(facts: MeetingCardFacts): string {
  return facts.agenda ? `${facts.topic}\n议程：${facts.agenda}` : facts.topic;
}

function timeAndPlace(facts: MeetingCardFacts): CardRow[] {
  return [
    { label: '时间', value: facts.time },
    { label: '地点', value: facts.place },
  ];
}

/** The office's approval of a booking: the meeting, who asked, [同意] [驳回]. */
export function meetingApprovalCard(
  facts: MeetingCardFacts,
  step: { number: number; total: number; name: string },
): Card {
  return {
    source: SOURCE,
    title: `会议预约 ${facts.ref}`,
    note: `第${step.number}/${step.total}步 · ${step.name}审批`,
    subtitle: subtitle(facts),
    rows: [
      ...timeAndPlace(facts),
      { label: '组织人', value: facts.organizer },
      { label: '主持', value: facts.host },
      { label: '参会', value: `${facts.attendeeCount}人` },
      { label: '类型', value: facts.kind },
    ],
    buttons: [
      { label: '同意', style: 'primary', key: MEETING_ACTIONS.approve },
      { label: '驳回', style: 'danger', key: MEETING_ACTIONS.reject },
    ],
  };
}

/**
 * 冲突预警 (seeds: 同一时段≥2项重要活动需升级审批): someone invited is expected at another 决策会/协调会
 * at the same time; the office confirms the arrangement before the meeting is approved or notified.
 */
export function meetingConflictCard(facts: MeetingCardFacts, conflicts: string): Card {
  return {
    source: SOURCE,
    title: `冲突预警 ${facts.ref}`,
    note: '参会人员时间冲突，请确认后再审批或通知',
    subtitle: `${facts.topic}\n${conflicts}`,
    rows: [...timeAndPlace(facts), { label: '组织人', value: facts.organizer }, { label: '类型', value: facts.kind }],
    buttons: [{ label: '确认安排', style: 'primary', key: MEETING_ACTIONS.confirmConflict }],
  };
}

/**
 * The notice to an attendee: [参加] [请假]. Sent again 1 day before to those who have not answered
 * (二次确认), and anew after a 改期 (the old time shown).
 */
export function meetingNoticeCard(
  facts: MeetingCardFacts,
  kind: { askAgain?: boolean; rescheduledFrom?: string } = {},
): Card {
  const title = kind.rescheduledFrom ? '会议改期通知' : kind.askAgain ? '二次确认' : '会议通知';
  const note = kind.rescheduledFrom
    ? `原定 ${kind.rescheduledFrom}，请重新确认`
    : kind.askAgain
      ? '您还没有回复，请确认是否参加'
      : '请确认是否参加';
  return {
    source: SOURCE,
    title: `${title} ${facts.ref}`,
    note,
    subtitle: subtitle(facts),
    rows: [
      ...timeAndPlace(facts),
      { label: '主持', value: facts.host },
      { label: '组织人', value: facts.organizer },
      { label: '类型', value: facts.kind },
      ...(facts.recorder ? [{ label: '记录人', value: facts.recorder }] : []),
    ],
    buttons: [
      { label: '参加', style: 'primary', key: MEETING_ACTIONS.attend },
      { label: '请假', style: 'plain', key: MEETING_ACTIONS.leave },
    ],
  };
}

/** 30 minutes before the start: the reminder, and [签到] for the meeting window. */
export function meetingReminderCard(facts: MeetingCardFacts, startsIn: string): Card {
  return {
    source: SOURCE,
    title: `会议提醒 ${facts.ref}`,
    note: `${startsIn}后开始 · ${facts.place}`,
    subtitle: `${facts.topic}\n到场后请点「签到」。`,
    rows: [...timeAndPlace(facts), { label: '主持', value: facts.host }],
    buttons: [{ label: '签到', style: 'primary', key: MEETING_ACTIONS.checkIn }],
  };
}

/**
 * The organiser's 三个确认 the working day before: one button per item still to confirm. WeCom
 * updates a card once, so each tap answers this card and, while items remain, a fresh card with
 * the rest follows (the one before is never left showing buttons that were already used).
 */
export function meetingChecklistCard(
  facts: MeetingCardFacts,
  remaining: readonly ChecklistItem[],
  done: readonly { item: ChecklistItem; at: string }[],
  flagAt: string,
): Card {
  return {
    source: SOURCE,
    title: `会前三个确认 ${facts.ref}`,
    note: `请在 ${flagAt} 前逐项确认`,
    subtitle: `${facts.topic}\n待确认：${remaining.map((item) => CHECKLIST_LABELS[item]).join('、')}`,
    rows: [
      ...timeAndPlace(facts),
      { label: '参会', value: `${facts.attendeeCount}人` },
      ...done.map((each) => ({ label: CHECKLIST_LABELS[each.item], value: `已确认 ${each.at}` })),
    ],
    buttons: remaining.map((item) => ({
      label: `${CHECKLIST_LABELS[item]}已确认`,
      style: 'primary' as const,
      key: CHECKLIST_KEYS[item],
    })),
  };
}

/** The checklist item a button confirms. */
export function checklistItemOf(actionKey: string): ChecklistItem | undefined {
  return (Object.keys(CHECKLIST_KEYS) as ChecklistItem[]).find((item) => CHECKLIST_KEYS[item] === actionKey);
}
