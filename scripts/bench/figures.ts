// What a benchmark reports, and the two ways the cache and grade benchmarks sum up samples.

export interface BenchFigure {
  name: string
  value: number
  unit: string
}

/** The q-th quantile (0..1): the smallest sample at least that share of the samples do not exceed. */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? Number.NaN
}

/** The 95th percentile. */
export const p95 = (samples: readonly number[]): number => percentile(samples, 0.95)

/** To a thousandth, as the figures are printed. */
export const round = (n: number) => Math.round(n * 1000) / 1000
