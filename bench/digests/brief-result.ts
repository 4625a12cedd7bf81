/** What bench/digests/brief-child.mjs reports for one weekly brief in a process of its own. */
export interface BriefChildResult {
  /** the first build in a fresh process (cold caches and JIT), as the Friday job meets it */
  coldMs: number;
  /** a second build right after */
  warmMs: number;
  /** the process's peak resident set, from process.resourceUsage().maxRSS */
  peakRssMiB: number;
  /** the resident set just before the first build (the service's modules, Prisma, the directory) */
  rssBeforeMiB: number;
  /** heap used after the build minus before, both after a full GC: what the brief keeps */
  heapDeltaMiB: number;
  /** heap used just before the build, after a full GC */
  heapBeforeMiB: number;
  /** the highest heap used sampled (every 5 ms) during the build */
  heapPeakMiB: number;
  briefBytes: number;
}
