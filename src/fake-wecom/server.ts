import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../shared/clock.js';
import { createFakeWecomApp } from './app.js';
import { FakeWecomState } from './state.js';
import type { FakeContacts, FakeWecom } from './types.js';

export type * from './types.js';
export { createFakeWecomApp } from './app.js';
export { FakeWecomState } from './state.js';

export interface StartFakeWecomOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  corpId: string;
  secret: string;
  agentId: number;
  /** Drives token expiry, response-code age, rate-limit windows and duplicate checks. Default: system clock. */
  clock?: Clock;
  /** Default: empty, and then every touser is accepted. */
  contacts?: FakeContacts;
}

/** Starts the fake WeCom API on 127.0.0.1. */
export async function startFakeWecom(options: StartFakeWecomOptions): Promise<FakeWecom> {
  const state = new FakeWecomState(
    { corpId: options.corpId, secret: options.secret, agentId: options.agentId },
    options.clock ?? systemClock,
    options.contacts ?? { departments: [], users: [] },
  );
  const server = createServer(createFakeWecomApp(state));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    // Idempotent; keep-alive sockets are cut so close() does not wait for idle clients.
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
    messages: (filter) => state.messages(filter),
    files: (filter) => state.files(filter),
    registerMemberFile: (file) => state.registerMemberFile(file),
    media: (mediaId) => state.media(mediaId),
    cardUpdates: () => state.cardUpdates(),
    calls: () => state.calls(),
    injectFault: (fault) => state.injectFault(fault),
    clearFaults: () => state.clearFaults(),
    expireTokens: () => state.expireTokens(),
    issueClickResponseCode: (taskId, userId) => state.issueClickResponseCode(taskId, userId),
    setContacts: (contacts) => state.setContacts(contacts),
    reset: () => state.reset(),
  };
}
