import type { Clock } from '../shared/clock.js';
import type { DropReason } from './types.js';

/** DOC 90312: per app, at most 30 messages a minute and 1000 an hour to one member; excess is dropped. */
const LIMITS = [
  { windowMs: 60_000, max: 30 },
  { windowMs: 3_600_000, max: 1000 },
] as const;
const LONGEST_WINDOW_MS = 3_600_000;

/**
 * Decides whether an accepted message reaches the member. Real WeCom answers errcode 0 in every case
 * and silently drops, which is exactly what our pacing must cope with.
 */
export class FakeDeliveryLimits {
  private readonly deliveredAtMs = new Map<string, number[]>();
  /** member + content -> last delivery time, for enable_duplicate_check */
  private readonly lastIdenticalAtMs = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Records a delivery when there is one; returns why not otherwise. */
  deliver(member: string, contentKey: string, duplicateCheckSeconds: number | undefined): DropReason | undefined {
    const nowMs = this.clock.now().getTime();
    const identicalKey = `${member}\u0000${contentKey}`;
    if (duplicateCheckSeconds !== undefined) {
      const lastMs = this.lastIdenticalAtMs.get(identicalKey);
      if (lastMs !== undefined && nowMs - lastMs < duplicateCheckSeconds * 1000) return 'duplicate';
    }
    const recent = (this.deliveredAtMs.get(member) ?? []).filter((atMs) => nowMs - atMs < LONGEST_WINDOW_MS);
    this.deliveredAtMs.set(member, recent);
    const isOverLimit = LIMITS.some(
      ({ windowMs, max }) => recent.filter((atMs) => nowMs - atMs < windowMs).length >= max,
    );
    if (isOverLimit) return 'rate_limit';
    recent.push(nowMs);
    this.lastIdenticalAtMs.set(identicalKey, nowMs);
    return undefined;
  }

  clear(): void {
    this.deliveredAtMs.clear();
    this.lastIdenticalAtMs.clear();
  }
}
