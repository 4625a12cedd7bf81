import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const rowId = z.string().regex(/^\d+$/);
const token = z.string().regex(/^[0-9a-f]{16}$/);

/**
 * Every queue, with the payload its jobs carry. Payloads hold ids only — never message text or
 * secrets (BullMQ "protecting data"); the worker re-validates them before use. `token` is the
 * row's queue token at the enqueue: a job whose token the row no longer carries is stale.
 */
export const QUEUES = {
  /** one job per enqueue of an accepted callback: { eventId, token } of inbound_event */
  inbound: { name: 'xiaoban-inbound', payload: z.object({ eventId: rowId, token }) },
  /** one job per enqueue of an outbox message: { outboxId, token } of outbox_message */
  outbound: { name: 'xiaoban-outbound', payload: z.object({ outboxId: rowId, token }) },
  /**
   * one job per firing of an organisation's schedule (BullMQ job schedulers, src/schedules/):
   * { orgId, schedule }; the period is worked out from the service's clock when it runs
   */
  schedules: {
    name: 'xiaoban-schedules',
    payload: z.object({ orgId: z.string().regex(/^[a-z0-9-]+$/), schedule: z.string().regex(/^[a-z_]+$/) }),
  },
} as const;

export type QueueKey = keyof typeof QUEUES;
export type QueuePayload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['payload']>;

/** A fresh token for one enqueue of a row. */
export function newQueueToken(): string {
  return randomBytes(8).toString('hex');
}

/**
 * A job id is unique per enqueue of a row: BullMQ keeps finished jobs under their ids, so an id
 * derived from the row alone made every later enqueue of that row a silent no-op (issue 7). The
 * token makes it unique across enqueues and across databases that share a Redis.
 */
export const jobIdFor = {
  inbound: (eventId: string, queueToken: string) => `in-${eventId}-${queueToken}`,
  outbound: (outboxId: string, queueToken: string) => `out-${outboxId}-${queueToken}`,
};

/** Job states in which the job will still run (BullMQ's getState); anything else means it never will. */
export const LIVE_JOB_STATES: ReadonlySet<string> = new Set([
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
]);
