// Infers when each transcript line is spoken, from the call's recordings. The API's transcript
// has no timestamps; this finds speech per speaker in the audio and matches the ordered lines
// to it. Plain Node, pure and synchronous: the caller decides where it runs.
import type { SpeakerRegion, TimingMethod, TurnTiming } from '../../../../shared/ipc/contract'
import { estimateTurnTimes } from '../../../../shared/turn-estimate'
import { alignSequence, coveredShare, missPrice, textCounts, twinPrice, type MatchedRun, type SequenceProbe, type TwinLabels, type UtteranceSpec } from './sequence-alignment'
import { fullTrackRegions, isQuiet, markQuiet, twoTrackRegions, withOnsets, type Region, type TwoTrackRegions } from './speech-regions'
import { clamp, median } from './stats'
import { placeTurns, withBargeIns, withReplyOpenings, type PlacedTurn, type PlacementInput } from './turn-placement'
import { doubtFlatLine, doubtMovedTurns, doubtUnfittedCall, levelRise, moved, SINGLE_TRACK_TRUST, turnConfidence, unfitted } from './turn-confidence'
import { utteranceLength, type UtteranceLength } from '../../../../shared/utterance-length'
import { decodeChannels, decodeTrack, type DecodedTrack } from './wav-input'
import { atRateOf, customerOffset, heardInTheMix, holdsTheRobot, shiftedTrack, swappedTracks, withoutDrift } from './customer-track'
import { HOP_SEC } from './frame-power'
import { syllablesIn } from './syllables'
import { cheaperRound, fromOtherStarts, learnVoices, placeOnVoices, startsAgain, splitByVoice, teachingFrames, voiceFrames, voiceScores, VoiceSpectra, type VoiceFrames } from './robot-voice'
import type { Id } from '../../../../shared/ids'
import { twinGroups, unlikeness } from './robot-twins'

export { AlignmentInputError } from './errors'

/**
 * The engine's revision: raised whenever what it measures changes (times, confidences, regions),
 * so timings kept by an older revision are measured again when their call is next opened.
 */
export const ALIGNMENT_REVISION = 56

export interface AlignUtterance {
  callDetailId: Id
  type: 'ROBOT' | 'PERSON' | string
  text: string
}

/** A turn's place in the recording, and a speaker's speech: the contract's types. */
export type AlignedTurn = TurnTiming
export type { SpeakerRegion }

export interface AlignResult {
  /** In transcript order, seconds, 3-decimal precision. */
  turns: AlignedTurn[]
  method: TimingMethod
  /** True only for the proportional fallback. */
  estimated: boolean
  durationSec: number
  /** Detected speech per speaker, for the waveform's two lanes. */
  regions: SpeakerRegion[]
  /** A full recording with each side on its own channel: the channel that held the customer's. */
  customerChannel?: Channel
}

/**
 * What a full track alone is aligned on, shown to (and changeable by) a diagnostic
 * (`scripts/bench/alignment-oracle.ts` puts the truth in at each step, to measure what each step
 * costs). The app never passes one.
 */
export interface AlignProbe {
  /** The speech regions before the first placement (with a customer track, both streams'); the list returned is used instead. */
  regions?(regions: Region[]): Region[]
  /** Each round's teaching frames (1 = taught), as teachingFrames made them; may be changed in place. */
  teach?(frames: VoiceFrames, robot: Uint8Array, customer: Uint8Array): void
  /** Each round's voice scores (above 0 the robot), before the regions are cut; may be changed in place. */
  scores?(frames: VoiceFrames, scores: Float64Array): void
  /** Every placement's prices (skips, then runs), in the order the placements run. */
  placement?: SequenceProbe
  /** What was made of the customer's track (customer-track.ts): told once a call that has one. */
  customerTrack?(told: CustomerTrackNote): void
  /** How the rounds of voices fitted the call, on a full track alone: told once they ran. */
  voiceRounds?(told: VoiceRoundsNote): void
}

/** How the rounds of voices fitted a call on a full track alone, for a diagnostic (`npm run align -- --explain`). */
export interface VoiceRoundsNote {
  /** What the first rounds' last placement costs per line (over 1 it did not fit: robot-voice's REFIT_COST_PER_LINE). */
  costPerLine: number
  /** The rounds were started again from other speaking rates (robot-voice's fromOtherStarts). */
  startedAgain: boolean
  /** The rounds kept: the first ones, those started at this factor of the first rate, or those taught again from the cheapest. */
  kept: 'first' | 'taught again' | number
  keptCostPerLine: number
  /** Every turn's confidence halved: the kept placement still does not fit (turn-confidence's doubtUnfittedCall). */
  doubted: boolean
}

