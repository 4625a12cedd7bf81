/** The one source of "now". Tests pass a fixed or advancing clock; nothing reads Date.now() directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told. */
export function fixedClock(start: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** A clock the local demo moves forward (spec 2.2); see {@link offsetClock}. */
export interface MovableClock extends Clock {
  /** moves forward by `ms` (≥ 0) */
  advance(ms: number): Date;
  /** moves forward to `to` */
  set(to: Date): Date;
}

/** Thrown when a movable clock is asked to go back: what already fired cannot un-fire. */
export class ClockWouldGoBack extends RangeError {}

/**
 * `base` plus an offset that only grows: the demo's time travel (XIAOBAN_FAKE_WECOM=1 only). Time
 * keeps running from wherever it was moved to. It never goes back, because schedules that fired for
 * the skipped time have their run records and would not fire again.
 */
export function offsetClock(base: Clock = systemClock): MovableClock {
  let offsetMs = 0;
  const now = (): Date => new Date(base.now().getTime() + offsetMs);
  const set = (to: Date): Date => {
    const by = to.getTime() - now().getTime();
    if (!Number.isFinite(by) || by < 0) throw new ClockWouldGoBack('the clock only moves forward');
    offsetMs += by;
    return now();
  };
  return { now, set, advance: (ms) => set(new Date(now().getTime() + ms)) };
}
