import { z } from 'zod';

/**
 * Every queue, with the payload its jobs carry. Payloads hold ids only — never message text or
 * secrets (BullMQ "protecting data"); the worker re-validates them before use.
 */
export const QUEUES = {
  /** one job per accepted callback: { eventId } of inbound_event */
  inbound: { name: 'xiaoban-inbound', payload: z.object({ eventId: z.string().regex(/^\d+$/) }) },
  /** one job per outbox message: { outboxId } of outbox_message */
  outbound: { name: 'xiaoban-outbound', payload: z.object({ outboxId: z.string().regex(/^\d+$/) }) },
} as const;

export type QueueKey = keyof typeof QUEUES;
export type QueuePayload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['payload']>;

/** Job ids derived from row ids make a second enqueue of the same row a no-op while the job exists. */
export const jobIdFor = {
  inbound: (eventId: string) => `in-${eventId}`,
  outbound: (outboxId: string) => `out-${outboxId}`,
};
