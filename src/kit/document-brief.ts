import type { BaseContext } from './context.js';
import { LEADER_ROLES, personName } from './people.js';

/*
 * What the 收文 and 发文 sections of the weekly brief (spec 4) count alike: the documents waiting on
 * a leader's decision (待领导签批), and how a KPI's working hours read.
 */

/** One document an open approval step waits on a leader for. */
export interface WaitingOnLeader {
  ref: string;
  /** the leaders holding the open step, by name */
  leaders: string[];
  since: Date;
}

/**
 * The items of `workflow` whose open approval step is held by a leader (校领导, 校长) who has not
 * decided yet, oldest wait first: 待签批 in the brief. Read from the engine's rows, so it needs no
 * state of the workflow's own.
 */
export async function waitingOnLeaders(ctx: BaseContext, workflow: string): Promise<WaitingOnLeader[]> {
  const leaders = LEADER_ROLES.flatMap((role) => ctx.directory.peopleWithRole(role).map((person) => person.userId));
  const rows = await ctx.tx.$queryRaw<{ ref: string; holders: string[]; since: Date }[]>`
    SELECT a.item_ref AS ref, array_agg(DISTINCT h.userid ORDER BY h.userid) AS holders,
           min(coalesce(s.opened_at, a.updated_at)) AS since
      FROM approval_holder h
      JOIN approval_step s ON s.id = h.step_id AND s.state = 'open'
      JOIN approval a ON a.id = s.approval_id AND a.round = s.round AND a.state = 'open'
     WHERE h.org_id = ${ctx.orgId} AND h.state = 'pending' AND h.userid = ANY(${[...new Set(leaders)]}::text[])
       AND a.workflow = ${workflow}
     GROUP BY a.item_ref
     ORDER BY since, a.item_ref`;
  return rows.map((row) => ({
    ref: row.ref,
    leaders: row.holders.map((userId) => personName(ctx.directory, userId)),
    since: row.since,
  }));
}

/** How many items a brief line names before it says 「等N件」: the brief is read on a phone. */
export const BRIEF_LINE_NAMES = 5;

/** 「S3 赵立，S5 周敏」, or the first {@link BRIEF_LINE_NAMES} and 「等12件」 */
export function namedFew(descriptions: readonly string[], unit: string): string {
  const shown = descriptions.slice(0, BRIEF_LINE_NAMES).join('，');
  return descriptions.length > BRIEF_LINE_NAMES ? `${shown}等${descriptions.length}${unit}` : shown;
}

/** 「待领导签批：2件（S3 赵立、S5 周敏）」, or 「待领导签批：0件」. */
export function describeWaitingOnLeaders(waiting: WaitingOnLeader[]): string {
  if (waiting.length === 0) return '待领导签批：0件';
  return `待领导签批：${waiting.length}件（${namedFew(
    waiting.map((item) => `${item.ref} ${item.leaders.join('、')}`),
    '件',
  )}）`;
}

/** The median of `values` (the middle one, or the mean of the middle two); undefined when there are none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `9.5`, `31`: working hours to one decimal, as the brief shows them. */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 10) / 10);
}
