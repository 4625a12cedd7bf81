/** The organisation as the org file (spec 2.3) and contact sync describe it, validated. */

export const ROLES = ['staff', 'office', 'office_director', 'leader', 'principal', 'seal_keeper', 'archivist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** dept_head | dept_leader | principal | office_director | user:<userid> */
export type ApprovalStep = 'dept_head' | 'dept_leader' | 'principal' | 'office_director' | `user:${string}`;

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
  circulation_first_read_hours: number;
  handling_feedback_working_days: number;
  minutes_due_hours: number;
  meeting_notice_days: number;
  approval_reminder_hours: number;
  urgent_issue_hours: number;
  normal_issue_working_days: number;
  escalate_after_working_days: number;
}

/** The whole org file after validation and defaults. */
export interface OrgConfig {
  org: { id: string; name: string; timezone: string };
  departments: DepartmentInfo[];
  people: PersonInfo[];
  seals: SealInfo[];
  rooms: RoomInfo[];
  documentSeries: DocumentSeriesInfo[];
  calendar: { extraHolidays: string[]; extraWorkdays: string[] };
  schedules: Schedules;
  sla: Sla;
}

/**
 * Read-only lookups over one organisation's directory. Built from OrgConfig (plus synced contacts);
 * everything that needs to know who is who takes this, never the raw file.
 */
export interface Directory {
  readonly orgId: string;
  readonly config: OrgConfig;
  person(userId: string): PersonInfo | undefined;
  department(id: string): DepartmentInfo | undefined;
  /** active people whose name is exactly `name` */
  peopleNamed(name: string): PersonInfo[];
  departmentNamed(name: string): DepartmentInfo | undefined;
  peopleWithRole(role: Role): PersonInfo[];
  hasRole(userId: string, role: Role): boolean;
  seal(idOrName: string): SealInfo | undefined;
  room(idOrName: string): RoomInfo | undefined;
  activePeople(): PersonInfo[];
}
