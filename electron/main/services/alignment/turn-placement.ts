// Turns the matched runs into start/end times: a run of one utterance spans its regions; a run
// of several is split at the silences inside it nearest to where the text says the breaks fall
// (or in proportion when there is no silence); missed utterances are laid into the gaps between
// their neighbours at their expected length, over what no run claimed there if anything was heard
// (or, for a reply with a customer track, over the track's loudest stretch there).
import type { MatchedRun, UtteranceSpec } from './sequence-alignment'
import { isQuiet, type Region } from './speech-regions'
import { HOP_SEC } from './frame-power'
import { quantile } from './stats'
import { DIGITAL_SILENCE_DB } from './voice-activity'

export interface PlacedTurn {
  start: number
  end: number
  /** Heard in the audio (false: laid into a gap). */
  matched: boolean
}

export interface PlacementInput {
  utterances: readonly UtteranceSpec[]
  /** Expected seconds per utterance at the call's rates. */
  expected: readonly number[]
  leadingPause: readonly number[]
  trailingPause: readonly number[]
  streams: readonly [Region[], Region[]]
  runs: readonly MatchedRun[]
  durationSec: number
  /** The customer track's level (dB per hop), where the call has one. */
  customerDb?: Float64Array
}

const SNAP_REACH = 0.35
const MISSED_LEAD_SEC = 0.5
/** Between two heard turns a missed one sits in the middle of the gap (the reply comes after one
 * pause and is followed by another), up to this far from the turn before it. */
const MISSED_MAX_LEAD_SEC = 3

/** A reply too faint to pass the bar (babble or AGC lifted noise a few dB under it) is still, most
 * often, the loudest stretch of the customer's track between its neighbours: kept FAINT_MARGIN_SEC
 * clear of them (the robot's echo tail, AGC lifting the line as the robot stops), and only where it
 * rises FAINT_RISE_DB over the gap's median level (on a line held level by AGC nothing does). */
const FAINT_MARGIN_SEC = 0.3
const FAINT_RISE_DB = 3

/**
 * Where (s) the stretch of `seconds` with the highest mean level starts, within `from`..`to` less
 * the margins; null where there is no room or it does not rise FAINT_RISE_DB over the gap's median.
 */
export function loudestStretch(db: Float64Array, from: number, to: number, seconds: number): number | null {
  const a = Math.max(0, Math.round((from + FAINT_MARGIN_SEC) / HOP_SEC))
  const b = Math.min(db.length, Math.round((to - FAINT_MARGIN_SEC) / HOP_SEC))
  const w = Math.max(1, Math.round(seconds / HOP_SEC))
  if (b - a < w) return null
  const levels = new Float64Array(b - a)
  for (let h = a; h < b; h++) levels[h - a] = Math.max(DIGITAL_SILENCE_DB, db[h] as number)
  let sum = 0
  for (let k = 0; k < w; k++) sum += levels[k] as number
  let best = sum
  let bestAt = 0
  for (let k = w; k < levels.length; k++) {
    sum += (levels[k] as number) - (levels[k - w] as number)
    if (sum > best) {
      best = sum
      bestAt = k - w + 1
    }
  }
  return best / w - quantile(levels, 0.5) >= FAINT_RISE_DB ? (a + bestAt) * HOP_SEC : null
}

/** Where a region's speech begins, for the turn it starts: its onset where it has one. */
const speechStart = (r: Region) => r.onset ?? r.start

/** A region at a run's end this far (dB) under the run's loudest is not the turn's own speech. */
const SOFT_TAIL_DB = 6

/**
 * Where a run's speech ends: at its last region that is neither quiet (far under its track's loud
 * regions) nor SOFT_TAIL_DB under the run's loudest. A babble fragment after a short reply is
 * matched with it rather than skipped, but it is not the reply: ended there, the reply's span (and
 * so its midpoint) ran past it. The run keeps its first region whatever it is; regions with no
 * level known (a full track's) are kept.
 */
function heardTo(regions: readonly Region[], from: number, to: number): number {
  let loudest = -Infinity
  for (let i = from; i < to; i++) loudest = Math.max(loudest, (regions[i] as Region).peak ?? -Infinity)
  const soft = (r: Region) => isQuiet(r) || (r.peak !== undefined && r.peak < loudest - SOFT_TAIL_DB)
  while (to - from > 1 && soft(regions[to - 1] as Region)) to--
  return to
}

