import type { PrismaClient } from '../db/prisma.js';
import { formatLocalTime } from './format-time.js';
import type { SentCallback } from './simulator-state.js';

export interface SystemInspection {
  /** outbox_message rows by status: pending, queued, sending, sent, failed */
  outbox: Record<string, number>;
  /** BullMQ job counts per queue and state */
  queues: Record<string, Record<string, number>>;
  /** newest first, with the time shown in the school's zone */
  callbacks: (SentCallback & { localTime: string })[];
}

/** The plumbing, for the side panel: what waits in the outbox and the queues, and the last callbacks. */
export async function inspectSystem(options: {
  prisma: PrismaClient;
  queueCounts: () => Promise<Record<string, Record<string, number>>>;
  callbacks: SentCallback[];
  timezone: string;
}): Promise<SystemInspection> {
  const grouped = await options.prisma.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
  const outbox: Record<string, number> = { pending: 0, queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of grouped) outbox[row.status] = row._count._all;
  return {
    outbox,
    queues: await options.queueCounts(),
    callbacks: options.callbacks.map((callback) => ({
      ...callback,
      localTime: formatLocalTime(callback.at, options.timezone),
    })),
  };
}
