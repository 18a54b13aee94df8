// How long an utterance should take to say, in "units" of about one Mandarin syllable, plus the
// silences its pause markers ("（停顿2s）") put into the recording.
import { splitAtPauses } from './pause-marker'

export interface UtteranceLength {
  /** Syllable-sized units of speech (a Han character or a digit is one). */
  units: number
  /** Syllables: the Han characters and digits spoken (one each). */
  syllables: number
  /** Silence written into the text as pause markers, in seconds. */
  pauseSec: number
  /** Pause-marker silence before the first spoken word. */
  leadingPauseSec: number
  /** Pause-marker silence after the last spoken word. */
  trailingPauseSec: number
}

const HAN = /\p{Script=Han}/u
const CLAUSE_BREAK = /[，、；：,;:]/
const SENTENCE_END = /[。！？!?.…]/
const DIGIT = /[0-9０-９]/
const LATIN = /[A-Za-z]/

function speechUnits(text: string): number {
  let units = 0
  const chars = Array.from(text.trim())
  chars.forEach((ch, i) => {
    const last = i === chars.length - 1
    if (HAN.test(ch) || DIGIT.test(ch)) units += 1
    else if (LATIN.test(ch)) units += 0.4
    // Synthesised and human speakers both breathe at commas and full stops: some time, no syllable.
    else if ((CLAUSE_BREAK.test(ch) || SENTENCE_END.test(ch)) && !last) units += 0.7
  })
  return units
}

export function utteranceLength(text: string): UtteranceLength {
  const parts = splitAtPauses(text)
  let units = 0
  let pauseSec = 0
  let syllables = 0
  for (const part of parts) {
    if (part.kind === 'pause') pauseSec += part.seconds
    else {
      units += speechUnits(part.text)
      for (const ch of part.text) if (HAN.test(ch) || DIGIT.test(ch)) syllables++
    }
  }
  const first = parts[0]
  const last = parts[parts.length - 1]
  return {
    units: Math.max(0.5, units),
    syllables,
    pauseSec,
    leadingPauseSec: first?.kind === 'pause' ? first.seconds : 0,
    trailingPauseSec: last?.kind === 'pause' && parts.length > 1 ? last.seconds : 0,
  }
}
