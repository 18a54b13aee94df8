// Finding a reviewer's words in call transcripts. One matcher for main (which searches the cached
// transcripts of a task) and the page (which highlights the hits in the open call), so both agree
// on what a hit is.
//
// Transcripts are Chinese speech written down by the platform, with its punctuation and spacing;
// a reviewer types words as they come. So both sides are compared in one plain form: NFKC (full-
// width Ａ１ as A1), lower case for Latin letters, and without spaces, punctuation or symbols
// ("好的，谢谢" is found by "好的谢谢" and by "好的 谢谢"). Chinese is matched as a substring, as it
// has no word boundaries. Words separated by spaces must all occur in the transcript (each within
// one turn, in any turns); "信用卡 额度" finds the calls that mention both.

/** The words looked for, in their plain form: at least one, each non-empty, each once. */
export interface TranscriptQuery {
  terms: string[]
}

/** What does not count: spaces, punctuation and symbols (letters, marks and numbers do). */
const IGNORED = /[\p{P}\p{S}\p{Z}\p{C}]/gu

/** Text in its plain form, the form matches are made in. */
export function plainText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(IGNORED, '')
}

/** The plain form of a text, with where each of its characters came from in the text. */
interface Mapped {
  text: string
  /** from[i], to[i]: the original span (UTF-16 offsets) plain character i came from. */
  from: number[]
  to: number[]
}

/**
 * The plain form a character at a time, a letter with the marks that follow it (é written as e
 * and an accent) together, so it is what plainText makes of the whole text (save for the odd
 * script whose lower case depends on the next letter).
 */
function mapped(text: string): Mapped {
  const out: Mapped = { text: '', from: [], to: [] }
  for (const cluster of text.matchAll(/\P{M}\p{M}*|\p{M}+/gsu)) {
    const at = cluster.index
    const end = at + cluster[0].length
    const part = plainText(cluster[0])
    out.text += part
    for (let k = 0; k < part.length; k++) {
      out.from.push(at)
      out.to.push(end)
    }
  }
  return out
}

/** The typed words as a query, or null when nothing in them can be looked for (only spaces or punctuation). */
export function parseTranscriptQuery(input: string | null | undefined): TranscriptQuery | null {
  const terms: string[] = []
  for (const word of (input ?? '').split(/\s+/)) {
    const term = plainText(word)
    if (term && !terms.includes(term)) terms.push(term)
  }
  // A term inside another is found wherever that one is: only the longer one decides.
  const kept = terms.filter((term) => !terms.some((other) => other !== term && other.includes(term)))
  return kept.length ? { terms: kept } : null
}

/**
 * Whether a transcript holds every word. `joined` is the transcript's turns, each in its plain
 * form, joined by '\n' (joinPlainTurns): a plain word has no '\n', so no match runs over two turns.
 */
export function holdsEveryTerm(joined: string, query: TranscriptQuery): boolean {
  return query.terms.every((term) => joined.includes(term))
}

/** A transcript's turns in the form holdsEveryTerm reads. */
export function joinPlainTurns(texts: readonly string[]): string {
  return texts.map(plainText).join('\n')
}

/** A span of an original text, [start, end) in UTF-16 offsets. */
export type MatchRange = [start: number, end: number]

/**
 * Where any of the words occurs in `text`, as spans of the original text (the punctuation or spaces
 * inside a hit included), in order, overlapping ones merged.
 */
export function findMatches(text: string, query: TranscriptQuery): MatchRange[] {
  if (!text) return []
  const m = mapped(text)
  const ranges: MatchRange[] = []
  for (const term of query.terms) {
    for (let hit = m.text.indexOf(term); hit >= 0; hit = m.text.indexOf(term, hit + term.length)) {
      ranges.push([m.from[hit]!, m.to[hit + term.length - 1]!])
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: MatchRange[] = []
  for (const range of ranges) {
    const last = merged[merged.length - 1]
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([range[0], range[1]])
  }
  return merged
}

/** A piece of text, marked when it is a hit: what a view renders (as text, never as HTML). */
export interface TextPiece {
  text: string
  hit: boolean
}

/** `text` cut at the ranges' edges. */
export function pieces(text: string, ranges: readonly MatchRange[]): TextPiece[] {
  const out: TextPiece[] = []
  let at = 0
  for (const [start, end] of ranges) {
    if (start > at) out.push({ text: text.slice(at, start), hit: false })
    out.push({ text: text.slice(start, end), hit: true })
    at = end
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false })
  return out
}

/** A line of a turn around its first hit, for the call list: at most `width` characters of the turn. */
export interface Snippet {
  text: string
  ranges: MatchRange[]
  /** Text of the turn was left out before / after the line. */
  cutBefore: boolean
  cutAfter: boolean
}

/** The part of `text` around its first hit, `width` characters at most, with the hits inside it. */
export function snippetAround(text: string, ranges: readonly MatchRange[], width = 48): Snippet {
  const first = ranges[0]
  if (!first || text.length <= width) return { text: text.slice(0, width), ranges: clip(ranges, 0, width), cutBefore: false, cutAfter: text.length > width }
  // Some context before the first hit, and as much after it as fits.
  const lead = Math.min(12, Math.floor(width / 4))
  const start = Math.max(0, Math.min(first[0] - lead, text.length - width))
  const end = Math.min(text.length, start + width)
  return { text: text.slice(start, end), ranges: clip(ranges, start, end), cutBefore: start > 0, cutAfter: end < text.length }
}

/** The ranges inside [start, end), shifted to start there. */
function clip(ranges: readonly MatchRange[], start: number, end: number): MatchRange[] {
  const out: MatchRange[] = []
  for (const [a, b] of ranges) {
    const from = Math.max(a, start)
    const to = Math.min(b, end)
    if (from < to) out.push([from - start, to - start])
  }
  return out
}