/** What was made of a call's customer track, for a diagnostic (`npm run align -- --explain`). */
export interface CustomerTrackNote {
  /** Its rate as read (a recorder's rates other than 8 and 16 kHz are read at 8), and the full
   * track's, which it was brought to. */
  recordedHz: number
  fullHz: number
  /** Given as the full track, and the full track as it: the two were swapped back. */
  swapped: boolean
  /** Samples (at the full track's rate) its side lies later in the full track; 0 in step. */
  offsetSamples: number
  /** How far its clock ran off the full track's (ppm, fast where positive), drawn back into step; 0 where it did not drift. */
  driftPpm?: number
  /** Used; or not, as the whole call (the robot in it too) or as a leg not recorded. */
  use: 'used' | 'whole-call' | 'not-recorded'
  /** No customer track was given: it is this channel of the full recording (each side on its own). */
  channel?: Channel
  /** ...found by placing the call on this many channels as the customer's (1: the first was sure). */
  channelsPlaced?: number
}

export interface AlignInput {
  full: Uint8Array | null
  customer?: Uint8Array | null
  utterances: AlignUtterance[]
  /** Used only without audio, for the proportional estimate. */
  durationSec?: number
  /** For a full recording with each side on its own channel: the channel the customer's side was
   * found on last time (a recorder keeps each side on the same channel), tried first. */
  customerChannel?: Channel
}

export type Channel = 'left' | 'right'

const MIN_SEC_PER_UNIT = 0.1
const MAX_SEC_PER_UNIT = 0.6
const DEFAULT_SEC_PER_UNIT = 0.24
/** Alignment passes: the second uses speaking rates measured from the first. */
const PASSES = 2
const round3 = (v: number) => Math.round(v * 1000) / 1000
const speakerOf = (type: string): 0 | 1 => (type === 'PERSON' ? 1 : 0)

/** The customer's first rate is at most this many times the robot's (seconds per unit): their
 * stream also carries what no line says (babble fragments a few dB under the replies, echo blips,
 * hold music), which would pass for slow speech, and a slow first rate lets a reply take a run of
 * babble, or music, of its inflated length. Quiet regions are not counted at all. The robot's
 * stream is its own voice. */
const MAX_CUSTOMER_RATE_RATIO = 2
/** ...nor are regions the robot's cover for more than this share: echo fragments the robot's words
 * leave on a track under AGC and clipping (fresh seed 47's line-009: every reply then took the last
 * fragment before it, at a rate the fragments had slowed). */
const RATE_COVERED_SHARE = 0.8

export function initialRates(specs: readonly UtteranceSpec[], streams: readonly [Region[], Region[]], singleStream: boolean): [number, number] {
  const speechIn = (list: Region[]) => list.reduce((sum, r) => sum + (isQuiet(r) ? 0 : r.end - r.start), 0)
  const unitsOf = (speaker?: 0 | 1) => specs.reduce((sum, u) => sum + (speaker === undefined || u.speaker === speaker ? u.units : 0), 0)
  const rate = (seconds: number, units: number) => (units > 0 && seconds > 0 ? clamp(seconds / units, MIN_SEC_PER_UNIT, MAX_SEC_PER_UNIT) : DEFAULT_SEC_PER_UNIT)
  if (singleStream) {
    const r = rate(speechIn(streams[0]), unitsOf())
    return [r, r]
  }
  const robot = rate(speechIn(streams[0]), unitsOf(0))
  const covered = coveredShare(streams[1], streams[0])
  const customer = streams[1].filter((_, k) => (covered[k] as number) <= RATE_COVERED_SHARE)
  return [robot, Math.min(rate(speechIn(customer), unitsOf(1)), robot * MAX_CUSTOMER_RATE_RATIO)]
}

/** Each speaker's seconds per unit, from lines matched alone and not cut short. */
function measuredRates(specs: readonly UtteranceSpec[], turns: readonly PlacedTurn[], solo: ReadonlySet<number>, previous: [number, number]): [number, number] {
  const samples: [number[], number[]] = [[], []]
  specs.forEach((u, i) => {
    const turn = turns[i]
    if (!turn || !solo.has(i) || u.units < 3) return
    samples[u.speaker].push((turn.end - turn.start - u.pauseSec) / u.units)
  })
  const pick = (s: 0 | 1) => (samples[s].length >= 2 ? clamp(median(samples[s]), MIN_SEC_PER_UNIT, MAX_SEC_PER_UNIT) : previous[s])
  return [pick(0), pick(1)]
}

/** One stream's regions by start: the placement's order, by which twins' labels are indexed too. */
function streamOf(regions: readonly Region[], stream: 0 | 1): Region[] {
  return regions.filter((r) => r.stream === stream).sort((a, b) => a.start - b.start)
}

