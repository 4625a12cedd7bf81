import { DateTime } from 'luxon';
import type { PrismaClient, Tx } from '../../db/prisma.js';
import type { Directory } from '../../directory/types.js';
import { personName } from '../../kit/people.js';

export interface DailySealSummary {
  /** markdown for the office director (WeCom's subset: bold, font colours, no lists) */
  markdown: string;
  usesBySeal: { sealName: string; uses: number; copies: number }[];
  openRequests: { ref: string; state: string; holder: string }[];
  blocked: string[];
  suspendedSeals: string[];
}

/**
 * The day's seal summary (spec 3.1, seeds: 每日对申请单进行汇总，统计用印次数): uses per seal and
 * copies from the register, requests still open, anything blocked. Ready for the daily schedule.
 */
export async function buildDailySealSummary(
  db: PrismaClient | Tx,
  options: { orgId: string; day: Date; timezone: string; directory: Directory },
): Promise<DailySealSummary> {
  const start = DateTime.fromJSDate(options.day, { zone: options.timezone }).startOf('day');
  const end = start.plus({ days: 1 });
  const uses = await db.sealRegisterEntry.findMany({
    where: { orgId: options.orgId, usedAt: { gte: start.toJSDate(), lt: end.toJSDate() } },
  });
  const usesBySeal = options.directory.config.seals.map((seal) => {
    const ofSeal = uses.filter((use) => use.sealId === seal.id);
    return { sealName: seal.name, uses: ofSeal.length, copies: ofSeal.reduce((sum, use) => sum + use.copies, 0) };
  });
  const open = await db.sealRequest.findMany({
    where: { orgId: options.orgId, state: { in: ['in_approval', 'approved', 'blocked'] } },
    orderBy: { createdAt: 'asc' },
  });
  // who each waits on, from the work items (an approval step's holders, or the keeper)
  const waiting = await db.workItem.findMany({
    where: {
      orgId: options.orgId,
      workflow: 'seal',
      itemId: { in: open.map((request) => request.id) },
      doneAt: null,
      role: 'holder',
    },
    orderBy: [{ since: 'asc' }, { id: 'asc' }],
    select: { itemId: true, holderId: true },
  });
  const openRequests = open
    .filter((request) => request.state !== 'blocked')
    .map((request) => ({
      ref: request.ref,
      state: request.state,
      holder:
        waiting
          .filter((item) => item.itemId === request.id)
          .map((item) => personName(options.directory, item.holderId))
          .join('、') || '—',
    }));
  const blocked = open.filter((request) => request.state === 'blocked').map((request) => request.ref);
  const suspensions = await db.sealSuspension.findMany({ where: { orgId: options.orgId, isSuspended: true } });
  const suspendedSeals = suspensions.map(
    (suspension) => options.directory.seal(suspension.sealId)?.name ?? suspension.sealId,
  );

  const lines = [
    `**用印日报 ${start.toFormat('MM月dd日')}**`,
    ...usesBySeal.map((seal) => `${seal.sealName}：用印${seal.uses}次，共${seal.copies}份`),
    `待审批：${
      openRequests
        .filter((r) => r.state === 'in_approval')
        .map((r) => `${r.ref}（${r.holder}）`)
        .join('、') || '无'
    }`,
    `待用印：${
      openRequests
        .filter((r) => r.state === 'approved')
        .map((r) => `${r.ref}（${r.holder}）`)
        .join('、') || '无'
    }`,
    blocked.length > 0 || suspendedSeals.length > 0
      ? `<font color="warning">暂停的印章：${suspendedSeals.join('、') || '无'}；受阻申请：${blocked.join('、') || '无'}</font>`
      : '<font color="info">没有暂停的印章</font>',
  ];
  return { markdown: lines.join('\n'), usesBySeal, openRequests, blocked, suspendedSeals };
}
