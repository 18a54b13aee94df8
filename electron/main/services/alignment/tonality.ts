// Music and call-progress tones are not speech. A ring-back melody, hold music or the ring-back
// tone is made of steady pitched tones and chords: narrow spectral peaks that stay on the same
// frequency for hundreds of milliseconds. Speech has harmonics too, but its pitch glides from
// syllable to syllable, so no peak holds still that long. Per 10 ms hop, the share of a frame's
// energy (300–3400 Hz) held in such lasting peaks.
import { realFft } from './fft'
import { HOP_SEC } from './frame-power'

export const FFT_SIZE = 256
/** Spectra every other hop: lasting peaks are slow by definition. */
export const SPECTRUM_STEP_HOPS = 2
/** A peak stands this many dB above the lowest bins within three on either side. */
const PEAK_PROMINENCE_DB = 6
/** ...and lasts this long (s) within one bin either way to count as a tone. */
const LASTING_SEC = 0.2
const LOW_HZ = 300
const HIGH_HZ = 3400
/** The analysis window (Hann), made once. */
const HANN = Float64Array.from({ length: FFT_SIZE }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FFT_SIZE - 1)))

/** In-place radix-2 FFT of (re, im), length a power of two (tonalShare uses the real-input one in fft.ts). */
export function fft(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      const tr = re[i] as number
      re[i] = re[j] as number
      re[j] = tr
      const ti = im[i] as number
      im[i] = im[j] as number
      im[j] = ti
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1
    const step = n / size
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step] as number
        const wi = -(sin[k * step] as number)
        const a = start + k
        const b = a + half
        const xr = (re[b] as number) * wr - (im[b] as number) * wi
        const xi = (re[b] as number) * wi + (im[b] as number) * wr
        re[b] = (re[a] as number) - xr
        im[b] = (im[a] as number) - xi
        re[a] = (re[a] as number) + xr
        im[a] = (im[a] as number) + xi
      }
    }
  }
}

/** Hears each analysed hop's power spectrum (bins SPECTRUM_LOW_HZ..SPECTRUM_HIGH_HZ filled; do not keep it). */
export type SpectrumListener = (hop: number, power: Float64Array) => void
/** The bins a listener can read, whatever the rate: the telephone band and a little either side. */
export const SPECTRUM_LOW_HZ = 250
export const SPECTRUM_HIGH_HZ = 3400

/** How many samples are averaged into one: 16 kHz is taken pairwise to 8 kHz, so bins are 31.25 Hz either way. */
function decimationOf(sampleRate: number): number {
  return sampleRate >= 16000 ? 2 : 1
}

/** The rate the spectra are taken at (after decimation). */
export function spectrumRate(sampleRate: number): number {
  return sampleRate / decimationOf(sampleRate)
}

/** The bins of SPECTRUM_LOW_HZ..SPECTRUM_HIGH_HZ at this rate. */
export function spectrumBins(sampleRate: number): [number, number] {
  const rate = spectrumRate(sampleRate)
  return [Math.floor((SPECTRUM_LOW_HZ * FFT_SIZE) / rate), Math.ceil((SPECTRUM_HIGH_HZ * FFT_SIZE) / rate)]
}

const plan = realFft(FFT_SIZE)
/** The window times a track's sample scale, for the last scale asked (a track keeps one). */
let scaled = { scale: NaN, window: new Float64Array(FFT_SIZE) }
function scaledHann(scale: number): Float64Array {
  if (scaled.scale !== scale) scaled = { scale, window: HANN.map((w) => w * scale) }
  return scaled.window
}
const frame = new Float64Array(FFT_SIZE)
const re = new Float64Array(FFT_SIZE / 2 + 1)
const im = new Float64Array(FFT_SIZE / 2 + 1)

/** The Hann-windowed frame from sample `first` into `frame`, 16 kHz averaged pairwise, zeros outside the track. */
function fillFrame(samples: Int16Array | Float32Array, scale: number, decimate: number, first: number): void {
  if (first >= 0 && first + FFT_SIZE * decimate <= samples.length) {
    // Inside the track: no bounds to check.
    for (let i = 0, at = first; i < FFT_SIZE; i++) {
      let v = 0
      for (let d = 0; d < decimate; d++) v += samples[at++] as number
      frame[i] = (v / decimate) * scale * (HANN[i] as number)
    }
    return
  }
  for (let i = 0; i < FFT_SIZE; i++) {
    let v = 0
    for (let d = 0; d < decimate; d++) {
      const at = first + i * decimate + d
      v += at >= 0 && at < samples.length ? (samples[at] as number) : 0
    }
    frame[i] = (v / decimate) * scale * (HANN[i] as number)
  }
}

