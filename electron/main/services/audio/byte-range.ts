// HTTP Range requests for recordings, so the player can seek without downloading from the start.

export interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

/**
 * The single byte range a `Range` header asks for within a file of `size` bytes, null for the
 * whole file, or 'unsatisfiable'. Multi-range requests are answered with the first range.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)/i.exec(header.trim())
  if (!match) return null
  const [, from, to] = match as unknown as [string, string, string]
  if (from === '' && to === '') return null
  let start: number
  let end: number
  if (from === '') {
    const suffix = Number(to)
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(from)
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
