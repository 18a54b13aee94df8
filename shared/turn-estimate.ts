// Turn timings without audio: the call's length shared out in proportion to each line's text
// (shared/utterance-length.ts), pause markers counted as their stated silence. Main answers with
// this when it cannot measure, and the renderer shows it until main answers: one function, so
// the transcript does not jump when the answer lands.
import { utteranceLength } from './utterance-length'

export interface EstimatedTime {
  start: number
  end: number
}

// To the millisecond, as main stores and sends every timing.
const toMs = (v: number) => Math.round(v * 1000) / 1000

export function estimateTurnTimes(texts: readonly string[], durationSec: number): EstimatedTime[] {
  if (texts.length === 0) return []
  if (!(durationSec > 0)) return texts.map(() => ({ start: 0, end: 0 }))
  const lengths = texts.map((t) => utteranceLength(t))
  const pauses = lengths.reduce((sum, l) => sum + l.pauseSec, 0)
  const units = lengths.reduce((sum, l) => sum + l.units, 0)
  // Pause markers may take at most half the call, so speech keeps some time even if they overstate.
  const pauseScale = pauses > 0 ? Math.min(1, (durationSec * 0.5) / pauses) : 0
  const speaking = durationSec - pauses * pauseScale
  let cursor = 0
  return lengths.map((l) => {
    const start = toMs(Math.min(durationSec, cursor))
    cursor += (l.units / units) * speaking + l.pauseSec * pauseScale
    return { start, end: Math.max(start, toMs(Math.min(durationSec, cursor))) }
  })
}
