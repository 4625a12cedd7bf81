import type { WecomDepartment, WecomUser } from '../wecom/types.js';

/** The directory the fake answers department/list and user/list from. */
export interface FakeContacts {
  departments: WecomDepartment[];
  users: WecomUser[];
}

/**
 * A misbehaviour to inject. Latency is applied first; then the call is dropped, answered with an
 * HTTP error, or answered with an errcode. A fault with only `latencyMs` lets the call through late.
 */
export interface FakeFault {
  /** e.g. '/cgi-bin/message/send'; absent = every API path, gettoken included. */
  path?: string;
  errcode?: number;
  /** e.g. 502: answered with a plain-text body, as a proxy in front of WeCom would. */
  httpStatus?: number;
  latencyMs?: number;
  /** Destroy the socket without answering. */
  dropConnection?: boolean;
  /** How many calls it affects; absent = until cleared. */
  times?: number;
}

/** Why an accepted message did not reach the member: WeCom says errcode 0 either way. */
export type DropReason = 'rate_limit' | 'duplicate';

/** One accepted message/send to one member (a "a|b" send is recorded once per member, same msgid). */
export interface RecordedMessage {
  msgid: string;
  toUser: string;
  msgtype: string;
  /** the parsed request body as sent */
  body: Record<string, unknown>;
  taskId?: string;
  responseCode?: string;
  /** a file message: the uploaded file it carried */
  file?: FakeFileDetails;
  /** ISO time by the fake's clock */
  at: string;
  isDelivered: boolean;
  dropped?: DropReason;
}

/** The file a file message carried, as the recipient would open it. */
export interface FakeFileDetails {
  mediaId: string;
  /** the name given at upload, which WeCom shows */
  fileName: string;
  sha256: string;
  sizeBytes: number;
}

/** A file message one member received. */
export interface ReceivedFile extends FakeFileDetails {
  msgid: string;
  toUser: string;
  /** ISO time by the fake's clock */
  at: string;
  isDelivered: boolean;
}

export interface RecordedCardUpdate {
  taskId: string;
  userIds: string[];
  responseCode: string;
  button?: { replace_name: string };
  templateCard?: Record<string, unknown>;
  at: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  /** the errcode answered, when the answer was WeCom JSON */
  errcode?: number;
  /** 0 when the connection was dropped */
  httpStatus: number;
  at: string;
}

export interface FakeCallStats {
  total: number;
  byPath: Record<string, number>;
  /** calls to /cgi-bin/gettoken, whatever they answered */
  tokenFetches: number;
  log: RecordedCall[];
}

/** What tests, the bench and the demo can inspect and steer in-process. */
export interface FakeWecomControl {
  messages(filter?: { toUser?: string }): RecordedMessage[];
  /** the file messages each member received, in the order sent (files are also in messages()) */
  files(filter?: { toUser?: string }): ReceivedFile[];
  /**
   * A file a member sends the app: WeCom keeps it as temporary media and puts its media_id in the
   * file message's callback. Returns the media_id media/get serves it under (for 3 days).
   */
  registerMemberFile(file: { fileName: string; bytes: Uint8Array }): string;
  /** a media file the fake holds (a member's or one the app uploaded), while its media_id is valid */
  media(mediaId: string): { fileName: string; bytes: Buffer; sha256: string; type: string } | undefined;
  cardUpdates(): RecordedCardUpdate[];
  calls(): FakeCallStats;
  injectFault(fault: FakeFault): void;
  clearFaults(): void;
  /** Every token issued so far now answers 42001. */
  expireTokens(): void;
  /** A fresh single-use response code for that card, as WeCom puts in every click event. */
  issueClickResponseCode(taskId: string, userId: string): string;
  /** Replace the directory. */
  setContacts(contacts: FakeContacts): void;
  /** Forget messages, cards, codes, media, tokens, calls and faults; the directory returns to its initial one. */
  reset(): void;
}

export interface FakeWecom extends FakeWecomControl {
  /** base URL, e.g. http://127.0.0.1:3900 */
  url: string;
  close(): Promise<void>;
}
