import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queues/definitions.js';
import type { ScheduleName } from '../../src/schedules/schedule-names.js';
import { TEST_REDIS_URL } from './services.js';
import type { TestService } from './test-service.js';

/**
 * Fires `schedule` as its job scheduler does: `count` jobs `{ orgId, schedule }` on the service's
 * schedules queue, run by its worker for the period due by the service's clock; resolves once all
 * are done (what they sent may still be on its way: `t.quiesce()`).
 */
export async function deliverScheduleJobs(t: TestService, schedule: ScheduleName, count = 1): Promise<void> {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUES.schedules.name, { connection, prefix: t.queuePrefix });
  try {
    const orgId = t.service.orgs.defaultOrg().orgId;
    const jobs = await queue.addBulk(
      Array.from({ length: count }, () => ({ name: schedule, data: { orgId, schedule } })),
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const states = await Promise.all(jobs.map((job) => queue.getJobState(job.id!)));
      if (states.every((state) => state === 'completed')) return;
      if (Date.now() > deadline) throw new Error(`schedule jobs did not complete: ${states.join(', ')}`);
      await sleep(25);
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