function alignToRegions(
  utterances: readonly AlignUtterance[],
  regions: Region[],
  singleStream: boolean,
  durationSec: number,
  {
    fullTrack = singleStream,
    known,
    rateFactor,
    customerDb,
    probe,
    twins,
  }: {
    /** The regions come from a full track alone (told apart by voice when on two streams). */
    fullTrack?: boolean
    /** Speaking rates measured already (then one pass does). */
    known?: [number, number]
    /** The first pass's speaking rates times this, in that one pass: a first placement started at
     * another rate (a second pass, at rates measured from it, drew it back to the first placement's). */
    rateFactor?: number
    /** The customer track's level (dB per hop), where the call has one: a reply missed is looked for in it. */
    customerDb?: Float64Array
    /** A diagnostic's ear on each placement's prices. */
    probe?: SequenceProbe
    /** The robot regions whose text their audio tells. */
    twins?: TwinLabels
  } = {},
): { turns: PlacedTurn[]; confidence: number[]; rates: [number, number]; cost: number; runs: MatchedRun[]; input: PlacementInput | null } {
  const trust = fullTrack ? SINGLE_TRACK_TRUST : 1
  const lengths: UtteranceLength[] = utterances.map((u) => utteranceLength(u.text))
  const specs: UtteranceSpec[] = utterances.map((u, i) => {
    const speaker = speakerOf(u.type)
    const l = lengths[i] as UtteranceLength
    return { stream: singleStream ? 0 : speaker, speaker, units: l.units, pauseSec: l.pauseSec, syllables: l.syllables }
  })
  const streams: [Region[], Region[]] = [streamOf(regions, 0), streamOf(regions, 1)]
  const initial = initialRates(specs, streams, singleStream)
  let rates = known ?? (rateFactor === undefined ? initial : [initial[0] * rateFactor, initial[1] * rateFactor])
  const passes = known || rateFactor !== undefined ? 1 : PASSES
  let turns: PlacedTurn[] = []
  let confidence: number[] = []
  let cost = Infinity
  let runs: MatchedRun[] = []
  let last: PlacementInput | null = null
  for (let pass = 0; pass < passes; pass++) {
    const placed = alignSequence(specs, streams, rates, singleStream, { fullTrack, probe, twins })
    cost = placed.cost
    runs = placed.runs
    const expected = specs.map((u) => u.units * rates[u.speaker] + u.pauseSec)
    const input = {
      utterances: specs,
      expected,
      leadingPause: lengths.map((l) => l.leadingPauseSec),
      trailingPause: lengths.map((l) => l.trailingPauseSec),
      streams,
      runs,
      durationSec,
      customerDb,
    }
    turns = placeTurns(input)
    confidence = turnConfidence(specs, expected, runs, turns, trust)
    const solo = new Set(runs.filter((r) => r.count === 1 && !r.truncatable).map((r) => r.first))
    rates = measuredRates(specs, turns, solo, rates)
    last = input
  }
  if (last) withReplyOpenings(turns, last)
  return { turns, confidence, rates, cost, runs, input: last }
}

/** Lines placed at least this confidently teach the voices; their edges (s) are left out. */
const TEACHING_CONFIDENCE = 0.8
const TEACHING_TRIM_SEC = 0.15

/**
 * On a full track alone, the speech regions cut where the voice changes and given to the robot
 * (stream 0) or the customer (stream 1), from the voices the first placement teaches; null when
 * it teaches too little of either.
 */
function regionsByVoice(frames: VoiceFrames, regions: readonly Region[], utterances: readonly AlignUtterance[], turns: readonly PlacedTurn[], confidence: readonly number[], probe?: AlignProbe): Region[] | null {
  const placed = turns.map((t, i) => ({ start: t.start, end: t.end, speaker: speakerOf((utterances[i] as AlignUtterance).type), confidence: t.matched ? (confidence[i] as number) : 0 }))
  const [robot, customer] = teachingFrames(frames, placed, TEACHING_CONFIDENCE, TEACHING_TRIM_SEC)
  probe?.teach?.(frames, robot, customer)
  const model = learnVoices(frames, robot, customer)
  if (!model) return null
  const scores = voiceScores(frames, model)
  probe?.scores?.(frames, scores)
  return splitByVoice(regions, frames, scores)
}

