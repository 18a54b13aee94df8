// Speech the level cannot tell from the line's noise. AGC lifts the noise in the pauses to the
// speech's level and clipping flattens both, but neither gives the noise speech's spectral shape:
// frames far (in mel cepstra, the level left out) from the track's quietest frames are speech.
import { CEPSTRA, cepstralMoments, VoiceSpectra } from './robot-voice'
import { quantile } from './stats'
import { SPECTRUM_STEP_HOPS } from './tonality'
import { DIGITAL_SILENCE_DB, soundingLevels } from './voice-activity'

/** Only a track whose loud hops (95th percentile) sit this close (dB) to its quiet ones (25th) is
 * looked at: where the level tells speech from noise, the level's edges are the sharper. Babble
 * under AGC leaves tracks 6–7.5 dB flat whose replies barely pass the level's raised bar. */
const FLAT_TRACK_DB = 7.5
/** The track's quietest share of analysed frames is its background... */
const BACKGROUND_QUANTILE = 0.25
const MIN_BACKGROUND_FRAMES = 50
/** ...and speech is a mean squared z-score per coefficient from it, averaged over ±SMOOTH_FRAMES
 * analysed frames (60 ms), over `on` to start and `off` to go on. The background's own frames
 * average 1; a clipped customer under AGC reaches only 2-6 (4.5 and 3 missed such replies). */
const UNLIKE = { on: 3, off: 2 }
const SMOOTH_FRAMES = 3
/** No coefficient's background variance is taken under this (a digitally quiet line's is near 0). */
const MIN_VARIANCE = 0.1

/** The hops (of `db`, the track's level per hop) where the track sounds unlike its background in
 * spectral shape; all 0 where its level alone can tell (then its spectra, `spectraOf`, are not taken). */
export function unlikeBackground(spectraOf: () => VoiceSpectra, db: Float64Array): Uint8Array {
  const hops = db.length
  const out = new Uint8Array(hops)
  const sounding = soundingLevels(db)
  if (sounding.length === 0 || quantile(sounding, 0.95) - quantile(sounding, 0.25) > FLAT_TRACK_DB) return out
  const d = CEPSTRA
  const spectra = spectraOf()
  const steps = Math.floor((hops - 1) / SPECTRUM_STEP_HOPS) + 1
  const cepstra = new Float64Array(steps * d)
  const level = new Float64Array(steps)
  const heard: number[] = []
  for (let k = 0; k < steps; k++) {
    level[k] = spectra.read(k * SPECTRUM_STEP_HOPS, cepstra, k * d)
    if ((db[k * SPECTRUM_STEP_HOPS] as number) > DIGITAL_SILENCE_DB) heard.push(level[k] as number)
  }
  // Digital silence (a gap in the recording) is no background: its shape is the same every frame.
  const quiet = quantile(heard, BACKGROUND_QUANTILE)
  const background: number[] = []
  for (let k = 0; k < steps; k++) if ((level[k] as number) <= quiet && (db[k * SPECTRUM_STEP_HOPS] as number) > DIGITAL_SILENCE_DB) background.push(k)
  if (background.length < MIN_BACKGROUND_FRAMES) return out
  const { mean, variance } = cepstralMoments(cepstra, background)
  const precision = variance.map((v) => 1 / Math.max(MIN_VARIANCE, v))
  const prefix = new Float64Array(steps + 1)
  for (let k = 0; k < steps; k++) {
    let s = 0
    for (let c = 0; c < d; c++) s += ((cepstra[k * d + c] as number) - (mean[c] as number)) ** 2 * (precision[c] as number)
    prefix[k + 1] = (prefix[k] as number) + s / d
  }
  let on = false
  for (let k = 0; k < steps; k++) {
    const lo = Math.max(0, k - SMOOTH_FRAMES)
    const hi = Math.min(steps - 1, k + SMOOTH_FRAMES)
    const distance = ((prefix[hi + 1] as number) - (prefix[lo] as number)) / (hi - lo + 1)
    on = distance > (on ? UNLIKE.off : UNLIKE.on)
    if (on) out.fill(1, k * SPECTRUM_STEP_HOPS, Math.min(hops, (k + 1) * SPECTRUM_STEP_HOPS))
  }
  return out
}
