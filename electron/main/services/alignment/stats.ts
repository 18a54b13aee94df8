/** The p-quantile (0..1) of the values: the k-th smallest of a copy, found by selection rather
 *  than a full sort (the engine asks for many over a call's frames); NaN when there are none. */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN
  // set() copies arrays and typed arrays alike at memory speed (Float64Array.from iterates).
  const copy = new Float64Array(values.length)
  copy.set(values)
  const at = Math.min(copy.length - 1, Math.max(0, Math.round(p * (copy.length - 1))))
  // A NaN compares false both ways, which selection cannot place: sorted, it goes last.
  return hasNaN(copy) ? (copy.sort()[at] as number) : select(copy, at)
}

/** Its own function, not a loop in quantile: V8 compiled that loop on its own (on-stack
 * replacement) before the call after it had ever run, and threw the code away at that call, over
 * 600 times in a process that aligned one call 40 times (Node 20). */
function hasNaN(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) return true
  return false
}

/** The k-th smallest value of `a` (Hoare's selection, median-of-three pivots); reorders `a`. */
function select(a: Float64Array, k: number): number {
  let low = 0
  let high = a.length - 1
  while (high > low) {
    const mid = (low + high) >>> 1
    // The median of the ends and the middle as the pivot: sorted or constant runs stay linear.
    if ((a[mid] as number) < (a[low] as number)) swap(a, mid, low)
    if ((a[high] as number) < (a[low] as number)) swap(a, high, low)
    if ((a[high] as number) < (a[mid] as number)) swap(a, high, mid)
    const pivot = a[mid] as number
    let i = low
    let j = high
    while (i <= j) {
      while ((a[i] as number) < pivot) i++
      while ((a[j] as number) > pivot) j--
      if (i <= j) {
        swap(a, i, j)
        i++
        j--
      }
    }
    if (k <= j) high = j
    else if (k >= i) low = i
    else return a[k] as number
  }
  return a[k] as number
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number
  a[i] = a[j] as number
  a[j] = t
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5)
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}
