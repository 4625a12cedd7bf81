import type { FakeFault } from './types.js';

/** Injected faults, consumed in the order they were added. */
export class FakeFaultStore {
  private faults: { fault: FakeFault; remaining: number }[] = [];

  add(fault: FakeFault): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new Error(`fake-wecom: fault.times must be a positive integer, got ${fault.times}`);
    }
    this.faults.push({ fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault that applies to this path, with one of its uses spent. */
  take(path: string): FakeFault | undefined {
    const entry = this.faults.find(({ fault }) => fault.path === undefined || fault.path === path);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults = this.faults.filter((other) => other !== entry);
    return entry.fault;
  }
}
