/** The p-quantile (0..1) of the values, by sorting a copy; NaN when there are none. */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const at = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))
  return sorted[at] as number
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5)
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}
