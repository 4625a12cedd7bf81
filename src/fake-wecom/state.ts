import type { Clock } from '../shared/clock.js';
import { FakeDeliveryLimits } from './delivery-limits.js';
import { FakeFaultStore } from './fault-store.js';
import { FakeMediaStore } from './media-store.js';
import { FakeResponseCodes } from './response-codes.js';
import { FakeTokenStore } from './token-store.js';
import type {
  FakeCallStats,
  FakeContacts,
  FakeFault,
  FakeWecomControl,
  ReceivedFile,
  RecordedCall,
  RecordedCardUpdate,
  RecordedMessage,
} from './types.js';

export interface FakeAppIdentity {
  corpId: string;
  secret: string;
  agentId: number;
}

/** Everything the fake remembers, and the in-process controls over it. */
export class FakeWecomState implements FakeWecomControl {
  readonly tokens: FakeTokenStore;
  readonly faults = new FakeFaultStore();
  readonly responseCodes: FakeResponseCodes;
  readonly deliveryLimits: FakeDeliveryLimits;
  readonly mediaStore: FakeMediaStore;
  /** task_ids are unique per app, forever (DOC 90236) */
  readonly usedTaskIds = new Set<string>();
  readonly recordedMessages: RecordedMessage[] = [];
  readonly recordedCardUpdates: RecordedCardUpdate[] = [];
  readonly recordedCalls: RecordedCall[] = [];
  contacts: FakeContacts;

  constructor(
    readonly identity: FakeAppIdentity,
    readonly clock: Clock,
    private readonly initialContacts: FakeContacts,
  ) {
    this.tokens = new FakeTokenStore(clock);
    this.responseCodes = new FakeResponseCodes(clock);
    this.deliveryLimits = new FakeDeliveryLimits(clock);
    this.mediaStore = new FakeMediaStore(clock);
    this.contacts = structuredClone(initialContacts);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  messages(filter: { toUser?: string } = {}): RecordedMessage[] {
    const { toUser } = filter;
    return this.recordedMessages
      .filter((message) => toUser === undefined || message.toUser === toUser)
      .map((message) => structuredClone(message));
  }

  files(filter: { toUser?: string } = {}): ReceivedFile[] {
    return this.messages(filter).flatMap((message) =>
      message.file
        ? [
            {
              ...message.file,
              msgid: message.msgid,
              toUser: message.toUser,
              at: message.at,
              isDelivered: message.isDelivered,
            },
          ]
        : [],
    );
  }

  registerMemberFile(file: { fileName: string; bytes: Uint8Array }): string {
    return this.mediaStore.add({
      type: 'file',
      fileName: file.fileName,
      bytes: Buffer.from(file.bytes),
      source: 'member',
    }).mediaId;
  }

  media(mediaId: string): { fileName: string; bytes: Buffer; sha256: string; type: string } | undefined {
    const media = this.mediaStore.get(mediaId);
    return (
      media && { fileName: media.fileName, bytes: Buffer.from(media.bytes), sha256: media.sha256, type: media.type }
    );
  }

  cardUpdates(): RecordedCardUpdate[] {
    return structuredClone(this.recordedCardUpdates);
  }

  calls(): FakeCallStats {
    const byPath: Record<string, number> = {};
    for (const call of this.recordedCalls) byPath[call.path] = (byPath[call.path] ?? 0) + 1;
    return {
      total: this.recordedCalls.length,
      byPath,
      tokenFetches: byPath['/cgi-bin/gettoken'] ?? 0,
      log: structuredClone(this.recordedCalls),
    };
  }

  injectFault(fault: FakeFault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }

  issueClickResponseCode(taskId: string, userId: string): string {
    if (!this.usedTaskIds.has(taskId)) throw new Error(`fake-wecom: no card with task_id ${taskId} was sent`);
    return this.responseCodes.issue({ taskId, userIds: [userId] });
  }

  setContacts(contacts: FakeContacts): void {
    this.contacts = structuredClone(contacts);
  }

  reset(): void {
    this.tokens.clear();
    this.faults.clear();
    this.responseCodes.clear();
    this.deliveryLimits.clear();
    this.mediaStore.clear();
    this.usedTaskIds.clear();
    this.recordedMessages.length = 0;
    this.recordedCardUpdates.length = 0;
    this.recordedCalls.length = 0;
    this.contacts = structuredClone(this.initialContacts);
  }
}