/** Full-track regions get the speaker of the turn that overlaps them most; unclaimed ones are dropped. */
function labelFullTrackRegions(regions: readonly Region[], utterances: readonly AlignUtterance[], turns: readonly PlacedTurn[]): SpeakerRegion[] {
  const labelled: SpeakerRegion[] = []
  for (const r of regions) {
    let best = -1
    let bestOverlap = 0
    turns.forEach((t, i) => {
      const overlap = Math.min(r.end, t.end) - Math.max(r.start, t.start)
      if (overlap > bestOverlap) {
        bestOverlap = overlap
        best = i
      }
    })
    const owner = utterances[best]
    if (owner) labelled.push({ speaker: speakerOf(owner.type) === 1 ? 'customer' : 'robot', start: r.start, end: r.end })
  }
  return labelled
}

function finish(utterances: readonly AlignUtterance[], times: readonly { start: number; end: number }[], durationSec: number, confidence?: readonly number[]): AlignedTurn[] {
  return utterances.map((u, i) => {
    const t = times[i] ?? { start: 0, end: 0 }
    const start = round3(clamp(t.start, 0, durationSec))
    const turn: AlignedTurn = { callDetailId: u.callDetailId, start, end: Math.max(start, round3(clamp(t.end, 0, durationSec))) }
    const c = confidence?.[i]
    return c === undefined ? turn : { ...turn, confidence: c }
  })
}

/** The robot's share of the transcript's text (by units), what its share of the speech should be near. */
function robotTextShare(utterances: readonly AlignUtterance[]): number {
  let robot = 0
  let all = 0
  for (const u of utterances) {
    const units = utteranceLength(u.text).units
    all += units
    if (speakerOf(u.type) === 0) robot += units
  }
  return all > 0 ? robot / all : 0.5
}

type Placement = ReturnType<typeof alignToRegions>

/** Rounds of voices from one first placement: the last placement, what it costs, the voices it
 * was placed on, and the first placement's turns (what a moved turn is judged against). */
interface VoiceRounds {
  cost: number
  placed: Placement
  voices: Region[]
  first: readonly PlacedTurn[]
  /** Where they started: the first placement, another rate's (its factor), or the cheapest rounds' last placement. */
  from: VoiceRoundsNote['kept']
}

/** Placements tried for twins the placement gave several texts, at most (each places the whole
 * call again; a long call that repeats its lines can have dozens of such groups): past it, the
 * groups left hold nothing to a text. */
const MAX_TWIN_TRIALS = 4

/** A region's start within this (s) before a placed line's start is that line's. */
const TWIN_START_SLACK_SEC = 0.15
/** Whether placed line `t` opens region `r`: `r` starts at the line's start (TWIN_START_SLACK_SEC) or after, before its end. */
const opens = (t: PlacedTurn, r: Region) => t.start - TWIN_START_SLACK_SEC <= r.start && r.start < t.end

/** Two copies of one text whose openings sound at least this unlike (robot-twins' measure: the
 * same text fits under 0.25, nine pairs in ten under 0.24) cannot both be on what was played. */
const COPIES_UNLIKE = 0.5
/** ...compared over this much (s) of each from its opening region's start. */
const COPY_HEARD_SEC = 2

/**
 * With a customer track, robot regions that sound the same say the same text (robot-twins.ts).
 * Where the placement disagrees with them (twins given different texts, a repeat placed away from
 * its twins), it is placed again with the twins labelled by their text, which then prices that
 * (sequence-alignment.ts, TWIN_COST): a line logged twice and played once is then missed instead of
 * squeezed into the audio of the lines beside it. Only where the transcript repeats a robot line.
 * Where it was played once there are no twins; then `withoutUnplayedCopy` looks at the copies.
 */
function agreeWithTwins(robotDb: Float64Array, utterances: readonly AlignUtterance[], regions: Region[], durationSec: number, placed: Placement, customerDb: Float64Array, probe?: SequenceProbe): Placement {
  const agreed = twinsAgreed(robotDb, utterances, regions, durationSec, placed, customerDb, probe)
  return agreed ? withoutUnplayedCopy(robotDb, utterances, regions, durationSec, agreed, customerDb, probe) : placed
}

/**
 * A text the transcript logs twice, with no twins to tell where it was heard, whose two copies
 * sound clearly unlike where the placement opened them: one copy is on another line's audio (on
 * the development sets, a line logged twice and played once took the start of the line after it,
 * which was squeezed into the rest). Each copy in turn keeps its region, labelled with the text,
 * the other missed; the miss costs nothing, as the line was never played, and the cheapest of
 * these and the placement as it was is kept. Each is placed at rates of its own: at the squeezed
 * placement's the lines placed right look too long.
 */
