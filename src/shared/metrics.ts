import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every Prometheus metric Xiaoban exports, on one registry per process (tests build their own). */
export interface Metrics {
  registry: Registry;
  /** outcome: accepted | duplicate | verified (GET) | bad_signature | wrong_receiver | stale_timestamp | malformed | too_large | unknown_org | error */
  callbacks: Counter<'outcome'>;
  callbackDuration: Histogram<'method'>;
  wecomApiCalls: Counter<'api' | 'errcode'>;
  wecomApiDuration: Histogram<'api'>;
  inboundProcessed: Counter<'kind' | 'outcome'>;
  outboxSent: Counter<'kind' | 'outcome'>;
  queueDepth: Gauge<'queue' | 'state'>;
  jobDuration: Histogram<'queue'>;
  /** a schedule's period run, late (迟发: at start or after the demo clock moved) or not */
  scheduleRuns: Counter<'schedule' | 'is_late'>;
  /** a period's job that found its run already claimed (another process, a job delivered twice) */
  scheduleDuplicates: Counter<'schedule'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'xiaoban_' });
  return {
    registry,
    callbacks: new Counter({
      name: 'xiaoban_callbacks_total',
      help: 'WeCom callbacks by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    callbackDuration: new Histogram({
      name: 'xiaoban_callback_duration_seconds',
      help: 'Time from receiving a callback to answering it',
      labelNames: ['method'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    wecomApiCalls: new Counter({
      name: 'xiaoban_wecom_api_calls_total',
      help: 'WeCom API calls by API and errcode',
      labelNames: ['api', 'errcode'],
      registers: [registry],
    }),
    wecomApiDuration: new Histogram({
      name: 'xiaoban_wecom_api_duration_seconds',
      help: 'WeCom API call latency',
      labelNames: ['api'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    inboundProcessed: new Counter({
      name: 'xiaoban_inbound_processed_total',
      help: 'Inbound events processed, by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    outboxSent: new Counter({
      name: 'xiaoban_outbox_messages_total',
      help: 'Outbox messages by kind and final outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'xiaoban_queue_depth',
      help: 'Jobs per queue and state (sampled at scrape)',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'xiaoban_job_duration_seconds',
      help: 'Queue job handling time',
      labelNames: ['queue'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    scheduleRuns: new Counter({
      name: 'xiaoban_schedule_runs_total',
      help: 'Schedule periods run, by schedule and whether the run was late',
      labelNames: ['schedule', 'is_late'],
      registers: [registry],
    }),
    scheduleDuplicates: new Counter({
      name: 'xiaoban_schedule_duplicates_skipped_total',
      help: 'Schedule jobs skipped because their period had already run',
      labelNames: ['schedule'],
      registers: [registry],
    }),
  };
}