/** Added to every bin of a power spectrum: no bin is exactly zero (peaks are compared as ratios). */
const POWER_FLOOR = 1e-20

/**
 * The power spectrum of hop `h` (FFT_SIZE samples at 8 kHz, Hann, centred on the hop; 16 kHz is
 * averaged pairwise) into `power`, bins `from`..`to` at least.
 */
export function hopSpectrum(samples: Int16Array | Float32Array, scale: number, sampleRate: number, h: number, power: Float64Array, from: number, to: number): void {
  const decimate = decimationOf(sampleRate)
  const hopSamples = Math.round(sampleRate * HOP_SEC)
  const first = h * hopSamples + (hopSamples >> 1) - (FFT_SIZE * decimate) / 2
  if (decimate === 1 && first >= 0 && first + FFT_SIZE <= samples.length) {
    // 8 kHz inside the track (nearly every frame): windowed as the FFT loads it.
    plan.powerWindowed(samples, first, scaledHann(scale), power, POWER_FLOOR)
    return
  }
  fillFrame(samples, scale, decimate, first)
  plan.transform(frame, re, im)
  for (let b = from; b <= to; b++) power[b] = (re[b] as number) ** 2 + (im[b] as number) ** 2 + POWER_FLOOR
}

/**
 * Tonal share per hop (0 speech or noise … 1 a pure tone), for hops where `wanted` is 1 (every
 * hop when absent): spectra are taken only where something may need telling apart. Each hop's
 * spectrum (FFT_SIZE samples at 8 kHz, Hann, centred on the hop) goes to `listener` too, so the
 * voices can be told apart without taking it again.
 */
export function tonalShare(samples: Int16Array | Float32Array, scale: number, sampleRate: number, hops: number, wanted?: Uint8Array, listener?: SpectrumListener): Float64Array {
  const share = new Float64Array(hops)
  const rate = spectrumRate(sampleRate)
  const low = Math.ceil((LOW_HZ * FFT_SIZE) / rate)
  const high = Math.min(FFT_SIZE / 2 - 4, Math.floor((HIGH_HZ * FFT_SIZE) / rate))
  const lastingSteps = Math.round(LASTING_SEC / (HOP_SEC * SPECTRUM_STEP_HOPS))
  const power = new Float64Array(FFT_SIZE / 2 + 1)
  const [listenLow, listenHigh] = spectrumBins(sampleRate)
  // Prominence as a power ratio (no logarithms per bin).
  const prominence = Math.pow(10, PEAK_PROMINENCE_DB / 10)
  // How many analysed steps in a row each bin (or a neighbour) has been a peak.
  let run = new Int32Array(FFT_SIZE / 2)
  let next = new Int32Array(FFT_SIZE / 2)
  let previousStep = -2
  for (let h = 0; h < hops; h += SPECTRUM_STEP_HOPS) {
    if (wanted && !wanted[h] && !wanted[Math.min(hops - 1, h + 1)]) continue
    hopSpectrum(samples, scale, sampleRate, h, power, Math.min(low - 3, listenLow), Math.max(high + 3, listenHigh))
    // Runs continue only from the step just before (a gap in analysis starts them afresh).
    const continues = h - previousStep === SPECTRUM_STEP_HOPS
    previousStep = h
    let tonal = 0
    let total = 0
    // A sliding window of seven bins (b - 3 .. b + 3) in locals: each bin is read from the
    // spectrum once, not seven times.
    let m3 = power[low - 3] as number
    let m2 = power[low - 2] as number
    let m1 = power[low - 1] as number
    let v = power[low] as number
    let p1 = power[low + 1] as number
    let p2 = power[low + 2] as number
    next[low - 1] = 0
    next[high + 1] = 0
    for (let b = low; b <= high; b++) {
      const p3 = power[b + 3] as number
      total += v
      let steps = 0
      if (v >= m1 && v >= p1) {
        const left = Math.min(m1, m2, m3)
        const right = Math.min(p1, p2, p3)
        if (v >= prominence * Math.max(left, right)) {
          steps = (continues ? Math.max(run[b - 1] as number, run[b] as number, run[b + 1] as number) : 0) + 1
          if (steps >= lastingSteps) tonal += m1 + v + p1
        }
      }
      next[b] = steps
      m3 = m2
      m2 = m1
      m1 = v
      v = p1
      p1 = p2
      p2 = p3
    }
    listener?.(h, power)
    const swap = run
    run = next
    next = swap
    const value = total > 0 ? Math.min(1, tonal / total) : 0
    share[h] = value
    if (h + 1 < hops) share[h + 1] = value
  }
  return share
}
