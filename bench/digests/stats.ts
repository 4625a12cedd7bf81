/** Median and spread (min–max) of a handful of runs: five are too few for percentiles. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...values] };
}

export function describeSpread(spread: Spread, unit: string, digits = 0): string {
  const f = (value: number): string => value.toFixed(digits);
  return `median ${f(spread.median)} ${unit} (min ${f(spread.min)}, max ${f(spread.max)}; runs ${spread.runs.map(f).join(', ')})`;
}
