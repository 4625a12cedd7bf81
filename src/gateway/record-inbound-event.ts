import type pg from 'pg';
import { toStoredPayload } from './stored-payload.js';

export interface NewInboundEvent {
  orgId: string;
  dedupeKey: string;
  msgType: string;
  event?: string;
  fromUserId: string;
  payload: Record<string, unknown>;
}

export interface RecordedInboundEvent {
  /** bigint as a decimal string */
  id: string;
  /** true when WeCom already delivered this callback (a retry): nothing new to process */
  isDuplicate: boolean;
}

export interface InboundEventRecorder {
  /** Resolves once the event is committed to PostgreSQL: only then may the callback be answered 200. */
  record(event: NewInboundEvent): Promise<RecordedInboundEvent>;
}

interface Waiting {
  event: NewInboundEvent;
  resolve: (recorded: RecordedInboundEvent) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the callback path: callbacks that arrive while an INSERT is in flight are
 * written together by the next one, so 50 concurrent callbacks cost a few commits (each an fsync),
 * not 50. Each caller still waits for its own row to be committed before answering WeCom.
 */
export function createInboundEventRecorder(options: {
  pool: pg.Pool;
  /**
   * How many INSERTs may be in flight at once. Default 2: with more, every freed slot is taken at
   * once by a batch of one and the commits stop being shared (measured: 72 % single-row INSERTs at 4).
   */
  maxConcurrentBatches?: number;
  /** rows per INSERT at most. Default 256. */
  maxBatchSize?: number;
}): InboundEventRecorder {
  const maxConcurrent = options.maxConcurrentBatches ?? 2;
  const maxBatch = options.maxBatchSize ?? 256;
  const waiting: Waiting[] = [];
  let inFlight = 0;
  let isFlushScheduled = false;

  function flush(): void {
    isFlushScheduled = false;
    while (inFlight < maxConcurrent && waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      inFlight += 1;
      void insertBatch(batch).finally(() => {
        inFlight -= 1;
        scheduleFlush();
      });
    }
  }

  /** Flushing on the next turn of the event loop lets callbacks read in the same turn share an INSERT. */
  function scheduleFlush(): void {
    if (isFlushScheduled || waiting.length === 0) return;
    isFlushScheduled = true;
    setImmediate(flush);
  }

  async function insertBatch(batch: Waiting[]): Promise<void> {
    try {
      settle(batch, await insertRows(batch.map((w) => w.event)));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad row must not fail the callbacks that happened to share its INSERT: each is tried
      // alone, so only the bad one is refused (and retried by WeCom).
      for (const waiting of batch) {
        try {
          settle([waiting], await insertRows([waiting.event]));
        } catch (rowError) {
          waiting.reject(rowError);
        }
      }
    }
  }

  async function insertRows(rows: NewInboundEvent[]): Promise<Map<string, string>> {
    const result = await options.pool.query<{ id: string; org_id: string; dedupe_key: string }>(
      `INSERT INTO inbound_event (org_id, dedupe_key, msg_type, event, from_userid, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
       ON CONFLICT (org_id, dedupe_key) DO NOTHING
       RETURNING id::text, org_id, dedupe_key`,
      [
        rows.map((r) => r.orgId),
        rows.map((r) => r.dedupeKey),
        rows.map((r) => r.msgType),
        rows.map((r) => r.event ?? null),
        rows.map((r) => r.fromUserId),
        rows.map((r) => JSON.stringify(toStoredPayload(r.payload))),
      ],
    );
    return new Map(result.rows.map((row) => [`${row.org_id}\u0000${row.dedupe_key}`, row.id]));
  }

  function settle(batch: Waiting[], inserted: Map<string, string>): void {
    for (const { event, resolve } of batch) {
      const key = `${event.orgId}\u0000${event.dedupeKey}`;
      const id = inserted.get(key);
      if (id !== undefined) {
        inserted.delete(key); // a retry inside the same batch is a duplicate of the first
        resolve({ id, isDuplicate: false });
      } else {
        resolve({ id: '', isDuplicate: true });
      }
    }
  }

  return {
    record(event) {
      return new Promise<RecordedInboundEvent>((resolve, reject) => {
        waiting.push({ event, resolve, reject });
        scheduleFlush();
      });
    },
  };
}
