import type { Server } from 'node:http';
import { Queue, Worker } from 'bullmq';
import type { Router } from 'express';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import { createPrisma, type PrismaClient } from '../db/prisma.js';
import { createAdminRoutes } from '../admin/create-admin-routes.js';
import { createCallbackRoutes } from '../gateway/callback-routes.js';
import { createInboundEventRecorder } from '../gateway/record-inbound-event.js';
import { createHttpApp } from '../http/create-http-app.js';
import { startInboundRelay } from '../inbound/relay-inbound.js';
import { processInboundEvent } from '../inbound/process-inbound-event.js';
import { deliverOutboxMessage } from '../outbox/deliver-outbox-message.js';
import { createRecipientPacing } from '../outbox/recipient-pacing.js';
import { createMediaCache } from '../outbox/media-cache.js';
import { createFileStore } from '../file-store/file-store.js';
import { startOutboxRelay } from '../outbox/relay-outbox.js';
import { QUEUES, type QueuePayload } from '../queues/definitions.js';
import { describeDatabase, readDatabaseInstanceId } from '../queues/database-instance.js';
import { claimQueuePrefix, type QueuePrefixClaim } from '../queues/queue-prefix-claim.js';
import { createRedisConnection } from '../queues/redis-connection.js';
import { createOrgRegistry, type OrgRegistry, type OrgRuntime } from '../runtime/org-runtime.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import { createMetrics, type Metrics } from '../shared/metrics.js';
import { createWecomClient } from '../wecom/client.js';
import type { WorkflowModule } from '../kit/workflow-module.js';
import { catchUpSchedules } from '../schedules/catch-up-schedules.js';
import type { ScheduleRunOutcome } from '../schedules/run-schedule.js';
import type { ScheduleJobs } from '../schedules/schedule-jobs.js';
import { schedulesOf } from '../schedules/schedule-names.js';
import { handleScheduleJob, syncJobSchedulers, type ScheduleQueue } from '../schedules/schedule-queue.js';
import { buildCatalog } from './build-catalog.js';
import { workflowScheduleJobs } from '../schedules/workflow-schedule-jobs.js';
import { handOverAfterReload } from './hand-over-after-reload.js';
import { errorForLog } from '../shared/error-for-log.js';
import { loadOrganization } from './load-organization.js';
import { answersWithin, closeWorkers, describeRedis, REDIS_START_TIMEOUT_MS } from './start-checks.js';
import { shutDownInOrder } from './shut-down-in-order.js';

export interface XiaobanOptions {
  env: Env;
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
  /** the workflow modules to run; default: every shipped one */
  workflows?: WorkflowModule[];
  /** BullMQ key prefix (tests isolate themselves with their own). Default 'xiaoban'. */
  queuePrefix?: string;
  /** ms between outbox relay passes. Default 1000. */
  relayIntervalMs?: number;
  /** ms between inbound relay passes when no notification arrives. Default 1000. */
  inboundRelayIntervalMs?: number;
  /** per-recipient pacing limits (WeCom: 30/min, 1000/h) */
  pacing?: { perMinute?: number; perHour?: number };
  /** outbound retry backoff base in ms. Default 1000. */
  outboundBackoffMs?: number;
  /** attempts of one outbound job before its message goes back to the relay. Default 8. */
  outboundAttempts?: number;
  /** the WeCom client's first backoff within one call (tests shorten it). Default 200 ms. */
  wecomRetryBaseDelayMs?: number;
  /** how often the relays look for rows whose queue job will never run. Default 60 000 ms. */
  strandedIntervalMs?: number;
  /** rows younger than this are not looked at by that sweep. Default 60 000 ms. */
  strandedAfterMs?: number;
  /** how long a message WeCom keeps refusing as busy is retried before it fails visibly. Default 30 min. */
  giveUpAfterMs?: number;
  /**
   * How long a shutdown waits for running jobs before leaving them to be retried. Default 7000 ms:
   * the whole shutdown stays inside Docker's default 10 s grace (a hanging WeCom call would
   * otherwise hold it for 30 s and the process be killed).
   */
  drainMs?: number;
  /** what each schedule does; default: the shipped workflows' (src/schedules/workflow-schedule-jobs.ts) */
  scheduleJobs?: ScheduleJobs;
  /** more HTTP routes (the local simulator), given what they may need to read */
  extraRoutes?: (deps: ExtraRouteDeps) => Router[];
}