function withoutUnplayedCopy(robotDb: Float64Array, utterances: readonly AlignUtterance[], regions: Region[], durationSec: number, agreed: TwinsAgreed, customerDb: Float64Array, probe?: SequenceProbe): Placement {
  const { placed, line, count, robot, label } = agreed
  const opening = placed.turns.map((t, i) => ((line[i] as number) >= 0 && t.matched ? robot.findIndex((r) => opens(t, r)) : -1))
  let best = placed
  let bestCost = placed.cost
  let trials = 0
  for (let text = 0; text < count.length; text++) {
    if (count[text] !== 2 || label.includes(text)) continue
    const copies = opening.flatMap((k, i) => (line[i] === text && k >= 0 ? [i] : []))
    if (copies.length !== 2) continue
    const [ka, kb] = copies.map((i) => opening[i] as number) as [number, number]
    // Each copy's first seconds from its opening, as long as both last: a copy's opening region
    // is often its first syllable alone, too short to compare.
    const heard = Math.min(COPY_HEARD_SEC, ...copies.map((i) => (placed.turns[i] as PlacedTurn).end - (robot[opening[i] as number] as Region).start))
    const from = (k: number): Region => ({ ...(robot[k] as Region), end: (robot[k] as Region).start + heard })
    const unlike = ka === kb ? 0 : unlikeness(robotDb, from(ka), from(kb))
    if (!Number.isFinite(unlike) || unlike < COPIES_UNLIKE) continue
    for (const [keeps, lacks] of [copies, [...copies].reverse()] as [number, number][]) {
      if (trials++ >= MAX_TWIN_TRIALS) return best
      const labelled = label.slice()
      labelled[opening[keeps] as number] = text
      const tried = alignToRegions(utterances, regions, false, durationSec, { customerDb, probe, twins: { region: labelled, line, count } })
      // Only what was asked: the copy keeps its opening, the other is missed.
      const kept = tried.turns[keeps] as PlacedTurn
      if (!kept.matched || Math.abs(kept.start - (placed.turns[keeps] as PlacedTurn).start) >= TWIN_START_SLACK_SEC || (tried.turns[lacks] as PlacedTurn).matched) continue
      const cost = tried.cost - missPrice((tried.input as PlacementInput).expected[lacks] as number)
      if (cost < bestCost) [best, bestCost] = [tried, cost]
    }
  }
  return best
}

/** A placement the twins agree with, and what they were told: each line's text, each text's count,
 * the robot regions in order and each one's text (-1: none decided). */
interface TwinsAgreed {
  placed: Placement
  line: Int32Array
  count: Int32Array
  robot: Region[]
  label: Int32Array
}

/** `agreeWithTwins`' first part: null where the transcript repeats no robot line. */
function twinsAgreed(robotDb: Float64Array, utterances: readonly AlignUtterance[], regions: Region[], durationSec: number, placed: Placement, customerDb: Float64Array, probe?: SequenceProbe): TwinsAgreed | null {
  // Each robot line's text as a number (the same text, the same number); -1 for the customer's.
  const textIds = new Map<string, number>()
  const idOf = (text: string) => {
    if (!textIds.has(text)) textIds.set(text, textIds.size)
    return textIds.get(text) as number
  }
  const line = Int32Array.from(utterances, (u) => (speakerOf(u.type) === 0 ? idOf(u.text) : -1))
  const count = textCounts(line)
  if (!count.some((c) => c > 1)) return null
  // In the order the placement numbers them: twins' labels are indexed so.
  const robot = streamOf(regions, 0)
  // The text the placement gave each region: its robot line's that starts at or before it and runs past its start.
  const placedText = robot.map((r) => {
    const i = placed.turns.findIndex((t, k) => (line[k] as number) >= 0 && t.matched && opens(t, r))
    return i < 0 ? -1 : (line[i] as number)
  })
  // Only a region the placement gave a repeated text, or none, can be a repeat out of place.
  const askable = Uint8Array.from(placedText, (t) => (t < 0 || (count[t] as number) > 1 ? 1 : 0))
  const groups = twinGroups(robotDb, robot, askable)
  const members = new Map<number, number[]>()
  groups.forEach((g, k) => g >= 0 && members.set(g, [...(members.get(g) ?? []), k]))
  if (members.size === 0) return { placed, line, count, robot, label: new Int32Array(robot.length).fill(-1) }
  // Each group's text: the one the placement gave most of its regions, where that is over half of
  // them; the others are tried with each text it gave them, and the cheapest placement kept.
  const label = new Int32Array(robot.length).fill(-1)
  const undecided: number[][] = []
  for (const list of members.values()) {
    const votes = new Map<number, number>()
    for (const k of list) votes.set(placedText[k] as number, (votes.get(placedText[k] as number) ?? 0) + 1)
    const [text, most] = [...votes].reduce((a, b) => (b[1] > a[1] ? b : a))
    if (text >= 0 && most * 2 > list.length && (count[text] as number) >= list.length) for (const k of list) label[k] = text
    else undecided.push(list)
  }
  const placeWith = (twins: TwinLabels) => alignToRegions(utterances, regions, false, durationSec, { known: placed.rates, customerDb, probe, twins })
  let best = placed
  let trials = 0
  for (const list of undecided) {
    let chosen = -1
    let bestCost = Infinity
    for (const text of new Set(list.map((k) => placedText[k] as number))) {
      if (text < 0 || (count[text] as number) < list.length || trials++ >= MAX_TWIN_TRIALS) continue
      for (const k of list) label[k] = text
      const tried = placeWith({ region: label.slice(), line, count })
      if (tried.cost < bestCost) [best, bestCost, chosen] = [tried, tried.cost, text]
    }
    for (const k of list) label[k] = chosen
  }
  if (best !== placed) return { placed: best, line, count, robot, label }
  // With every group's text decided, a placement the twins agree with stands as it is.
  const twins = { region: label, line, count }
  return { placed: twinPrice(placed.runs, twins) > 0 ? placeWith(twins) : placed, line, count, robot, label }
}

