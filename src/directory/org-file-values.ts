import nodeCron from 'node-cron';
import { z } from 'zod';
import { ROLES, type ApprovalStep, type Role } from './types.js';

/** The single values of the organisation file (spec 2.3), each with the sentence shown when it is wrong. */

const FIXED_STEPS = ['dept_head', 'dept_leader', 'principal', 'office_director'] as const;
const STEP_FORMS = `${FIXED_STEPS.join(', ')}, user:<userid> or role:<role>`;

/** WeCom userids: letters, digits and `_ - . @`, at most 64 characters. */
export const userId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'is not a valid userid (letters, digits, _ - . @)');
export const itemId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'is not a valid id (letters, digits, _ and -)');
export const name = z.string().trim().min(1, 'must not be empty');

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export const role = z
  .string()
  .refine(isRole, { message: `is not a role (${ROLES.join(', ')})` }) as unknown as z.ZodType<Role>;

/** `- role: office` (a space after the colon) is a YAML mapping, not the step `role:office`: say so. */
function spacedStepHint(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const [entry, ...more] = Object.entries(input);
  if (!entry || more.length > 0) return undefined;
  return `should be text, not a mapping: write ${entry[0]}:${String(entry[1] ?? '')} with no space after the colon`;
}

export const approvalStep = z.string({ error: (issue) => spacedStepHint(issue.input) }).superRefine((step, ctx) => {
  if ((FIXED_STEPS as readonly string[]).includes(step) || /^user:[A-Za-z0-9_.@-]{1,64}$/.test(step)) return;
  if (step.startsWith('role:')) {
    if (!isRole(step.slice('role:'.length)))
      ctx.addIssue({
        code: 'custom',
        message: `names no role: ${JSON.stringify(step.slice('role:'.length))} is not one of ${ROLES.join(', ')}`,
      });
    return;
  }
  ctx.addIssue({ code: 'custom', message: `is not an approval step (${STEP_FORMS})` });
}) as unknown as z.ZodType<ApprovalStep>;

/**
 * A schedule's cron, checked when the file loads with node-cron's parser (the project's agreed cron
 * package), so `61 16 * * 5` is refused here rather than failing when BullMQ is given it. Five
 * fields only: a seconds field would fire a report every second of a minute.
 */
export const cron = z
  .string()
  .refine((value) => value.trim().split(/\s+/).length === 5 && nodeCron.validate(value.trim()), {
    message: 'is not a 5-field cron expression (minute hour day-of-month month day-of-week)',
  });

export const isoDate = z.string().refine(isCalendarDate, { message: 'is not a date in the form YYYY-MM-DD' });

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * 全宗号 and 机构代码 (DA/T 22) become parts of a 档号 joined by `-`, so only capitals and digits.
 * YAML reads `fonds: 0194` as the number 194, losing the archive's leading zero: say to quote it.
 */
export const archiveCode = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? 'should be text in quotes, e.g. "0194" (unquoted, YAML reads a number and drops leading zeros)'
        : undefined,
  })
  .regex(/^[A-Z0-9]{1,8}$/, 'must be 1 to 8 capital letters or digits (e.g. BGS)');

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const positiveNumber = z.number().positive('must be greater than 0');
