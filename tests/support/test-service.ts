import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Env } from '../../src/config/env.js';
import { startXiaoban, type RunningXiaoban, type XiaobanOptions } from '../../src/app/start-xiaoban.js';
import {
  cardTapXml,
  fileMessageXml,
  newMsgId,
  signCallback,
  textMessageXml,
} from '../../src/gateway/build-callback.js';
import type { CallbackKeys } from '../../src/gateway/callback-crypto.js';
import { startFakeWecom, type FakeWecom, type RecordedMessage } from '../../src/fake-wecom/server.js';
import { systemClock, type Clock } from '../../src/shared/clock.js';
import type { Tx } from '../../src/db/prisma.js';
import type { BaseContext } from '../../src/kit/context.js';
import { createMetrics } from '../../src/shared/metrics.js';
import { deleteRedisPrefix } from './redis-server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_REDIS_URL } from './services.js';

export const TEST_KEYS: CallbackKeys = {
  token: 'xiaobanTestToken',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wwxiaobantest0001',
};
export const TEST_AGENT_ID = 1000002;
export const TEST_SECRET = 'test-app-secret';

export interface TestService {
  service: RunningXiaoban;
  url: string;
  fake: FakeWecom;
  db: TestDatabase;
  env: Env;
  queuePrefix: string;
  /** where the service stores the documents' files (FILE_STORE_DIR), a folder of this service's own */
  fileStoreDir: string;
  /** POSTs a signed text message as `from`; resolves with the HTTP status */
  sendText(from: string, content: string, options?: { msgId?: string; createTime?: number }): Promise<number>;
  /**
   * `from` sends the bot a file, as WeCom delivers it: the fake WeCom holds the bytes as temporary
   * media and a signed file message callback names its media_id. Resolves with the HTTP status.
   */
  sendFile(
    from: string,
    file: { name: string; bytes: Uint8Array },
    options?: { msgId?: string; createTime?: number },
  ): Promise<{ status: number; mediaId: string; sha256: string }>;
  /** taps a button on a card the fake recorded, as `from`, with a fresh response code */
  tap(from: string, taskId: string, eventKey: string, options?: { createTime?: number }): Promise<number>;
  /** waits until `toUser` has received at least `count` messages after `since` and returns them */
  waitForMessages(
    toUser: string,
    count: number,
    options?: { since?: number; timeoutMs?: number },
  ): Promise<RecordedMessage[]>;
  /** every text/markdown/card content `toUser` received, in order */
  textsTo(toUser: string): string[];
  /**
   * Resolves once the service has nothing left to do now: every callback processed (or failed) and
   * every message that is due sent (or failed), so the fake WeCom has seen all of it. What a test
   * waits on instead of a fixed sleep, before asserting that something did not happen.
   */
  quiesce(options?: { timeoutMs?: number }): Promise<void>;
  /** the kit's context for the demo school in `tx`, as a schedule gets it (no actor): to call workflow code directly */
  contextIn(tx: Tx): BaseContext;
  /** stops everything; `keepRedisKeys` leaves the queue prefix's keys (jobs) behind, as a crash or another deployment would */
  stop(options?: { keepRedisKeys?: boolean }): Promise<void>;
}

export function textOf(message: RecordedMessage): string {
  if (message.file) return `［文件］${message.file.fileName}`;
  const body = message.body as {
    text?: { content: string };
    markdown?: { content: string };
    template_card?: { main_title?: { title: string } };
  };
  return body.text?.content ?? body.markdown?.content ?? body.template_card?.main_title?.title ?? '';
}

/** What every service a test starts shares: quiet logs, its own metrics, and relays and retries fast enough to wait for. */
export function testServiceOptions(): Pick<
  XiaobanOptions,
  'logger' | 'metrics' | 'relayIntervalMs' | 'inboundRelayIntervalMs' | 'outboundBackoffMs'
> {
  return {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    relayIntervalMs: 100,
    inboundRelayIntervalMs: 200,
    outboundBackoffMs: 100,
  };
}

