// Nothing is said while the phone rings. China's ring-back tone is 450 Hz, one second on and four
// off; a recording that starts at the dial carries it until the call is answered. On a full track
// alone, the customer side's noise lifted by AGC between its bursts passes for speech and takes
// the robot's first line (every line after it shifted). Bursts at that pitch and that cadence from
// the call's start mark the ringing; the speech mask is cleared up to the last one.
import { FFT_SIZE, hopSpectrum, spectrumBins, spectrumRate } from './tonality'
import type { DecodedTrack } from './wav-input'

const TONE_HZ = 450
/** The loudest frequency of a burst is within this of TONE_HZ (the bins either side of it). */
const TONE_TOLERANCE_HZ = 25
/** One burst every 5 s (hops), within this either way; one missing burst is allowed (speech under it, or noise). */
const PERIOD_HOPS = 500
const PERIOD_TOLERANCE_HOPS = 30
/** A burst is where the tonal share averaged over ±SMOOTH_HOPS passes EDGE_SHARE, for this long (hops). */
const SMOOTH_HOPS = 25
const EDGE_SHARE = 0.3
const MIN_BURST_HOPS = 60
const MAX_BURST_HOPS = 150
/** ...and its own mean share is this clearly tonal (a burst with speech under it is not counted). */
const BURST_SHARE = 0.6
/** The first burst starts within a period of the call's start (hops). */
const FIRST_BURST_HOPS = 550

/** The loudest frequency (Hz) in the telephone band over hops from..to (every 4th hop's power summed). */
function loudestHz(track: DecodedTrack, from: number, to: number): number {
  const [lo, hi] = spectrumBins(track.sampleRate)
  const power = new Float64Array(FFT_SIZE / 2 + 1)
  const sum = new Float64Array(FFT_SIZE / 2 + 1)
  for (let h = from; h < to; h += 4) {
    hopSpectrum(track.samples, track.scale, track.sampleRate, h, power, lo, hi)
    for (let b = lo; b <= hi; b++) sum[b] = (sum[b] as number) + (power[b] as number)
  }
  let best = lo
  for (let b = lo; b <= hi; b++) if ((sum[b] as number) > (sum[best] as number)) best = b
  return (best * spectrumRate(track.sampleRate)) / FFT_SIZE
}

/** The ring-back tone's bursts near the call's start: [from, to) hops, ascending. */
function toneBursts(share: Float64Array, track: DecodedTrack): [number, number][] {
  const n = share.length
  // Only the first few periods can hold a cadence that starts in the first.
  const reach = Math.min(n, FIRST_BURST_HOPS + 12 * PERIOD_HOPS)
  const smoothed = new Float64Array(reach)
  let sum = 0
  for (let i = 0; i < Math.min(n, SMOOTH_HOPS); i++) sum += share[i] as number
  for (let i = 0; i < reach; i++) {
    if (i + SMOOTH_HOPS < n) sum += share[i + SMOOTH_HOPS] as number
    if (i - SMOOTH_HOPS - 1 >= 0) sum -= share[i - SMOOTH_HOPS - 1] as number
    smoothed[i] = sum / (Math.min(n, i + SMOOTH_HOPS + 1) - Math.max(0, i - SMOOTH_HOPS))
  }
  const bursts: [number, number][] = []
  for (let i = 0; i < reach; ) {
    if ((smoothed[i] as number) <= EDGE_SHARE) {
      i++
      continue
    }
    let j = i
    while (j < reach && (smoothed[j] as number) > EDGE_SHARE) j++
    let mean = 0
    for (let q = i; q < j; q++) mean += share[q] as number
    mean /= j - i
    if (j - i >= MIN_BURST_HOPS && j - i <= MAX_BURST_HOPS && mean >= BURST_SHARE && Math.abs(loudestHz(track, i, j) - TONE_HZ) <= TONE_TOLERANCE_HZ) bursts.push([i, j])
    i = j
  }
  return bursts
}

/**
 * The hop the ringing ends at: the end of the last burst of a ring-back cadence that begins within
 * the call's first period (two bursts at least, one period or two apart); 0 when there is none.
 */
export function ringingEnd(share: Float64Array, track: DecodedTrack): number {
  const bursts = toneBursts(share, track)
  const near = (d: number, periods: number) => Math.abs(d - periods * PERIOD_HOPS) <= PERIOD_TOLERANCE_HOPS
  let end = 0
  for (let a = 0; a < bursts.length && (bursts[a] as [number, number])[0] <= FIRST_BURST_HOPS; a++) {
    let last = a
    for (let b = a + 1; b < bursts.length; b++) {
      const d = (bursts[b] as [number, number])[0] - (bursts[last] as [number, number])[0]
      if (near(d, 1) || near(d, 2)) last = b
    }
    if (last > a) end = Math.max(end, (bursts[last] as [number, number])[1])
  }
  return end
}
