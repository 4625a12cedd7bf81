import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';

/** DOC 94888: a response_code allows one update_template_card within 72 hours. */
const LIFETIME_MS = 72 * 3600 * 1000;

export interface ResponseCodeGrant {
  taskId: string;
  userIds: string[];
}

/** Response codes handed out by sends and click events. */
export class FakeResponseCodes {
  private readonly codes = new Map<string, ResponseCodeGrant & { issuedAtMs: number; isUsed: boolean }>();

  constructor(private readonly clock: Clock) {}

  issue(grant: ResponseCodeGrant): string {
    const code = randomBytes(36).toString('base64url');
    this.codes.set(code, { ...grant, issuedAtMs: this.clock.now().getTime(), isUsed: false });
    return code;
  }

  /** Spends the code; undefined when it is unknown, used or older than 72 h (WeCom answers 60140). */
  consume(code: string): ResponseCodeGrant | undefined {
    const entry = this.codes.get(code);
    if (!entry || entry.isUsed) return undefined;
    if (this.clock.now().getTime() - entry.issuedAtMs >= LIFETIME_MS) return undefined;
    entry.isUsed = true;
    return { taskId: entry.taskId, userIds: entry.userIds };
  }

  clear(): void {
    this.codes.clear();
  }
}
