// The fallback without audio: the call's length shared out in proportion to each line's text,
// pause markers counted as their stated silence.
import { utteranceLength } from './utterance-length'

export function proportionalTimes(texts: readonly string[], durationSec: number): { start: number; end: number }[] {
  if (texts.length === 0) return []
  if (!(durationSec > 0)) return texts.map(() => ({ start: 0, end: 0 }))
  const lengths = texts.map((t) => utteranceLength(t))
  const pauses = lengths.reduce((sum, l) => sum + l.pauseSec, 0)
  const units = lengths.reduce((sum, l) => sum + l.units, 0)
  const pauseScale = pauses > 0 ? Math.min(1, (durationSec * 0.5) / pauses) : 0
  const speaking = durationSec - pauses * pauseScale
  let cursor = 0
  return lengths.map((l) => {
    const start = cursor
    cursor += (l.units / units) * speaking + l.pauseSec * pauseScale
    return { start, end: Math.min(durationSec, cursor) }
  })
}