/** The whole service against a database of its own, the local Redis under a fresh prefix, and a fake WeCom. */
export async function startTestService(
  options: {
    clock?: Clock;
    overrides?: Partial<XiaobanOptions>;
    envOverrides?: Partial<Env>;
    /** Default: a fresh one. Two services given the same prefix share their queues, as two deployments on one Redis would. */
    queuePrefix?: string;
    /** how the service reaches its database (e.g. through a proxy the test can cut); `t.db` stays direct */
    databaseUrlFor?: (url: string) => string;
  } = {},
): Promise<TestService> {
  const db = await createTestDatabase();
  const fileStoreDir = await mkdtemp(join(tmpdir(), 'xiaoban-files-'));
  const fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
  const queuePrefix = options.queuePrefix ?? `xbt-${randomBytes(4).toString('hex')}`;
  const env: Env = Object.freeze({
    DATABASE_URL: options.databaseUrlFor?.(db.url) ?? db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: 0,
    ORG_FILE: 'config/org.yaml',
    XIAOBAN_ROLE: 'all',
    WECOM_CORP_ID: TEST_KEYS.corpId,
    WECOM_AGENT_ID: TEST_AGENT_ID,
    WECOM_SECRET: TEST_SECRET,
    WECOM_TOKEN: TEST_KEYS.token,
    WECOM_ENCODING_AES_KEY: TEST_KEYS.encodingAesKey,
    WECOM_API_BASE: fake.url,
    WECOM_REPLAY_WINDOW_SECONDS: 300,
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    TZ_DEFAULT: 'Asia/Shanghai',
    LOG_LEVEL: 'silent',
    XIAOBAN_FAKE_WECOM: '0',
    NODE_ENV: 'test',
    FILE_STORE_DIR: fileStoreDir,
    ...options.envOverrides,
  } as Env);
  const clock = options.clock ?? systemClock;
  let service: RunningXiaoban;
  try {
    service = await startXiaoban({ env, clock, ...testServiceOptions(), queuePrefix, ...options.overrides });
    // what the start catches up runs after the port opens: settled here, so a test starts from it
    await service.startupCatchUp;
  } catch (error) {
    await fake.close();
    await db.drop();
    await rm(fileStoreDir, { recursive: true, force: true });
    throw error;
  }
  const url = service.url!;

  async function post(path: string, body: string): Promise<number> {
    const response = await fetch(url + path, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
    await response.arrayBuffer();
    return response.status;
  }
  const nowSeconds = (): number => Math.floor(clock.now().getTime() / 1000);

  const harness: TestService = {
    service,
    url,
    fake,
    db,
    env,
    queuePrefix,
    fileStoreDir,
    async sendFile(from, file, opts = {}) {
      const mediaId = fake.registerMemberFile({ fileName: file.name, bytes: file.bytes });
      const xml = fileMessageXml({
        corpId: TEST_KEYS.corpId,
        from,
        mediaId,
        fileName: file.name,
        msgId: opts.msgId ?? newMsgId(),
        createTime: opts.createTime ?? nowSeconds(),
        agentId: TEST_AGENT_ID,
      });
      const signed = signCallback(TEST_KEYS, xml, { timestamp: nowSeconds() });
      const status = await post(signed.path, signed.body);
      return { status, mediaId, sha256: createHash('sha256').update(file.bytes).digest('hex') };
    },
    sendText(from, content, opts = {}) {
      const xml = textMessageXml({
        corpId: TEST_KEYS.corpId,
        from,
        content,
        msgId: opts.msgId ?? newMsgId(),
        createTime: opts.createTime ?? nowSeconds(),
        agentId: TEST_AGENT_ID,
      });
      const signed = signCallback(TEST_KEYS, xml, { timestamp: nowSeconds() });
      return post(signed.path, signed.body);
    },
    tap(from, taskId, eventKey, opts = {}) {
      const responseCode = fake.issueClickResponseCode(taskId, from);
      const xml = cardTapXml({
        corpId: TEST_KEYS.corpId,
        from,
        taskId,
        eventKey,
        responseCode,
        createTime: opts.createTime ?? nowSeconds(),
        agentId: TEST_AGENT_ID,
      });
      const signed = signCallback(TEST_KEYS, xml, { timestamp: nowSeconds() });
      return post(signed.path, signed.body);
    },
    async waitForMessages(toUser, count, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
      const since = opts.since ?? 0;
      for (;;) {
        const received = fake.messages({ toUser }).slice(since);
        if (received.length >= count) return received;
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} message(s) to ${toUser} after #${since}, got ${received.length}: ${JSON.stringify(received.map(textOf))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    textsTo(toUser) {
      return fake.messages({ toUser }).map(textOf);
    },
    async quiesce(opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
      for (;;) {
        const [busy] = await db.prisma.$queryRaw<{ events: bigint; messages: bigint }[]>`
          SELECT (SELECT count(*) FROM inbound_event WHERE status IN ('accepted', 'queued')) AS events,
                 (SELECT count(*) FROM outbox_message WHERE status IN ('pending', 'queued', 'sending') AND not_before <= ${clock.now()}) AS messages`;
        if (busy && busy.events === 0n && busy.messages === 0n) return;
        if (Date.now() > deadline)
          throw new Error(
            `the service was still busy after the deadline: ${busy?.events} callback(s), ${busy?.messages} message(s)`,
          );
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    contextIn(tx) {
      const org = service.orgs.defaultOrg();
      return { tx, orgId: org.orgId, timezone: org.timezone, directory: org.directory, clock };
    },
    async stop(stopOptions = {}) {
      await service.stop();
      await fake.close();
      await db.drop();
      await rm(fileStoreDir, { recursive: true, force: true });
      // The shared Redis outlives the run: leave none of this test's queues, tokens or pacing keys
      // behind. (A private Redis a test started is thrown away whole.)
      if (env.REDIS_URL === TEST_REDIS_URL && !stopOptions.keepRedisKeys)
        await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
    },
  };
  return harness;
}
