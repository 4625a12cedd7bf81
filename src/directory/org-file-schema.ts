import { z } from 'zod';
import { findCalendarProblems } from './org-file-calendar.js';
import { findReferenceProblems } from './org-file-references.js';
import {
  approvalStep,
  archiveCode,
  cron,
  isoDate,
  isValidTimeZone,
  itemId,
  name,
  positiveNumber,
  role,
  userId,
} from './org-file-values.js';
import type { OrgConfig, Role, Schedules, Sla } from './types.js';

/**
 * Schedules when the org file names none (spec 2.3): a few minutes off :00 and :30, which WeCom
 * asks pushers to avoid (DOC 90236).
 */
export const DEFAULT_SCHEDULES: Schedules = {
  weekly_brief: '5 16 * * 5',
  daily_seal_summary: '35 17 * * 1-5',
  overdue_scan: '5 9 * * 1-5',
  personal_digest: '25 8 * * 1-5',
};

/** The seeds' numbers (spec 2.3); each may be overridden alone. */
export const DEFAULT_SLA: Sla = {
  proposal_working_days: 2,
  circulation_first_read_hours: 24,
  handling_feedback_working_days: 5,
  minutes_due_hours: 24,
  meeting_notice_days: 3,
  approval_reminder_hours: 4,
  urgent_issue_hours: 24,
  normal_issue_working_days: 5,
  escalate_after_working_days: 2,
};

/** The file exactly as spec 2.3 writes it (snake_case keys); unknown keys are refused so typos show. */
function rawShape(defaultTimezone: string) {
  return z.strictObject({
    org: z.strictObject({
      id: z.string().regex(/^[a-z0-9-]+$/, 'must use only a-z, 0-9 and -'),
      name,
      timezone: z
        .string()
        .default(defaultTimezone)
        .refine(isValidTimeZone, { message: 'is not an IANA time zone (e.g. Asia/Shanghai)' }),
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
          /** other names staff use (公章 for 校章); unique across every seal's id, name and aliases */
          aliases: z.array(name).default([]),
          keeper: userId,
          approval: z.array(approvalStep).min(1, 'must have at least one step'),
        }),
      )
      .default([]),
    rooms: z
      .array(z.strictObject({ id: itemId, name, capacity: z.number().int().positive('must be greater than 0') }))
      .default([]),
    document_series: z.array(z.strictObject({ id: itemId, prefix: name, seal: z.string().optional() })).default([]),
    /** 档号 parts (spec 2.4); without it 档号 start at the 门类 code */
    archive: z
      .strictObject({ fonds: archiveCode, department_codes: z.record(z.string(), archiveCode).default({}) })
      .optional(),
    calendar: z
      .strictObject({
        extra_holidays: z.array(isoDate).default([]),
        extra_workdays: z.array(isoDate).default([]),
        /** 寒暑假: no reminders, no deadline day counts inside */
        closures: z.array(z.strictObject({ from: isoDate, to: isoDate, name })).default([]),
        /** years the holiday package does not cover yet, keyed "2027" */
        holidays: z
          .record(z.string(), z.strictObject({ off: z.array(isoDate).default([]), work: z.array(isoDate).default([]) }))
          .default({}),
      })
      .default({ extra_holidays: [], extra_workdays: [], closures: [], holidays: {} }),
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
      for (const problem of [...findReferenceProblems(raw), ...findCalendarProblems(raw.calendar)]) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      }
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
    seals: raw.seals.map((seal) => ({
      id: seal.id,
      name: seal.name,
      aliases: [...seal.aliases],
      keeper: seal.keeper,
      approval: [...seal.approval],
    })),
    rooms: raw.rooms.map((room) => ({ ...room })),
    documentSeries: raw.document_series.map((series) => ({
      id: series.id,
      prefix: series.prefix,
      ...(series.seal === undefined ? {} : { seal: series.seal }),
    })),
    calendar: {
      extraHolidays: [...raw.calendar.extra_holidays],
      extraWorkdays: [...raw.calendar.extra_workdays],
      closures: raw.calendar.closures.map((closure) => ({ ...closure })),
      holidays: Object.fromEntries(
        Object.entries(raw.calendar.holidays).map(([year, days]) => [
          year,
          { off: [...days.off], work: [...days.work] },
        ]),
      ),
    },
    schedules: { ...raw.schedules },
    sla: { ...raw.sla },
    ...(raw.archive === undefined
      ? {}
      : { archive: { fonds: raw.archive.fonds, departmentCodes: { ...raw.archive.department_codes } } }),
  };
}
