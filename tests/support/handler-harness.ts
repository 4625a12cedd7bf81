import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ButtonInteractionCard } from '../../src/wecom/types.js';
import { readCardUpdateBody, readFileMessageBody, readOutgoingMessage } from '../../src/outbox/outbox-body.js';
import { createFileStore, type FileStore } from '../../src/file-store/file-store.js';
import { fetchSentFile, type FileArrival } from '../../src/inbound/fetch-sent-file.js';
import { pino } from 'pino';
import { buildCatalog } from '../../src/app/build-catalog.js';
import type { CommandCatalog } from '../../src/commands/command-catalog.js';
import { loadDirectory } from '../../src/directory/load-directory.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import { saveDirectory } from '../../src/directory/save-directory.js';
import type { Directory } from '../../src/directory/types.js';
import { dispatchEvent, type InboundEventRow } from '../../src/inbound/dispatch-event.js';
import type { OrgRuntime } from '../../src/runtime/org-runtime.js';
import { fixedClock } from '../../src/shared/clock.js';
import type { WecomApi } from '../../src/wecom/types.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** One message the service would send, as a person would see it. */
export interface Sent {
  to: string;
  kind: 'text' | 'markdown' | 'card' | 'card_update' | 'failure_notice' | 'file';
  /** the text, the card's title, what the update puts in place of the buttons, or the file's name */
  text: string;
  /** a file message: which stored file, under which name */
  file?: { sha256: string; fileName: string };
  /** cards and their updates */
  taskId?: string;
  /** a card's buttons, by key */
  buttons?: string[];
  /** a card's whole content, for the rows */
  card?: ButtonInteractionCard;
}

/**
 * Workflow rules at handler level: a person's message or tap goes through the same dispatch, router
 * and workflow code as in production, on a database of its own with a clock the test sets, and comes
 * back as what the service would send — in milliseconds, without HTTP, queues or the fake WeCom.
 * Each call is its own transaction, committed, so a test can go on from where the last one left off.
 * The end-to-end tests through the gateway stay for what needs the whole path.
 */
export interface HandlerHarness {
  db: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  directory: Directory;
  say(from: string, text: string): Promise<Sent[]>;
  tap(from: string, taskId: string, key: string): Promise<Sent[]>;
  /**
   * `from` sends the bot a file (a WeCom file message): fetched and stored as the service does it
   * (src/inbound/fetch-sent-file.ts), then dispatched. What follows is what would be sent.
   */
  sendFile(from: string, file: { name: string; bytes: Uint8Array }): Promise<Sent[]>;
  /** where sent files are stored: read them back with `fileStore.read(sha256)` */
  fileStore: FileStore;
  /** the last card `to` received, e.g. to tap it */
  lastCardTo(to: string): Promise<Sent>;
  close(): Promise<void>;
}

/**
 * The limits the worker gives an event's transaction (src/inbound/process-inbound-event.ts), not
 * Prisma's 5 s default: on a loaded test machine a command that sends a dozen cards may take longer.
 */
export const EVENT_TRANSACTION = { timeout: 30_000, maxWait: 10_000 };

const NO_WECOM: WecomApi = new Proxy({} as WecomApi, {
  get: () => () => Promise.reject(new Error('a handler called WeCom directly; messages go through the outbox')),
});

/** WeCom as the file fetch before a transaction sees it: media/get serves what members sent; nothing else. */
function harnessWecom(memberFiles: Map<string, { name: string; bytes: Buffer }>): WecomApi {
  return new Proxy({} as WecomApi, {
    get: (_target, name) =>
      name === 'getMedia'
        ? (mediaId: string, options: { maxBytes: number }) => {
            const file = memberFiles.get(mediaId);
            if (!file) return Promise.reject(new Error(`no media ${mediaId}`));
            return Promise.resolve(
              file.bytes.byteLength > options.maxBytes
                ? { kind: 'too_large', sizeBytes: file.bytes.byteLength }
                : { kind: 'file', bytes: file.bytes, fileName: file.name, contentType: undefined },
            );
          }
        : NO_WECOM[name as keyof WecomApi],
  });
}