/** On a full track alone, a busy background (babble, a busy room) lifts the floor this far (dB) or
 * more over the plain noise floor at the median hop; a clean line's lifts it under 2 dB. */
export const BUSY_LIFT_DB = 3

/**
 * The stretches of speech once the voices are told apart, measured as a customer's track measures
 * its own: each stretch is one speaker's, so its syllables can be counted (on the full track's
 * level, `db`); and where a busy background lifts the floor (`lift`), each voice's stretches are
 * judged against its loud ones (markQuiet), as babble's fragments, taken for either voice, would
 * otherwise be priced as lines. On a clean line that judgement only took soft syllables of
 * replies for remarks.
 */
export function measureVoices(list: Region[], db: Float64Array, lift: number): Region[] {
  for (const r of list) r.syllables = syllablesIn(db, Math.round(r.start / HOP_SEC), Math.round(r.end / HOP_SEC))
  if (lift >= BUSY_LIFT_DB) for (const stream of [0, 1]) markQuiet(list.filter((r) => r.stream === stream), db)
  return list
}

export function alignCall(input: AlignInput, probe?: AlignProbe): AlignResult {
  const utterances = input.utterances
  if (!input.full) {
    const durationSec = input.durationSec && input.durationSec > 0 ? input.durationSec : 0
    const times = estimateTurnTimes(utterances.map((u) => u.text), durationSec)
    return { turns: finish(utterances, times, durationSec), method: 'proportional', estimated: true, durationSec, regions: [] }
  }
  const legs = input.customer ? null : onChannels(input.full, utterances, input.customerChannel, probe)
  if (legs) return legs
  const given = decodeTrack(input.full, 'full')
  // The customer's track at the full track's rate and laid where its side sits in it
  // (customer-track.ts); in step, as it came. A track that holds the robot too is no customer
  // track. Recordings given the other way round are swapped back first.
  const givenCustomer = input.customer ? decodeTrack(input.customer, 'customer') : null
  const asGiven = givenCustomer && atRateOf(given, givenCustomer)
  const swapped = asGiven !== null && swappedTracks(given, asGiven)
  const full = swapped && givenCustomer ? givenCustomer : given
  const own = swapped ? given : givenCustomer
  const recorded = swapped ? own && atRateOf(full, own) : asGiven
  const offset = recorded ? customerOffset(full, recorded) : 0
  // ...and, recorded on another clock, drawn back into step all along (customerDrift).
  const steady = recorded ? withoutDrift(full, shiftedTrack(recorded, offset)) : null
  const laid = steady?.track ?? null
  const kept = laid && !holdsTheRobot(full, laid) ? laid : null
  const measured = kept ? twoTrackRegions(full, kept) : null
  // Nor is one with no speech in it, where the transcript has the customer speak, that the full
  // track does not hold either: a leg that was not recorded (silence, or noise of its own).
  const customerSpeaks = utterances.some((u) => speakerOf(u.type) === 1)
  const unrecorded = kept && measured && customerSpeaks && !measured.regions.some((r) => r.stream === 1) && !heardInTheMix(full, kept)
  const both = unrecorded ? null : measured
  if (own) probe?.customerTrack?.({ recordedHz: own.sampleRate, fullHz: full.sampleRate, swapped, offsetSamples: offset, driftPpm: steady?.ppm ?? 0, use: both ? 'used' : kept ? 'not-recorded' : 'whole-call' })
  return placeCall(full, both, utterances, probe)
}

/** A side whose first placement costs under this much per line is the customer's, and the other
 * side is not placed at all. On the development sets' 882 two-track calls as stereo files, the
 * customer's side cost under it on 85 % of the calls and the wrong side never under 1.6. */