function splitRun(run: MatchedRun, input: PlacementInput, out: (PlacedTurn | undefined)[]): void {
  const all = input.streams[run.stream] as Region[]
  const regions = all.slice(run.from, heardTo(all, run.from, run.to))
  const first = regions[0] as Region
  const last = regions[regions.length - 1] as Region
  const lengths = Array.from({ length: run.count }, (_, q) => input.expected[run.first + q] as number)
  const total = lengths.reduce((sum, v) => sum + v, 0)
  const span = last.end - first.start
  let cursor = speechStart(first)
  let used = 0
  let regionAt = 1
  for (let q = 0; q < run.count; q++) {
    const length = lengths[q] as number
    used += length
    if (q === run.count - 1) {
      out[run.first + q] = { start: cursor, end: last.end, matched: true }
      break
    }
    const target = first.start + (span * used) / Math.max(1e-9, total)
    // The silence between regions nearest the target, if it is close enough to be the break.
    let best = -1
    let bestDistance = Infinity
    for (let r = regionAt; r < regions.length; r++) {
      const gapMid = ((regions[r - 1] as Region).end + (regions[r] as Region).start) / 2
      const distance = Math.abs(gapMid - target)
      if (distance < bestDistance) {
        bestDistance = distance
        best = r
      }
    }
    const reach = Math.max(1, SNAP_REACH * Math.min(length, lengths[q + 1] as number))
    if (best >= 0 && bestDistance <= reach) {
      out[run.first + q] = { start: cursor, end: (regions[best - 1] as Region).end, matched: true }
      cursor = speechStart(regions[best] as Region)
      regionAt = best + 1
    } else {
      const cut = Math.max(cursor, target)
      out[run.first + q] = { start: cursor, end: cut, matched: true }
      cursor = cut
    }
  }
}

/** Per stream, 1 for each region a run took. */
function claimedRegions(input: PlacementInput): Uint8Array[] {
  const claimed = input.streams.map((list) => new Uint8Array(list.length))
  for (const run of input.runs) (claimed[run.stream] as Uint8Array).fill(1, run.from, run.to)
  return claimed
}

/**
 * The longest region of the missed lines' stream inside the gap (from, to) that no run claims
 * (null if none, or if the lines are on both streams): what was heard of them, too little or too
 * faint to be matched (a reply under hold music). The lines end where it ends, rather than at a
 * fixed lead: a bar that rises over music or babble lets a voice in late, so what is heard of it
 * is its later part.
 */
function unclaimedIn(input: PlacementInput, claimed: readonly Uint8Array[], i: number, j: number, from: number, to: number): Region | null {
  const stream = (input.utterances[i] as UtteranceSpec).stream
  for (let q = i + 1; q < j; q++) if ((input.utterances[q] as UtteranceSpec).stream !== stream) return null
  let longest: Region | null = null
  input.streams[stream].forEach((r, k) => {
    if ((claimed[stream] as Uint8Array)[k] || r.start < from || r.end > to) return
    if (!longest || r.end - r.start >= longest.end - longest.start) longest = r
  })
  return longest
}

export function placeTurns(input: PlacementInput): PlacedTurn[] {
  const n = input.utterances.length
  const placed: (PlacedTurn | undefined)[] = new Array(n).fill(undefined)
  for (const run of input.runs) {
    const regions = input.streams[run.stream] as Region[]
    if (run.count === 1) {
      placed[run.first] = {
        start: speechStart(regions[run.from] as Region),
        end: (regions[heardTo(regions, run.from, run.to) - 1] as Region).end,
        matched: true,
      }
    } else splitRun(run, input, placed)
  }
  // Pause markers at the very start or end of a line are silence inside its turn.
  for (let i = 0; i < n; i++) {
    const turn = placed[i]
    if (!turn) continue
    turn.start = Math.max(0, turn.start - (input.leadingPause[i] as number))
    turn.end = Math.min(input.durationSec, turn.end + (input.trailingPause[i] as number))
  }

  // Missed utterances: laid end to end into the gap their matched neighbours leave.
  const claimed = claimedRegions(input)
  let i = 0
  while (i < n) {
    if (placed[i]) {
      i++
      continue
    }
    let j = i
    while (j < n && !placed[j]) j++
    const before = placed[i - 1]
    const after = placed[j]
    const from = before ? before.end : 0
    const to = Math.max(from, after ? after.start : input.durationSec)
    const room = to - from
    const want = input.expected.slice(i, j).reduce((sum, v) => sum + v, 0)
    const heard = unclaimedIn(input, claimed, i, j, from, to)
    // A reply alone in its gap, nothing of it heard: the customer track's loudest stretch there.
    const faint = !heard && j === i + 1 && input.customerDb && (input.utterances[i] as UtteranceSpec).stream === 1 ? loudestStretch(input.customerDb, from, to, want) : null
    const lead = faint !== null
      ? faint - from
      : heard
        ? Math.max(0, Math.min(room - want, heard.end - want - from))
        : Math.min(before && after ? MISSED_MAX_LEAD_SEC : MISSED_LEAD_SEC, Math.max(0, (room - want) / 2))
    const scale = want > 0 ? Math.min(1, (room - lead) / want) : 0
    let cursor = from + lead
    for (let q = i; q < j; q++) {
      const length = (input.expected[q] as number) * scale
      placed[q] = { start: cursor, end: cursor + length, matched: false }
      cursor += length
    }
    i = j
  }
  return placed as PlacedTurn[]
}