export async function createHandlerHarness(
  options: {
    orgFile?: string;
    now?: string;
    catalog?: CommandCatalog;
    /** a database prepared elsewhere (e.g. migrated from an older version's rows); dropped by close() */
    db?: TestDatabase;
  } = {},
): Promise<HandlerHarness> {
  const db = options.db ?? (await createTestDatabase());
  const clock = fixedClock(options.now ?? '2026-11-30T01:00:00Z');
  const config = await loadOrgFile(options.orgFile ?? 'config/org.yaml');
  await saveDirectory(db.prisma, config, 'file');
  const directory = await loadDirectory(db.prisma, config);
  const memberFiles = new Map<string, { name: string; bytes: Buffer }>();
  const fileStoreDir = await mkdtemp(join(tmpdir(), 'xiaoban-harness-files-'));
  const fileStore = createFileStore(fileStoreDir);
  const org: OrgRuntime = {
    orgId: config.org.id,
    timezone: config.org.timezone,
    keys: { token: '', encodingAesKey: '', corpId: '' },
    directory,
    wecom: harnessWecom(memberFiles),
  };
  const catalog = options.catalog ?? buildCatalog();
  const logger = pino({ level: 'silent' });
  let sequence = 0n;

  async function dispatch(
    from: string,
    event: Pick<InboundEventRow, 'msgType' | 'event' | 'payload'>,
    file?: FileArrival,
  ): Promise<Sent[]> {
    sequence += 1n;
    const row: InboundEventRow = { id: sequence, orgId: org.orgId, fromUserId: from, ...event };
    return db.prisma.$transaction(async (tx) => {
      const [mark] = await tx.$queryRaw<{ last: bigint | null }[]>`SELECT max(id) AS last FROM outbox_message`;
      await dispatchEvent(tx, row, { org, catalog, clock, logger, file });
      const written = await tx.outboxMessage.findMany({
        where: { id: { gt: mark?.last ?? 0n } },
        orderBy: { id: 'asc' },
      });
      return written.map(asSent);
    }, EVENT_TRANSACTION);
  }

  return {
    db,
    clock,
    directory,
    say: (from, text) => dispatch(from, { msgType: 'text', event: null, payload: { Content: text } }),
    tap: (from, taskId, key) =>
      dispatch(from, {
        msgType: 'event',
        event: 'template_card_event',
        payload: { TaskId: taskId, EventKey: key, ResponseCode: `code-${sequence}` },
      }),
    fileStore,
    async sendFile(from, file) {
      const mediaId = `harness-media-${memberFiles.size + 1}`;
      memberFiles.set(mediaId, { name: file.name, bytes: Buffer.from(file.bytes) });
      const payload = { MediaId: mediaId, FileName: file.name };
      const arrival = await fetchSentFile(
        { prisma: db.prisma, wecom: org.wecom, fileStore, clock, logger },
        { orgId: org.orgId, fromUserId: from, payload },
      );
      return dispatch(from, { msgType: 'file', event: null, payload }, arrival);
    },
    async lastCardTo(to) {
      const row = await db.prisma.outboxMessage.findFirst({
        where: { toUserId: to, kind: 'template_card' },
        orderBy: { id: 'desc' },
      });
      if (!row) throw new Error(`${to} has received no card`);
      return asSent(row);
    },
    async close() {
      await db.drop();
      await rm(fileStoreDir, { recursive: true, force: true });
    },
  };
}

/** A queued message as WeCom would receive it (the outbox's own reading and rendering). */
export function asSent(row: { toUserId: string; kind: string; body: unknown }): Sent {
  switch (row.kind) {
    case 'template_card': {
      const message = readOutgoingMessage(row.body);
      if (message.msgtype !== 'template_card') throw new Error('a card row that is not a card');
      const card = message.template_card;
      const buttons = (card.button_list ?? []).map((button) => button.key);
      return { to: row.toUserId, kind: 'card', text: card.main_title.title, taskId: card.task_id, buttons, card };
    }
    case 'update_template_card': {
      const update = readCardUpdateBody(row.body);
      const text = 'button' in update.update ? update.update.button.replace_name : '';
      return { to: row.toUserId, kind: 'card_update', text, taskId: update.taskId };
    }
    case 'file': {
      const file = readFileMessageBody(row.body);
      return { to: row.toUserId, kind: 'file', text: file.fileName, file };
    }
    default: {
      const body = row.body as Record<string, Record<string, unknown>>;
      const content = (body.text ?? body.markdown)?.content;
      return { to: row.toUserId, kind: row.kind as Sent['kind'], text: String(content ?? '') };
    }
  }
}
