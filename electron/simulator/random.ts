// Seeded pseudo-random numbers: the whole data set and every recording must come out the same
// for the same seed, so nothing here touches Math.random.

/** A 32-bit hash of a few integers, to derive independent streams (per job, per call, per track). */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5
  for (const value of values) {
    let v = Math.trunc(value) >>> 0
    for (let i = 0; i < 4; i++) {
      h ^= v & 0xff
      h = Math.imul(h, 0x01000193)
      v >>>= 8
    }
  }
  return h >>> 0
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number
  /** Uniform in [min, max). */
  between(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K
}

/** mulberry32: small, fast and good enough for test data. A class, so one object per stream. */
class Mulberry32 implements Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let total = 0
    for (const key in weights) total += weights[key]
    let r = this.next() * total
    let last: K | undefined
    for (const key in weights) {
      r -= weights[key]
      last = key
      if (r < 0) return key
    }
    return last as K
  }
}

export function createRng(seed: number): Rng {
  return new Mulberry32(seed)
}
