// Syllables heard in a stretch of speech: peaks of the level's envelope that rise from a dip and
// fall again by a few dB, one per syllable's vowel. Mandarin writes one character per syllable, so
// a line's text says how many to expect whatever the speaker's pace.
/** Envelope smoothing (hops either side), how far a peak must rise and fall (dB), and how close two may be (hops). */
const SMOOTH_HOPS = 3
const RISE_DB = 3
const MIN_GAP_HOPS = 8

/** Syllable peaks in the level (dB per 10 ms hop) over hops [from, to). */
export function syllablesIn(db: Float64Array, from: number, to: number): number {
  const a = Math.max(0, from)
  const b = Math.min(db.length, to)
  let count = 0
  let dip = Infinity
  let rising = true
  let peak = -Infinity
  let peakAt = 0
  let last = -Infinity
  for (let i = a; i < b; i++) {
    let sum = 0
    let n = 0
    for (let j = Math.max(0, i - SMOOTH_HOPS); j <= Math.min(db.length - 1, i + SMOOTH_HOPS); j++) {
      sum += db[j] as number
      n++
    }
    const v = sum / n
    if (rising) {
      if (v < dip) dip = v
      if (v - dip >= RISE_DB) {
        rising = false
        peak = v
        peakAt = i
      }
    } else {
      if (v > peak) {
        peak = v
        peakAt = i
      }
      if (peak - v >= RISE_DB) {
        if (peakAt - last >= MIN_GAP_HOPS) {
          count++
          last = peakAt
        }
        rising = true
        dip = v
      }
    }
  }
  // A peak still high when the stretch ends counts.
  if (!rising && peakAt - last >= MIN_GAP_HOPS) count++
  return count
}