const SURE_SIDE_COST_PER_LINE = 1

/**
 * A full recording whose two channels are the call's two sides (the robot's leg on one, the
 * customer's on the other, as some recorders keep them) holds the customer's track: the call is
 * placed on the two summed as the full track (the mix they make), with a channel as the customer's.
 * The channel the customer was on last time (`known`; the left one when there is none) is tried
 * first and kept when its first placement is sure (SURE_SIDE_COST_PER_LINE); otherwise the other is
 * tried too and the side whose first placement costs less kept (on the development sets' 882
 * two-track calls the wrong side cost more on every call; the speech on each side against the
 * transcript's text, a cheaper test, was wrong on a fifth of them). A channel that holds the whole
 * call (a mix beside the customer's leg) is not the customer's, nor one that leaves the other side
 * nothing the robot's levels find. A mono file copied to both channels, or a channel with no
 * speech of its own (a leg not recorded): null, and the call is aligned on the average, as a mono
 * recording.
 */
function onChannels(bytes: Uint8Array, utterances: readonly AlignUtterance[], known?: Channel, probe?: AlignProbe): AlignResult | null {
  const channels = decodeChannels(bytes, 'full')
  if (!channels || sameSamples(channels[0].samples, channels[1].samples)) return null
  const [left, right] = channels
  const sum = new Float32Array(left.samples.length)
  for (let i = 0; i < sum.length; i++) sum[i] = ((left.samples[i] as number) + (right.samples[i] as number)) * left.scale
  const full: DecodedTrack = { samples: sum, scale: 1, sampleRate: left.sampleRate }
  const durationSec = full.samples.length / full.sampleRate
  const tried: { measured: TwoTrackRegions; placed: Placement; side: 0 | 1 }[] = []
  for (const side of known === 'right' ? ([1, 0] as const) : ([0, 1] as const)) {
    const leg = channels[side]
    if (holdsTheRobot(full, leg)) continue
    const measured = twoTrackRegions(full, leg)
    // A faint customer can leave no region of its own and still be heard in the mix (as a
    // customer's track can: alignCall); a leg not recorded is not.
    if (!measured.regions.some((r) => r.stream === 1) && !heardInTheMix(full, leg)) return null
    if (!measured.regions.some((r) => r.stream === 0) || utterances.length === 0) continue
    // The first placement's cost decides: the rest (twins placed again) only for the side kept,
    // whose first placement stands (made again only for a probe that hears or moves it).
    const placed = alignToRegions(utterances, measured.regions, false, durationSec, { customerDb: measured.customerDb })
    tried.push({ measured, placed, side })
    if (placed.cost < SURE_SIDE_COST_PER_LINE * utterances.length) break
  }
  const [best] = tried.sort((a, b) => a.placed.cost - b.placed.cost)
  if (!best) return null
  const channel = best.side === 0 ? 'left' : 'right'
  probe?.customerTrack?.({ recordedHz: full.sampleRate, fullHz: full.sampleRate, swapped: false, offsetSamples: 0, use: 'used', channel, channelsPlaced: tried.length })
  return { ...placeCall(full, best.measured, utterances, probe, probe?.placement || probe?.regions ? undefined : best.placed), customerChannel: channel }
}

function sameSamples(a: DecodedTrack['samples'], b: DecodedTrack['samples']): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The call placed on the full track, with the customer's track's regions where it has one
 * (`first`: their first placement, where it is made already). */
