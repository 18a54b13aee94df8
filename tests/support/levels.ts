// A track's level per 10 ms hop (dB), drawn by hand for the alignment's level rules.

/** `hops` hops at `floor` dB, with each [dB, from, to) span of hops at its own level. */
export function levelTrack(hops: number, floor: number, spans: readonly [number, number, number][]): Float64Array {
  const db = new Float64Array(hops).fill(floor)
  for (const [level, from, to] of spans) db.fill(level, from, to)
  return db
}
