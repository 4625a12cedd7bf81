import { quantile } from './quantile.js';
import type { CpuSnapshot } from './cpu-usage.js';
import type { RoundResult } from './run-round.js';

export interface ServerSummary {
  name: string;
  medianRps: number;
  minRps: number;
  maxRps: number;
  /** over every response of the measured rounds, ms */
  p50: number;
  p90: number;
  p99: number;
  responses: number;
  non2xx: number;
  errors: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(name: string, rounds: RoundResult[]): ServerSummary {
  const rates = rounds.map((round) => round.rps);
  const pooled = new Float64Array(rounds.reduce((sum, round) => sum + round.latenciesMs.length, 0));
  let offset = 0;
  for (const round of rounds) {
    pooled.set(round.latenciesMs, offset);
    offset += round.latenciesMs.length;
  }
  pooled.sort();
  return {
    name,
    medianRps: median(rates),
    minRps: Math.min(...rates),
    maxRps: Math.max(...rates),
    p50: quantile(pooled, 0.5),
    p90: quantile(pooled, 0.9),
    p99: quantile(pooled, 0.99),
    responses: rounds.reduce((sum, round) => sum + round.responses, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors + round.timeouts, 0),
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (value: number): string => value.toFixed(1);
const int = (value: number): string => Math.round(value).toString();

export function roundsTable(rounds: { server: string; round: number; result: RoundResult }[]): string {
  return table(
    ['server', 'round', 'responses', 'seconds', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
    rounds.map(({ server, round, result }) => [
      server,
      String(round),
      String(result.responses),
      result.seconds.toFixed(2),
      int(result.rps),
      ms(result.p50),
      ms(result.p90),
      ms(result.p99),
      ms(result.max),
      String(result.non2xx),
      String(result.errors + result.timeouts),
    ]),
  );
}

export function summaryTable(summaries: ServerSummary[]): string {
  return table(
    ['server', 'req/s median', 'req/s min–max', 'p50 ms', 'p90 ms', 'p99 ms', 'responses', 'non-2xx', 'errors'],
    summaries.map((s) => [
      s.name,
      int(s.medianRps),
      `${int(s.minRps)}–${int(s.maxRps)}`,
      ms(s.p50),
      ms(s.p90),
      ms(s.p99),
      String(s.responses),
      String(s.non2xx),
      String(s.errors),
    ]),
  );
}

export function cpuTable(rounds: { server: string; result: RoundResult; cpu: CpuSnapshot }[]): string {
  const servers = [...new Set(rounds.map((round) => round.server))];
  const perRequest = (server: string, pick: (cpu: CpuSnapshot) => number): number =>
    median(
      rounds
        .filter((round) => round.server === server)
        .map((round) => (pick(round.cpu) * 1e6) / Math.max(1, round.result.responses)),
    );
  return table(
    ['server', 'server process', 'postgres', 'redis-server', 'load generator', 'total'],
    servers.map((server) => {
      const parts = [
        (c: CpuSnapshot) => c.server,
        (c: CpuSnapshot) => c.postgres,
        (c: CpuSnapshot) => c.redis,
        (c: CpuSnapshot) => c.loadGenerator,
      ];
      const values = parts.map((pick) => perRequest(server, pick));
      return [
        server,
        ...values.map(int),
        int(perRequest(server, (c) => c.server + c.postgres + c.redis + c.loadGenerator)),
      ];
    }),
  );
}