function placeCall(full: DecodedTrack, both: TwoTrackRegions | null, utterances: readonly AlignUtterance[], probe?: AlignProbe, first?: Placement): AlignResult {
  const durationSec = full.samples.length / full.sampleRate
  const spectra = both ? null : new VoiceSpectra(full)
  // On a full track alone, its level too (dB per hop), to count syllables once the voices are told apart.
  const alone = both ? null : fullTrackRegions(full, spectra?.listener)
  const found = both?.regions ?? alone?.regions ?? []
  const regions = probe?.regions ? probe.regions(found) : found
  const singleStream = !both
  const placed = utterances.length === 0 ? null : (first ?? alignToRegions(utterances, regions, singleStream, durationSec, { customerDb: both?.customerDb, probe: probe?.placement }))
  const kept = placed && both ? agreeWithTwins(both.robotDb, utterances, regions, durationSec, placed, both.customerDb, probe?.placement) : placed
  let { turns, confidence } = kept ?? { turns: [], confidence: [] }
  // The first placement's regions, before the onsets below are marked on them: a placement that
  // starts the voices again (fromOtherStarts) places on what the first one did.
  const firstRegions = alone ? regions.map((r) => ({ ...r })) : regions
  // Where each stretch of speech began rising, for the second placement's turn starts only (in
  // the first, which teaches the voices, the development sets' figures were worse with them).
  if (alone) withOnsets(regions, alone.db)
  // On a full track alone the first placement teaches the voices, which then tell the speakers
  // apart for a second placement. The second teaches them again, only from the lines both
  // placements agree on, for a third (a round taught from all of the second's lines learns its
  // own mistakes; agreement is where either placement is rarely wrong). Where the third moved a
  // line of the second's, a fourth is taught from all of it and kept if it costs less and is as
  // sure of its lines (cheaperRound). Voices that learnt each other's side are flipped before any
  // placement (placeOnVoices). Where the last placement fits its lines badly, the rounds start
  // again from first placements at other speaking rates, and the cheapest is kept (fromOtherStarts).
  const frames = spectra && alone && utterances.length > 0 ? voiceFrames(spectra, regions) : null
  let voices = frames ? regionsByVoice(frames, regions, utterances, turns, confidence, probe) : null
  if (voices && frames && alone) {
    const measured = (list: Region[]) => measureVoices(list, alone.db, alone.lift)
    const textShare = robotTextShare(utterances)
    const place = (list: Region[], known?: [number, number]) => placeOnVoices(list, textShare, (on) => alignToRegions(utterances, on, false, durationSec, { fullTrack: true, known, probe: probe?.placement }))
    const rounds = (first: readonly PlacedTurn[], firstVoices: Region[], from: VoiceRounds['from']): VoiceRounds => {
      const [second, secondVoices] = place(measured(firstVoices))
      let last: [Placement, Region[]] = [second, secondVoices]
      const agreed = second.confidence.map((c, i) => (moved(first, second.turns, i) ? 0 : c))
      const third = regionsByVoice(frames, regions, utterances, second.turns, agreed, probe)
      if (third) {
        // At the second placement's speaking rates, in one pass (the fourth too).
        const thirdRound = place(measured(third), second.rates)
        const unsettled = thirdRound[0].turns.some((_, i) => moved(second.turns, thirdRound[0].turns, i))
        last = cheaperRound(thirdRound, unsettled, () => {
          const fourth = regionsByVoice(frames, regions, utterances, thirdRound[0].turns, thirdRound[0].confidence, probe)
          return fourth ? place(measured(fourth), second.rates) : null
        })
        if (last[0].input) withBargeIns(last[0].turns, last[0].input, regions)
      }
      return { cost: last[0].cost, placed: last[0], voices: last[1], first, from }
    }
    // Rounds taught from a placement (a first one, or the last of other rounds), if it teaches both voices.
    const roundsFrom = (start: { turns: PlacedTurn[]; confidence: number[] }, from: VoiceRounds['from']) => {
      const taught = regionsByVoice(frames, regions, utterances, start.turns, start.confidence, probe)
      return taught ? rounds(start.turns, taught, from) : null
    }
    const firstRounds = rounds(turns, voices, 'first')
    const kept = fromOtherStarts(
      firstRounds,
      durationSec,
      utterances.length,
      (rateFactor) => roundsFrom(alignToRegions(utterances, firstRegions, true, durationSec, { rateFactor, probe: probe?.placement }), rateFactor),
      (last) => roundsFrom(last.placed, 'taught again'),
    )
    voices = kept.voices
    ;({ turns, confidence } = kept.placed)
    const perLine = (r: VoiceRounds) => r.cost / utterances.length
    confidence = doubtUnfittedCall(doubtMovedTurns(kept.first, turns, confidence), perLine(kept))
    probe?.voiceRounds?.({ costPerLine: perLine(firstRounds), startedAgain: startsAgain(perLine(firstRounds), durationSec), kept: kept.from, keptCostPerLine: perLine(kept), doubted: unfitted(perLine(kept)) })
  }
  // A doubt about the whole call, so only now: the voices above were taught from each placement's
  // confidences as they were, and no time moves.
  if (alone) confidence = doubtFlatLine(confidence, levelRise(alone.db))
  const speakerRegions = singleStream && !voices
    ? labelFullTrackRegions(regions, utterances, turns)
    : (voices ?? regions).map((r): SpeakerRegion => ({ speaker: r.stream === 1 ? 'customer' : 'robot', start: r.start, end: r.end }))
  speakerRegions.sort((a, b) => a.start - b.start)
  return {
    turns: finish(utterances, turns, durationSec, confidence),
    method: both ? 'two-track' : 'full-track',
    estimated: false,
    durationSec: round3(durationSec),
    regions: speakerRegions.map((r) => ({ speaker: r.speaker, start: round3(r.start), end: round3(r.end) })),
  }
}
