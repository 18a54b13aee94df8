// The engine's quantile selects the k-th smallest value instead of sorting: it must answer exactly
// as sorting a copy does, for every shape the engine feeds it (runs, ties, -Infinity dB, NaN).
import { describe, expect, it } from 'vitest'
import { median, quantile } from '../../electron/main/services/alignment/stats'

function bySorting(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))] as number
}

/** A small deterministic generator, so a failure names its case. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

describe('quantile', () => {
  it('answers as sorting does, on random, sorted, reversed, constant and tied values', () => {
    const next = random(7)
    const shapes: number[][] = []
    for (const n of [1, 2, 3, 5, 17, 100, 1001]) {
      const noise = Array.from({ length: n }, () => next() * 120 - 90)
      shapes.push(noise, [...noise].sort((a, b) => a - b), [...noise].sort((a, b) => b - a))
      shapes.push(Array.from({ length: n }, () => -42))
      shapes.push(Array.from({ length: n }, () => Math.round(next() * 4)))
      shapes.push(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -Infinity : next() * 10)))
    }
    for (const values of shapes) {
      for (const p of [0, 0.02, 0.1, 0.15, 0.3, 0.5, 0.8, 0.9, 0.97, 1]) {
        expect(quantile(values, p), `${values.length} values, p=${p}`).toBe(bySorting(values, p))
      }
    }
  })

  it('leaves the values it is given untouched, places a NaN last as sorting does, and is NaN for none', () => {
    const values = new Float32Array([3, 1, 2])
    expect(median(values)).toBe(2)
    expect([...values]).toEqual([3, 1, 2])
    expect(quantile([5, Number.NaN, 1, 3], 1)).toBeNaN()
    expect(quantile([5, Number.NaN, 1, 3], 0.5)).toBe(5)
    expect(quantile([], 0.5)).toBeNaN()
  })
})
