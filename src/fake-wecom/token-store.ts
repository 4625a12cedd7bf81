import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';

const LIFETIME_SECONDS = 7200;

export interface IssuedToken {
  accessToken: string;
  /** seconds left, as gettoken reports it */
  expiresIn: number;
}

/**
 * The app's access tokens. Like WeCom (DOC 91039), asking again while a token is valid returns the
 * same token; expireAll() plays WeCom invalidating tokens early.
 */
export class FakeTokenStore {
  private readonly expiresAtMs = new Map<string, number>();
  private readonly expiredEarly = new Set<string>();
  private current: string | undefined;

  constructor(private readonly clock: Clock) {}

  issue(): IssuedToken {
    const nowMs = this.clock.now().getTime();
    if (this.current && this.check(this.current) === 0) {
      const left = Math.floor((this.expiresAtMs.get(this.current)! - nowMs) / 1000);
      return { accessToken: this.current, expiresIn: left };
    }
    const accessToken = randomBytes(48).toString('base64url');
    this.expiresAtMs.set(accessToken, nowMs + LIFETIME_SECONDS * 1000);
    this.current = accessToken;
    return { accessToken, expiresIn: LIFETIME_SECONDS };
  }

  /** 0 valid, 40014 unknown, 42001 expired. */
  check(accessToken: string): 0 | 40014 | 42001 {
    const expiresAtMs = this.expiresAtMs.get(accessToken);
    if (expiresAtMs === undefined) return 40014;
    if (this.expiredEarly.has(accessToken) || this.clock.now().getTime() >= expiresAtMs) return 42001;
    return 0;
  }

  expireAll(): void {
    for (const token of this.expiresAtMs.keys()) this.expiredEarly.add(token);
    this.current = undefined;
  }

  clear(): void {
    this.expiresAtMs.clear();
    this.expiredEarly.clear();
    this.current = undefined;
  }
}
