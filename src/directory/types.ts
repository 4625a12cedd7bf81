/** The organisation as the org file (spec 2.3) and contact sync describe it, validated. */
import type { CalendarConfig, WorkingCalendar } from '../shared/working-calendar/index.js';

export type { CalendarConfig, Closure, HolidayYear } from '../shared/working-calendar/index.js';

export const ROLES = [
  'staff',
  'office',
  'office_director',
  'leader',
  'principal',
  'seal_keeper',
  'archivist',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * dept_head | dept_leader | principal | office_director | user:<userid> | role:<role>
 * (spec 2.3; `role:office` is any one active person with the role office).
 */
export type ApprovalStep =
  'dept_head' | 'dept_leader' | 'principal' | 'office_director' | `user:${string}` | `role:${Role}`;

export interface DepartmentInfo {
  id: string;
  name: string;
  head?: string;
  leader?: string;
  wecomId?: number;
}

export interface PersonInfo {
  userId: string;
  name: string;
  departmentIds: string[];
  roles: Role[];
  position?: string;
  isActive: boolean;
}

export interface SealInfo {
  id: string;
  name: string;
  /** other names staff use for it (公章 for 校章), in file order; `Directory.seal` finds them too */
  aliases: string[];
  keeper: string;
  approval: ApprovalStep[];
}

export interface RoomInfo {
  id: string;
  name: string;
  capacity: number;
}

export interface DocumentSeriesInfo {
  id: string;
  prefix: string;
  /** the seal an issued document of this series is stamped with; default 校章 */
  seal?: string;
}

export interface Schedules {
  weekly_brief: string;
  daily_seal_summary: string;
  overdue_scan: string;
  personal_digest: string;
}

export interface Sla {
  proposal_working_days: number;
  circulation_first_read_hours: number;
  handling_feedback_working_days: number;
  minutes_due_hours: number;
  meeting_notice_days: number;
  approval_reminder_hours: number;
  urgent_issue_hours: number;
  normal_issue_working_days: number;
  escalate_after_working_days: number;
}

/** What 档号 (spec 2.4, DA/T 22) take from the org file. */
export interface ArchiveConfig {
  /** 全宗号, assigned by the archive, e.g. "0194" */
  fonds: string;
  /** 机构代码 by department id, e.g. { office: 'BGS' } */
  departmentCodes: Record<string, string>;
}

/** The whole org file after validation and defaults. */
export interface OrgConfig {
  org: { id: string; name: string; timezone: string };
  departments: DepartmentInfo[];
  people: PersonInfo[];
  seals: SealInfo[];
  rooms: RoomInfo[];
  documentSeries: DocumentSeriesInfo[];
  calendar: CalendarConfig;
  schedules: Schedules;
  sla: Sla;
  /** absent: 档号 start at the 门类 code (spec 2.3) */
  archive?: ArchiveConfig;
}

/**
 * Read-only lookups over one organisation's directory. Built from OrgConfig (plus synced contacts);
 * everything that needs to know who is who takes this, never the raw file.
 */
export interface Directory {
  readonly orgId: string;
  readonly config: OrgConfig;
  /** working days, deadlines and quiet hours from `config.calendar` in the org's time zone (spec 4) */
  readonly calendar: WorkingCalendar;
  person(userId: string): PersonInfo | undefined;
  department(id: string): DepartmentInfo | undefined;
  /** active people whose name is exactly `name` */
  peopleNamed(name: string): PersonInfo[];
  departmentNamed(name: string): DepartmentInfo | undefined;
  peopleWithRole(role: Role): PersonInfo[];
  hasRole(userId: string, role: Role): boolean;
  /** by id, else by name, else by alias (公章 finds 校章) */
  seal(idOrNameOrAlias: string): SealInfo | undefined;
  room(idOrName: string): RoomInfo | undefined;
  activePeople(): PersonInfo[];
}
