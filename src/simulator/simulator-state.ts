/** What the simulator itself remembers, in memory: what each person typed and the callbacks it sent. */

export interface TypedMessage {
  /** the WeCom MsgId the simulator gave it */
  msgId: string;
  userId: string;
  /** what was typed; for a file, its name */
  content: string;
  /** a file the person sent instead of text */
  file?: { name: string; sizeBytes: number; mediaId: string };
  /** ISO time it was sent */
  at: string;
  /** HTTP status /wecom/callback answered: null while in flight, 0 when the request failed */
  httpStatus: number | null;
}

export interface SentCallback {
  /** 'text' for a typed message, 'file' for a file sent, 'template_card_event' for a tap */
  kind: 'text' | 'file' | 'template_card_event';
  from: string;
  /** what was typed, the file's name and size, or the tapped button's key and the card's task_id */
  summary: string;
  at: string;
  httpStatus: number;
  latencyMs: number;
  /** why the request itself failed (connection refused, timeout) */
  error?: string;
}

/** The log keeps the last callbacks only: enough to learn from, never a leak. */
const CALLBACK_LOG_SIZE = 20;
/** Per person; an evening of clicking around stays far below it. */
const TYPED_PER_PERSON = 500;

export class SimulatorState {
  private readonly typed = new Map<string, TypedMessage[]>();
  private readonly callbackLog: SentCallback[] = [];

  recordTyped(message: TypedMessage): void {
    const list = this.typed.get(message.userId) ?? [];
    list.push(message);
    if (list.length > TYPED_PER_PERSON) list.splice(0, list.length - TYPED_PER_PERSON);
    this.typed.set(message.userId, list);
  }

  typedBy(userId: string): readonly TypedMessage[] {
    return this.typed.get(userId) ?? [];
  }

  recordCallback(callback: SentCallback): void {
    this.callbackLog.push(callback);
    if (this.callbackLog.length > CALLBACK_LOG_SIZE) this.callbackLog.shift();
  }

  /** newest first */
  recentCallbacks(): SentCallback[] {
    return [...this.callbackLog].reverse();
  }
}
