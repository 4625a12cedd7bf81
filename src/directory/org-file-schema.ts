import { z } from 'zod';
import { findReferenceProblems } from './org-file-references.js';
import { ROLES, type ApprovalStep, type OrgConfig, type Role, type Schedules, type Sla } from './types.js';

/** Schedules when the org file names none (spec 2.3). */
export const DEFAULT_SCHEDULES: Schedules = {
  weekly_brief: '0 16 * * 5',
  daily_seal_summary: '30 17 * * 1-5',
  overdue_scan: '0 9 * * 1-5',
  personal_digest: '30 8 * * 1-5',
};

/** The seeds' numbers (spec 2.3); each may be overridden alone. */
export const DEFAULT_SLA: Sla = {
  circulation_first_read_hours: 24,
  handling_feedback_working_days: 5,
  minutes_due_hours: 24,
  meeting_notice_days: 3,
  approval_reminder_hours: 4,
  urgent_issue_hours: 24,
  normal_issue_working_days: 5,
  escalate_after_working_days: 2,
};

const FIXED_STEPS = ['dept_head', 'dept_leader', 'principal', 'office_director'] as const;

/** WeCom userids: letters, digits and `_ - . @`, at most 64 characters. */
const userId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'is not a valid userid (letters, digits, _ - . @)');
const itemId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'is not a valid id (letters, digits, _ and -)');
const name = z.string().trim().min(1, 'must not be empty');

const approvalStep = z.string().refine(
  (step) => (FIXED_STEPS as readonly string[]).includes(step) || /^user:[A-Za-z0-9_.@-]{1,64}$/.test(step),
  { message: `is not an approval step (${FIXED_STEPS.join(', ')} or user:<userid>)` },
) as unknown as z.ZodType<ApprovalStep>;

const role = z.string().refine((value) => (ROLES as readonly string[]).includes(value), {
  message: `is not a role (${ROLES.join(', ')})`,
}) as unknown as z.ZodType<Role>;

const cron = z.string().refine((value) => value.trim().split(/\s+/).length === 5 && /^[0-9A-Za-z*,/?\s-]+$/.test(value), {
  message: 'is not a 5-field cron expression (minute hour day-of-month month day-of-week)',
});

const isoDate = z.string().refine(isCalendarDate, { message: 'is not a date in the form YYYY-MM-DD' });

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const positiveNumber = z.number().positive('must be greater than 0');

/** The file exactly as spec 2.3 writes it (snake_case keys); unknown keys are refused so typos show. */
function rawShape(defaultTimezone: string) {
  return z.strictObject({
    org: z.strictObject({
      id: z.string().regex(/^[a-z0-9-]+$/, 'must use only a-z, 0-9 and -'),
      name,
      timezone: z.string().default(defaultTimezone).refine(isValidTimeZone, { message: 'is not an IANA time zone (e.g. Asia/Shanghai)' }),
    }),
    departments: z
      .array(
        z.strictObject({
          id: itemId,
          name,
          head: userId.optional(),
          leader: userId.optional(),
          /** binds the department to a WeCom department id for contact sync */
          wecom_id: z.number().int().positive().optional(),
        }),
      )
      .min(1, 'must list at least one department'),
    people: z
      .array(
        z.strictObject({
          userid: userId,
          name,
          departments: z.array(itemId).min(1, 'must name at least one department'),
          roles: z.array(role).default(['staff']),
          position: z.string().optional(),
          active: z.boolean().default(true),
        }),
      )
      .min(1, 'must list at least one person'),
    seals: z
      .array(
        z.strictObject({
          id: itemId,
          name,
          keeper: userId,
          approval: z.array(approvalStep).min(1, 'must have at least one step'),
        }),
      )
      .default([]),
    rooms: z.array(z.strictObject({ id: itemId, name, capacity: z.number().int().positive('must be greater than 0') })).default([]),
    document_series: z.array(z.strictObject({ id: itemId, prefix: name, seal: z.string().optional() })).default([]),
    calendar: z
      .strictObject({ extra_holidays: z.array(isoDate).default([]), extra_workdays: z.array(isoDate).default([]) })
      .default({ extra_holidays: [], extra_workdays: [] }),
    schedules: z
      .strictObject({
        weekly_brief: cron.default(DEFAULT_SCHEDULES.weekly_brief),
        daily_seal_summary: cron.default(DEFAULT_SCHEDULES.daily_seal_summary),
        overdue_scan: cron.default(DEFAULT_SCHEDULES.overdue_scan),
        personal_digest: cron.default(DEFAULT_SCHEDULES.personal_digest),
      })
      .default(DEFAULT_SCHEDULES),
    sla: z
      .strictObject(
        Object.fromEntries(Object.entries(DEFAULT_SLA).map(([key, value]) => [key, positiveNumber.default(value)])) as {
          [K in keyof Sla]: z.ZodDefault<z.ZodNumber>;
        },
      )
      .default(DEFAULT_SLA),
  });
}

type RawOrgFile = z.output<ReturnType<typeof rawShape>>;

/**
 * The organisation file (spec 2.3) as a zod schema whose output is an {@link OrgConfig}:
 * shape and defaults first, then the cross-references (org-file-references.ts).
 */
export function createOrgFileSchema(options: { defaultTimezone: string }): z.ZodType<OrgConfig, unknown> {
  return rawShape(options.defaultTimezone)
    .superRefine((raw, ctx) => {
      for (const problem of findReferenceProblems(raw)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    })
    .transform(toOrgConfig);
}

function toOrgConfig(raw: RawOrgFile): OrgConfig {
  return {
    org: { id: raw.org.id, name: raw.org.name, timezone: raw.org.timezone },
    departments: raw.departments.map((department) => ({
      id: department.id,
      name: department.name,
      ...(department.head === undefined ? {} : { head: department.head }),
      ...(department.leader === undefined ? {} : { leader: department.leader }),
      ...(department.wecom_id === undefined ? {} : { wecomId: department.wecom_id }),
    })),
    people: raw.people.map((person) => ({
      userId: person.userid,
      name: person.name,
      departmentIds: [...new Set(person.departments)],
      // spec 2.3: `staff` is everyone's role, written or not
      roles: [...new Set<Role>(['staff', ...person.roles])],
      ...(person.position === undefined ? {} : { position: person.position }),
      isActive: person.active,
    })),
    seals: raw.seals.map((seal) => ({ id: seal.id, name: seal.name, keeper: seal.keeper, approval: [...seal.approval] })),
    rooms: raw.rooms.map((room) => ({ ...room })),
    documentSeries: raw.document_series.map((series) => ({
      id: series.id,
      prefix: series.prefix,
      ...(series.seal === undefined ? {} : { seal: series.seal }),
    })),
    calendar: { extraHolidays: [...raw.calendar.extra_holidays], extraWorkdays: [...raw.calendar.extra_workdays] },
    schedules: { ...raw.schedules },
    sla: { ...raw.sla },
  };
}
