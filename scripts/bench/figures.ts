// What a benchmark reports, and the two ways the cache and grade benchmarks sum up samples.

export interface BenchFigure {
  name: string
  value: number
  unit: string
}

/** The 95th percentile: the smallest sample at least 95 % of the samples do not exceed. */
export function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN
}

/** To a thousandth, as the figures are printed. */
export const round = (n: number) => Math.round(n * 1000) / 1000