/** A reply's first word (嗯，喂，好的，) can stand apart from the rest by a comma's pause, and under
 * a busy line's raised bar the placement may leave it out: a stretch of the customer's track no
 * line took, at most REPLY_OPENING_SEC long, within REPLY_OPENING_GAP_SEC before a reply placed
 * alone and as loud as the loud regions (REPLY_OPENING_UNDER_DB under them at most), is its start. */
const REPLY_OPENING_SEC = 0.5
const REPLY_OPENING_GAP_SEC = 0.6
const REPLY_OPENING_UNDER_DB = 2

/**
 * The final placement's replies started at their opening word where the word stands apart
 * (with a customer track only, whose regions know how loud they are). Only once the speaking
 * rates are measured: a reply lengthened so would make the customer's rate slower.
 */
export function withReplyOpenings(turns: PlacedTurn[], input: PlacementInput): void {
  if (!input.customerDb) return
  const regions = input.streams[1] as Region[]
  const taken = claimedRegions(input)[1] as Uint8Array
  for (const run of input.runs) {
    if (run.stream !== 1 || run.count !== 1 || run.from === 0 || taken[run.from - 1]) continue
    const opening = regions[run.from - 1] as Region
    const rest = regions[run.from] as Region
    if (rest.start - opening.end > REPLY_OPENING_GAP_SEC || opening.end - opening.start > REPLY_OPENING_SEC) continue
    if (opening.under === undefined || opening.under > REPLY_OPENING_UNDER_DB) continue
    const turn = turns[run.first] as PlacedTurn
    turn.start = Math.min(turn.start, speechStart(opening))
  }
}

/** On a full track alone both voices are in one stretch of speech where the customer breaks in:
 * the platform stops the robot's line a breath after the customer starts (its barge-in), and the
 * voices change where the robot stops. A reply that starts where a robot line cut short ends, with
 * no pause between them, starts BARGE_IN_SEC earlier (not before the line's middle); so does one
 * that starts within BARGE_IN_PAUSE_SEC after such a line and is heard for under PART_HEARD_SHARE
 * of what its text takes (its first words went to the robot). Cut short: placed under
 * BARGE_IN_SHARE of what its text takes at the robot's rate (on the development sets 0.69 at the
 * median where the customer broke in, 1.0 elsewhere). */
const BARGE_IN_SEC = 0.3
const BARGE_IN_SHARE = 0.9
const BARGE_IN_PAUSE_SEC = 0.5
const PART_HEARD_SHARE = 0.7
/** A cut between voices this close to a robot line's end is the same stretch of speech. */
const SAME_STRETCH_SEC = 0.05

/**
 * The final placement's replies that broke in on the robot, on a full track alone (`speech`: its
 * stretches of speech before the voices cut them): one heard from where the voices change, or only
 * in part just after the line, starts where the customer began; one not heard at all, after a
 * robot line with no speech between that line and the next turn, was said over the line's last
 * words (the voices gave it to the robot) and is laid there, ending where the line ends.
 */
export function withBargeIns(turns: PlacedTurn[], input: PlacementInput, speech: readonly Region[]): void {
  for (let i = 1; i < turns.length; i++) {
    const [line, reply] = [input.utterances[i - 1] as UtteranceSpec, input.utterances[i] as UtteranceSpec]
    if (line.speaker !== 0 || reply.speaker !== 1) continue
    const [robot, turn] = [turns[i - 1] as PlacedTurn, turns[i] as PlacedTurn]
    if (!robot.matched) continue
    const lineMiddle = (robot.start + robot.end) / 2
    if (turn.matched) {
      if (robot.end - robot.start - line.pauseSec >= BARGE_IN_SHARE * ((input.expected[i - 1] as number) - line.pauseSec)) continue
      const pause = turn.start - robot.end
      const atTheCut = Math.abs(pause) <= SAME_STRETCH_SEC && speech.some((r) => r.start < turn.start - SAME_STRETCH_SEC && r.end > turn.start + SAME_STRETCH_SEC)
      const heardInPart = pause > SAME_STRETCH_SEC && pause <= BARGE_IN_PAUSE_SEC && turn.end - turn.start < PART_HEARD_SHARE * (input.expected[i] as number)
      if (atTheCut || heardInPart) turn.start = Math.max(lineMiddle, robot.end - BARGE_IN_SEC)
      continue
    }
    const next = turns[i + 1]
    if (next && !next.matched) continue
    const to = next ? next.start : input.durationSec
    if (speech.some((r) => r.end > robot.end + SAME_STRETCH_SEC && r.start < to - SAME_STRETCH_SEC)) continue
    const length = turn.end - turn.start
    turn.end = robot.end
    turn.start = Math.max(lineMiddle, robot.end - length)
  }
}
