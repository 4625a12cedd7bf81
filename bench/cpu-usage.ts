import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds spent by the processes on each side of a round, read from /proc (Linux; elsewhere
 * everything reads as zero). Divided by the responses of the round it gives CPU per request, which
 * other load on the machine does not distort the way it distorts requests per second.
 */
export interface CpuGroups {
  server: number[];
  postgres: number[];
  redis: number[];
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
  } catch {
    return 0; // gone, or no /proc
  }
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * PostgreSQL processes that work for `databaseName`: its backends and the shared WAL writer,
 * checkpointer and background writer (which other databases' load can also keep busy).
 */
export function findSupportPids(databaseName: string): { postgres: number[]; redis: number[] } {
  const postgres: number[] = [];
  const redis: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { postgres, redis };
  }
  for (const entry of entries) {
    const pid = Number(entry);
    const cmdline = cmdlineOf(pid);
    if (
      cmdline.startsWith('postgres: ') &&
      (cmdline.includes(` ${databaseName} `) || /walwriter|checkpointer|background writer/.test(cmdline))
    )
      postgres.push(pid);
    else if (cmdline.startsWith('redis-server')) redis.push(pid);
  }
  return { postgres, redis };
}

export interface CpuSnapshot {
  server: number;
  postgres: number;
  redis: number;
  loadGenerator: number;
}

export function snapshotCpu(groups: CpuGroups): CpuSnapshot {
  const sum = (pids: number[]): number => pids.reduce((total, pid) => total + cpuSecondsOf(pid), 0);
  const own = process.cpuUsage();
  return {
    server: sum(groups.server),
    postgres: sum(groups.postgres),
    redis: sum(groups.redis),
    loadGenerator: (own.user + own.system) / 1e6,
  };
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return {
    server: after.server - before.server,
    postgres: after.postgres - before.postgres,
    redis: after.redis - before.redis,
    loadGenerator: after.loadGenerator - before.loadGenerator,
  };
}