export interface ExtraRouteDeps {
  prisma: PrismaClient;
  orgs: OrgRegistry;
  metrics: Metrics;
  /** this server's own base URL, known once it listens */
  selfUrl: () => string;
  queueCounts: () => Promise<Record<string, Record<string, number>>>;
  /**
   * Runs, once and late, every organisation's schedule periods that fell due after `since` and
   * have not run (the demo clock moved past them).
   */
  catchUpSchedules: (since: Date) => Promise<ScheduleRunOutcome[]>;
}

export interface RunningXiaoban {
  /** base URL of the HTTP server, when this process serves HTTP */
  url?: string;
  prisma: PrismaClient;
  orgs: OrgRegistry;
  metrics: Metrics;
  /** re-reads the org file and the synced directory (SIGHUP) */
  reloadDirectory(): Promise<void>;
  /** settles when the periods missed while everything was down have run (after the port opened) */
  startupCatchUp: Promise<void>;
  stop(): Promise<void>;
}

/** Builds and starts the whole service, or the part XIAOBAN_ROLE asks for. */
export async function startXiaoban(options: XiaobanOptions): Promise<RunningXiaoban> {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const metrics = options.metrics ?? createMetrics();
  const role = env.XIAOBAN_ROLE;
  const servesHttp = role === 'web' || role === 'all';
  const runsWorkers = role === 'worker' || role === 'all';
  const queuePrefix = options.queuePrefix ?? 'xiaoban';

  const prisma = createPrisma(env.DATABASE_URL);
  const cacheRedis = createRedisConnection(env.REDIS_URL, 'cache');
  const producerRedis = createRedisConnection(env.REDIS_URL, 'producer');
  // ioredis prints unhandled error events to stderr; once running, an outage is waited out.
  cacheRedis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
  producerRedis.on('error', (error: Error) => logger.debug({ err: error.message }, 'redis producer connection error'));
  const closeConnections = async (): Promise<void> => {
    cacheRedis.disconnect();
    producerRedis.disconnect();
    await prisma.$disconnect();
  };
  // Fail fast at start, with the variable to fix: a worker that starts without Redis would only warn for ever.
  await answersWithin(
    cacheRedis.ping(),
    REDIS_START_TIMEOUT_MS,
    `REDIS_URL: Redis at ${describeRedis(env.REDIS_URL)} does not answer`,
  ).catch(async (error: unknown) => {
    await closeConnections();
    throw error;
  });
  const wecom = createWecomClient({
    apiBase: env.WECOM_API_BASE,
    corpId: env.WECOM_CORP_ID,
    secret: env.WECOM_SECRET,
    agentId: env.WECOM_AGENT_ID,
    redis: cacheRedis,
    keyPrefix: `${queuePrefix}:`, // the same token key as npm run directory:sync uses
    clock,
    logger,
    ...(options.wecomRetryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.wecomRetryBaseDelayMs }),
    onApiCall: (api, errcode, durationMs) => {
      metrics.wecomApiCalls.inc({ api, errcode: String(errcode) });
      metrics.wecomApiDuration.observe({ api }, durationMs / 1000);
    },
  });

  let prefixClaim: QueuePrefixClaim;
  try {
    const instanceId = await readDatabaseInstanceId(prisma);
    prefixClaim = await claimQueuePrefix({
      redis: cacheRedis,
      prefix: queuePrefix,
      instanceId,
      databaseLabel: describeDatabase(env.DATABASE_URL),
      logger,
    });
  } catch (error) {
    await closeConnections();
    throw error;
  }

  const { config, directory } = await loadOrganization({
    prisma,
    orgFile: env.ORG_FILE,
    defaultTimezone: env.TZ_DEFAULT,
    logger,
    now: clock.now(),
  });
  const orgRuntime: OrgRuntime = {
    orgId: config.org.id,
    timezone: config.org.timezone,
    keys: { token: env.WECOM_TOKEN, encodingAesKey: env.WECOM_ENCODING_AES_KEY, corpId: env.WECOM_CORP_ID },
    directory,
    wecom,
  };
  const orgs = createOrgRegistry([orgRuntime]);
  // The documents' files (收文/发文): fetched by the inbound worker, read by the outbound one.
  const fileStore = createFileStore(env.FILE_STORE_DIR);
  const catalog = buildCatalog(options.workflows);
  const scheduleDeps = {
    prisma,
    orgs,
    clock,
    logger,
    metrics,
    jobs: options.scheduleJobs ?? workflowScheduleJobs(catalog.modules),
  };
  // The org file may have changed while the service was down: steps held by people who left move
  // now, before the service takes callbacks or signals (what it queues goes out once the relay runs).
  // A failure is logged, not fatal: the next start or SIGHUP tries again (no run was recorded).
  await handOverAfterReload({
    prisma,
    orgId: config.org.id,
    timezone: config.org.timezone,
    directory,
    catalog,
    clock,
    logger,
  }).catch((error: unknown) => logger.error({ err: errorForLog(error) }, 'hand-over after start failed'));

  const inboundQueue = new Queue<QueuePayload<'inbound'>>(QUEUES.inbound.name, {
    connection: producerRedis,
    prefix: queuePrefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    },
  });
  const outboundQueue = new Queue<QueuePayload<'outbound'>>(QUEUES.outbound.name, {
    connection: producerRedis,
    prefix: queuePrefix,
    defaultJobOptions: {
      attempts: options.outboundAttempts ?? 8,
      backoff: { type: 'exponential', delay: options.outboundBackoffMs ?? 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: true,
    },
  });
  // Producers fail fast; an error event without a listener would crash the process.
  for (const queue of [inboundQueue, outboundQueue])
    queue.on('error', (error) => logger.warn({ err: error.message }, 'queue connection error'));
  // BullMQ keeps the outcome of a queue's first connection for good: had Redis dropped during that
  // handshake, the queue would refuse every later add even after Redis came back. So the service
  // starts only once both queues are connected (and fails fast, with the reason, if Redis is down).
  await answersWithin(
    Promise.all([inboundQueue.waitUntilReady(), outboundQueue.waitUntilReady()]),
    REDIS_START_TIMEOUT_MS,
    `REDIS_URL: the queues at ${describeRedis(env.REDIS_URL)} did not become ready`,
  );

  const closers: { name: string; close: () => Promise<unknown> }[] = [];
  let server: Server | undefined;
  let url: string | undefined;
  let relay: ReturnType<typeof startOutboxRelay> | undefined;
  let schedulesQueue: ScheduleQueue | undefined;

  if (runsWorkers) {
    const sweep = { strandedIntervalMs: options.strandedIntervalMs, strandedAfterMs: options.strandedAfterMs };
    relay = startOutboxRelay({
      prisma,
      queue: outboundQueue,
      clock,
      logger,
      intervalMs: options.relayIntervalMs,
      ...sweep,
    });
    const inboundRelay = startInboundRelay({
      prisma,
      queue: inboundQueue,
      clock,
      databaseUrl: env.DATABASE_URL,
      logger,
      intervalMs: options.inboundRelayIntervalMs,
      ...sweep,
    });
    const pacing = createRecipientPacing({ redis: cacheRedis, keyPrefix: `${queuePrefix}:pace:`, ...options.pacing });
    const mediaCache = createMediaCache({ redis: cacheRedis, keyPrefix: `${queuePrefix}:media:` });
    const nudgeRelay = relay.nudge;
    // BullMQ never closes a connection it was handed, so these are closed here after their workers.
    const inboundWorkerRedis = createRedisConnection(env.REDIS_URL, 'worker');
    const outboundWorkerRedis = createRedisConnection(env.REDIS_URL, 'worker');
    const inboundWorker = new Worker<QueuePayload<'inbound'>>(
      QUEUES.inbound.name,
      async (job) => {
        const stop = metrics.jobDuration.startTimer({ queue: 'inbound' });
        try {
          QUEUES.inbound.payload.parse(job.data);
          await processInboundEvent(job, {
            prisma,
            orgs,
            catalog,
            clock,
            metrics,
            logger,
            fileStore,
            onOutboxWritten: nudgeRelay,
          });
        } finally {
          stop();
        }
      },
      { connection: inboundWorkerRedis, prefix: queuePrefix, concurrency: 8 },
    );
    const outboundWorker = new Worker<QueuePayload<'outbound'>>(
      QUEUES.outbound.name,
      async (job, token) => {
        const stop = metrics.jobDuration.startTimer({ queue: 'outbound' });
        try {
          QUEUES.outbound.payload.parse(job.data);
          await deliverOutboxMessage(job, token, {
            prisma,
            wecomFor: (orgId) => orgs.get(orgId)?.wecom ?? wecom,
            pacing,
            fileStore,
            mediaCache,
            clock,
            metrics,
            logger,
            giveUpAfterMs: options.giveUpAfterMs,
          });
        } finally {
          stop();
        }
      },
      { connection: outboundWorkerRedis, prefix: queuePrefix, concurrency: 8 },
    );
    // Schedules: BullMQ job schedulers shared by every worker process, never a timer in one of them
    // (each period must fire once across the cluster, and survive the process that would own it).
    const scheduleWorkerRedis = createRedisConnection(env.REDIS_URL, 'worker');
    schedulesQueue = new Queue<QueuePayload<'schedules'>>(QUEUES.schedules.name, {
      connection: producerRedis,
      prefix: queuePrefix,
    });
    schedulesQueue.on('error', (error) => logger.warn({ err: error.message }, 'queue connection error'));
    const scheduleWorker = new Worker<QueuePayload<'schedules'>>(
      QUEUES.schedules.name,
      async (job) => {
        const stop = metrics.jobDuration.startTimer({ queue: 'schedules' });
        try {
          await handleScheduleJob(scheduleDeps, job);
          nudgeRelay();
        } finally {
          stop();
        }
      },
      { connection: scheduleWorkerRedis, prefix: queuePrefix, concurrency: 4 },
    );
    for (const worker of [inboundWorker, outboundWorker, scheduleWorker])
      worker.on('error', (error) => logger.warn({ err: error.message }, 'worker error'));
    // Running jobs get drainMs to finish; after that they are left to be retried (an outbox row left
    // `sending` is resent with WeCom's duplicate check; an event's transaction simply rolls back).
    const drainMs = options.drainMs ?? 7_000;
    closers.push(
      {
        name: 'workers',
        close: () => closeWorkers([inboundWorker, outboundWorker, scheduleWorker], drainMs, logger),
      },
      // disconnect, not quit: a worker connection queues commands while Redis is away, so QUIT could wait for ever
      {
        name: 'worker redis',
        close: async () => {
          inboundWorkerRedis.disconnect();
          outboundWorkerRedis.disconnect();
          scheduleWorkerRedis.disconnect();
        },
      },
      { name: 'outbox relay', close: () => relay!.stop() },
      { name: 'inbound relay', close: () => inboundRelay.stop() },
      { name: 'schedules queue', close: () => schedulesQueue!.close() },
    );
    await syncJobSchedulers(schedulesQueue, {
      orgId: orgRuntime.orgId,
      timezone: orgRuntime.timezone,
      crons: schedulesOf(config),
    });
  }

  const catchUpAllSchedules = async (since: Date): Promise<ScheduleRunOutcome[]> => {
    const outcomes: ScheduleRunOutcome[] = [];
    for (const org of orgs.all())
      outcomes.push(...(await catchUpSchedules(scheduleDeps, org.orgId, clock.now(), { since })));
    if (outcomes.length > 0) relay?.nudge();
    return outcomes;
  };

  let pool: pg.Pool | undefined;
  if (servesHttp) {
    pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 8 });
    // An idle client PostgreSQL drops (restart, failover, pg_terminate_backend) is reported on the
    // pool; with no listener that 'error' event is an uncaught exception that kills the web process.
    pool.on('error', (error) =>
      logger.warn({ err: error.message }, 'idle PostgreSQL connection lost; the pool replaces it'),
    );
    // The gateway only records; workers relay recorded events to the queue (src/inbound/relay-inbound.ts).
    const recorder = createInboundEventRecorder({ pool });
    const callbackRoutes = createCallbackRoutes({
      resolveOrg: (orgParam) => (orgParam === undefined ? orgs.defaultOrg() : orgs.get(orgParam)),
      recorder,
      clock,
      replayWindowSeconds: env.WECOM_REPLAY_WINDOW_SECONDS,
      metrics,
      logger,
    });
    const queueCounts = async (): Promise<Record<string, Record<string, number>>> => ({
      inbound: await inboundQueue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
      outbound: await outboundQueue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    });
    const app = createHttpApp({
      callbackRoutes,
      extraRoutes: [
        ...(env.ADMIN_TOKEN
          ? [
              createAdminRoutes({
                adminToken: env.ADMIN_TOKEN,
                prisma,
                orgs,
                clock,
                onReplayed: () => relay?.nudge(),
              }),
            ]
          : []),
        ...(options.extraRoutes?.({
          prisma,
          orgs,
          metrics,
          selfUrl: () => url ?? '',
          queueCounts,
          catchUpSchedules: catchUpAllSchedules,
        }) ?? []),
      ],
      metrics,
      logger,
      checkReadiness: async () => ({
        postgres: await pool!.query('SELECT 1').then(
          () => 'ok',
          (error: Error) => error.message,
        ),
        redis: await cacheRedis.ping().then(
          () => 'ok',
          (error: Error) => error.message,
        ),
      }),
      beforeScrape: async () => {
        for (const [name, counts] of Object.entries(await queueCounts())) {
          for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, count);
        }
        const pending = await prisma.outboxMessage.count({
          where: { status: { in: ['pending', 'queued', 'sending'] } },
        });
        metrics.queueDepth.set({ queue: 'outbox', state: 'unsent' }, pending);
      },
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(env.PORT, '0.0.0.0', () => resolve(listening));
    });
    // WeCom gives up after 5 s; a slower client is not WeCom.
    server.requestTimeout = 10_000;
    server.headersTimeout = 10_000;
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : env.PORT}`;
  }

  // A period missed while every worker was down runs now, once, marked late (spec 4) — after the
  // port is open, so a slow brief or a claim waiting on another process never holds up WeCom's
  // callbacks or /readyz. A failure is logged, not fatal: the next start tries again.
  const startupCatchUp: Promise<void> = runsWorkers
    ? catchUpSchedules(scheduleDeps, orgRuntime.orgId, clock.now())
        .then((outcomes) => {
          if (outcomes.length > 0) relay?.nudge();
        })
        .catch((error: unknown) => logger.error({ err: errorForLog(error) }, 'catching up missed schedules failed'))
    : Promise.resolve();

  /** Open steps and work items follow the directory: whoever left or stopped holding a step hands it over. */
  async function handOver(orgId: string, timezone: string, loaded: typeof directory): Promise<void> {
    const moved = await handOverAfterReload({ prisma, orgId, timezone, directory: loaded, catalog, clock, logger });
    if (moved) relay?.nudge();
  }

  async function reloadDirectory(): Promise<void> {
    const reloaded = await loadOrganization({
      prisma,
      orgFile: env.ORG_FILE,
      defaultTimezone: env.TZ_DEFAULT,
      logger,
      now: clock.now(),
    });
    orgs.replace(reloaded.config.org.id, { directory: reloaded.directory, timezone: reloaded.config.org.timezone });
    logger.info({ org: reloaded.config.org.id, people: reloaded.config.people.length }, 'directory reloaded');
    // a changed cron replaces the schedule (upsert by a stable id)
    if (schedulesQueue)
      await syncJobSchedulers(schedulesQueue, {
        orgId: reloaded.config.org.id,
        timezone: reloaded.config.org.timezone,
        crons: schedulesOf(reloaded.config),
      });
    await handOver(reloaded.config.org.id, reloaded.config.org.timezone, reloaded.directory);
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    prisma,
    orgs,
    metrics,
    reloadDirectory,
    startupCatchUp,
    stop() {
      stopping ??= shutDownInOrder(
        [
          {
            name: 'http',
            close: () =>
              server
                ? new Promise<void>((resolve) => {
                    server!.close(() => resolve());
                    server!.closeAllConnections();
                  })
                : Promise.resolve(),
          },
          // a catch-up still running finishes (or fails) before its connections close under it
          { name: 'start-time catch-up', close: () => startupCatchUp },
          ...closers,
          { name: 'queues', close: () => Promise.all([inboundQueue.close(), outboundQueue.close()]) },
          { name: 'queue prefix', close: () => prefixClaim.release() },
          { name: 'redis', close: () => Promise.all([producerRedis.quit(), cacheRedis.quit()]) },
          { name: 'callback pool', close: () => pool?.end() ?? Promise.resolve() },
          { name: 'prisma', close: () => prisma.$disconnect() },
        ],
        logger,
      );
      return stopping;
    },
  };
}
