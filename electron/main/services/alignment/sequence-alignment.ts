// Matches the transcript's utterances, in order, to detected speech regions by dynamic
// programming. A run of one or more same-speaker utterances takes a run of consecutive regions
// of its speaker's stream; regions nobody claims (noise, echo leaks, coughs) are skipped and
// utterances without audible speech are missed, each at a price. The price of a match is how
// far the regions' span is from what the text takes to say at this speaker's rate.
import { isQuiet, QUIET_REGION_DB, type Region } from './speech-regions'

export interface UtteranceSpec {
  stream: 0 | 1
  /** Speaker key for rates and splits: different keys on one stream may share a run only on a full track. */
  speaker: 0 | 1
  units: number
  pauseSec: number
  /** Syllables the text says (Han characters and digits; 0 or absent: not known). */
  syllables?: number
}

export interface MatchedRun {
  /** First utterance and how many. */
  first: number
  count: number
  /** The regions (indexes into the stream's list) the run covers. */
  stream: 0 | 1
  from: number
  to: number
  /** The other speaker broke in before the run ended, or the call ended: it may be cut short. */
  truncatable: boolean
}

/** A run as the placement priced it, for a diagnostic (`scripts/bench/alignment-explain.ts`):
 * lines `first`.. (`count`) on regions [`from`, `to`) of `stream`, the cost of the state it starts
 * from, and what it adds, by part. */
export interface RunPrice {
  first: number
  count: number
  stream: 0 | 1
  from: number
  to: number
  before: number
  parts: { gap: number; split: number; inversion: number; change: number; join: number; syllables: number; talkOn: number; twins: number; length: number; inside: number }
}

/** What a diagnostic hears of a placement: each region's skip price per stream, then every run priced. */
export interface SequenceProbe {
  skips?(prices: readonly [Float64Array, Float64Array]): void
  run?(price: RunPrice): void
}

/** Which robot text each robot region's audio says, where its twin shows it (robot-twins.ts):
 * `region` per stream-0 region and `line` per utterance, the same number for the same text (-1:
 * not known, or not a robot line); `count` per text, how many of the transcript's lines say it. */
export interface TwinLabels {
  region: Int32Array
  line: Int32Array
  count: Int32Array
}

/** What a line the audio lacks costs, by the seconds its text takes. */
export function missPrice(expectedSec: number): number {
  return MISS_COST + MISS_COST_PER_SEC * Math.min(expectedSec, MISS_FULL_SEC)
}

/** How many of the lines say each text (`line` as in TwinLabels). */
export function textCounts(line: Int32Array): Int32Array {
  const count = new Int32Array(Math.max(-1, ...line) + 1)
  for (const t of line) if (t >= 0) count[t] = (count[t] as number) + 1
  return count
}

export interface PlacementOptions {
  /** The streams come from a full track alone (one stream, or two told apart by voice). */
  fullTrack?: boolean
  /** A diagnostic's ear on the prices. */
  probe?: SequenceProbe
  /** The robot regions whose text their audio tells. */
  twins?: TwinLabels
}

export interface Alignment {
  runs: MatchedRun[]
  /** What the placement paid in all (Infinity: no placement). */
  cost: number
}

const MAX_UTTERANCES_PER_RUN = 4
const MAX_REGIONS_PER_RUN = 40
/** How far (s) a region may start before the other stream's already matched speech. */
const ORDER_TOLERANCE = 0.5
const DURATION_SIGMA = 0.3
const CUT_SHORT_SIGMA = 1.2
const DURATION_SOFTENING = 0.4
const SPLIT_COST = 1.5
const SKIP_COST = 0.8
const SKIP_COST_PER_SEC = 2.5
/** Past this length a region nobody claims costs little more per second: a long stretch of music or
 * noise must not buy itself a turn (and shift every turn after it) by being expensive to skip. */
const SKIP_FULL_SEC = 2
const SKIP_COST_PER_LONG_SEC = 0.3
const MISS_COST = 4
const MISS_COST_PER_SEC = 1.5
/** ...for at most this many seconds of the text: a line the audio lacks wholly (never played, a
 * phantom turn) is one event however long its text, and a long line missed at full price was
 * taken by the next line's audio, and every turn after it shifted, rather than missed. */
const MISS_FULL_SEC = 4
const GAP_ALLOWANCE = 0.7
const GAP_COST_PER_SEC = 1.5
/** A run on one stream whose speech is all over before speech already taken on the other stream
 * begins is out of the transcript's order (a reply heard before the line it answers): this much
 * per second it starts early. The stream positions allow it within ORDER_TOLERANCE for overlaps. */
const INVERSION_COST_PER_SEC = 20
/** A customer region the robot's speech covers is more likely an echo leak, a backchannel or
 * music than a transcript line: skipping it costs less, by this share of the part covered; but
 * only where the robot talks on after it (heldUntil): a robot that stops within
 * TALK_ON_GRACE_SEC of it was broken in on, and the region is the reply's first words; unless the
 * region ends as the robot's does (endsAsEcho). */
const COVERED_SKIP_DISCOUNT = 0.8
/** A quiet customer region (far under the customer's loud ones: babble, a remark aside) costs this
 * share of the usual to skip; so does a quiet robot region, where a busy full track alone marks
 * them (the robot's voice plays at one level; what its voice model takes far under it is babble).
 * Babble only 4–6 dB under the replies is not quiet, but three of its fragments cost more to skip
 * than one reply: so the share falls from the full price at FULL_SKIP_UNDER_DB under the loud
 * regions to QUIET_SKIP_SHARE where a region is quiet. */
const QUIET_SKIP_SHARE = 0.3
const FULL_SKIP_UNDER_DB = 2
/** ...but not one mostly under the robot's speech (over COVERED_SHARE), unless quiet: that is
 * priced as covered already, and a customer who breaks in starts softly under the robot. Nor one
 * SOFT_ONSET_GAP_SEC or less before a region as loud as the replies: a reply's soft first syllable. */
const COVERED_SHARE = 0.5
const SOFT_ONSET_GAP_SEC = 0.3
/** On a full track, people rarely answer, nor does the robot reply, within a breath of the other's
 * last word; a pause that short is more often one inside a line. A run of the other speaker after
 * a silence under CHANGE_GAP_SEC (and over CHANGE_MIN_SEC: a cut where the voice changes has none)
 * pays up to CHANGE_COST, less the longer the silence. */
const CHANGE_GAP_SEC = 0.5
const CHANGE_MIN_SEC = 0.02
const CHANGE_COST = 2
/** Two lines of one speaker in a row are parted by a longer pause than those inside a line (a
 * robot plays its lines one after another, a breath between them): a line whose first region
 * follows its stream's region before it by under JOIN_GAP_SEC pays up to JOIN_COST, less the
 * longer the pause. Without it a slow robot's next line took the last words of the one before it
 * (the development sets' robot lines: 97.9 → 98.3 % within 300 ms). With a customer track only: on
 * a full track alone the speakers' streams come from their voices, and midpoints fell 0.25 points. */
const JOIN_GAP_SEC = 0.4
const JOIN_COST = 3
/** A run that holds more syllables than its text says (an untranscribed 嗯 or 喂 taken in with a
 * reply) pays its log ratio over this, squared; fewer cost nothing here (syllables run together,
 * a line is cut short), and neither where a region's syllables are unknown (a full track alone,
 * where the other speaker's would count too). */
const EXTRA_SYLLABLES_SIGMA = 0.2
/** What a run pays for each twin region none of its lines says the text of, and each repeated
 * line of it away from its twins (TwinJudge): more than a long line missed (10), so a line logged
 * twice and played once is missed rather than squeezed into its neighbours' audio. */
const TWIN_COST = 15

/** How much of each region (0..1) the other stream's regions overlap. */
export function coveredShare(list: readonly Region[], other: readonly Region[]): Float64Array {
  const out = new Float64Array(list.length)
  let k = 0
  list.forEach((r, i) => {
    while (k < other.length && (other[k] as Region).end <= r.start) k++
    let overlap = 0
    for (let q = k; q < other.length && (other[q] as Region).start < r.end; q++) {
      overlap += Math.max(0, Math.min(r.end, (other[q] as Region).end) - Math.max(r.start, (other[q] as Region).start))
    }
    out[i] = overlap / Math.max(1e-9, r.end - r.start)
  })
  return out
}

/**
 * Where the other stream's region that holds each region's end ends (-Infinity: none holds it):
 * how long the other speaker talks on after it. Both lists sorted and, within a stream, apart.
 */
function heldUntil(list: readonly Region[], other: readonly Region[]): Float64Array {
  const out = new Float64Array(list.length).fill(-Infinity)
  let q = 0
  list.forEach((r, i) => {
    while (q < other.length && (other[q] as Region).end <= r.end) q++
    const holding = other[q]
    if (holding && holding.start <= r.end) out[i] = holding.end
  })
  return out
}

/** A customer region that began inside a robot region and ends at most this long (s) after it. */
const ECHO_END_SEC = 0.15

/**
 * Which customer regions end as the robot region they began inside does, plus an echo path's delay
 * (ECHO_END_SEC): the robot's last words heard back on the customer's track (AGC and clipping lift
 * an echo over the bar), not a reply that broke in, which talks on after the robot stops. Such a
 * region keeps the price of one the robot talks over. Both lists sorted, within a stream apart.
 */
function endsAsEcho(list: readonly Region[], robot: readonly Region[]): Uint8Array {
  const out = new Uint8Array(list.length)
  let q = 0
  list.forEach((r, i) => {
    while (q < robot.length && (robot[q] as Region).end <= r.start) q++
    const holding = robot[q]
    if (holding && holding.start < r.start && r.end >= holding.end && r.end - holding.end <= ECHO_END_SEC) out[i] = 1
  })
  return out
}

/**
 * The silence (s) before each region since the other speaker last spoke: on one stream, since the
 * region before it (whoever spoke it); on two, since the other stream's last speech before it
 * (negative where they overlap).
 */
function silenceBefore(list: readonly Region[], other: readonly Region[] | null): Float64Array {
  const out = new Float64Array(list.length)
  let q = 0
  let lastEnd = -Infinity
  list.forEach((r, i) => {
    if (other) {
      while (q < other.length && (other[q] as Region).start < r.start) lastEnd = Math.max(lastEnd, (other[q++] as Region).end)
    } else if (i > 0) lastEnd = (list[i - 1] as Region).end
    out[i] = r.start - lastEnd
  })
  return out
}

/** How far a run's span strays from what its text takes, squared, in sigmas (looser when it may be
 * cut short), from log(span + DURATION_SOFTENING) and log(expected + DURATION_SOFTENING). */
function lengthCost(logSpan: number, logExpected: number, cutShort: boolean): number {
  const ratio = (logSpan - logExpected) / (cutShort ? CUT_SHORT_SIGMA : DURATION_SIGMA)
  return ratio * ratio
}

/** A robot the customer breaks in on stops within a breath (the platform's barge-in; the robot's
 * own line is then cut short, brokenIn): a customer run that ends under the robot's speech while
 * the robot talks on for more than TALK_ON_GRACE_SEC after it was not a reply the robot heard but a
 * backchannel, babble or an echo blip; it pays TALK_ON_COST_PER_SEC for each second beyond. The
 * robot region that holds the run's end tells, whichever line it is (the one taken last, as first
 * measured, let a run end under a robot line not yet taken for free). Two tracks only: a full
 * track's voices never overlap. */
const TALK_ON_GRACE_SEC = 0.5
const TALK_ON_COST_PER_SEC = 10

/** What a customer run pays for a robot that talks on `seconds` after it ends. */
export function talkOnCost(seconds: number): number {
  return TALK_ON_COST_PER_SEC * Math.max(0, seconds - TALK_ON_GRACE_SEC)
}

/** The other speaker's region must last to this near the run's end (s), or past it, to have broken in. */
const BREAK_IN_REACH_SEC = 0.2
/** A speaker broken in on waits for the other to finish: speaking again (a region this long or
 * more) sooner than this before the other's region ends, it was not stopped by it. */
const RESUME_EARLY_SEC = 0.2
const RESUME_MIN_SEC = 0.3

/** A run may be cut short when the call ends with it or the other speaker broke in: their next
 * region (not skipped with the run) starts before the run's speech ends and lasts to its end, and
 * the run's speaker does not talk again (`ownNext`) until they are done. A sound of theirs over the
 * middle of the run (an echo blip, a backchannel) did not stop it: that took a line's length
 * evidence away, and a run of two lines in one line's speech could pass for a line cut short. Nor
 * did a remark the robot talks on over: a robot line never played took the next line's audio, and
 * that line the first part of the one after, cut short where a customer's remark began. */
function brokenIn(isLast: boolean, otherNext: Region | undefined, runEnd: number, ownNext: Region | undefined): boolean {
  if (isLast) return true
  if (!otherNext || otherNext.start >= runEnd || otherNext.end <= runEnd - BREAK_IN_REACH_SEC) return false
  return !ownNext || ownNext.end - ownNext.start < RESUME_MIN_SEC || ownNext.start >= otherNext.end - RESUME_EARLY_SEC
}

/** A region's share of the price to skip it, by how far it is under its stream's loud regions (`covered`: the share
 * the other stream's regions overlap; `next`: the stream's region after it). Unmarked regions pay in full. */
export function quietShare(r: Region, covered: number, next: Region | undefined): number {
  const leadsIn = next !== undefined && next.start - r.end <= SOFT_ONSET_GAP_SEC && (next.under ?? 0) <= FULL_SKIP_UNDER_DB
  const under = (covered > COVERED_SHARE || leadsIn) && !isQuiet(r) ? 0 : (r.under ?? 0)
  const toQuiet = Math.min(1, Math.max(0, (under - FULL_SKIP_UNDER_DB) / (QUIET_REGION_DB - FULL_SKIP_UNDER_DB)))
  return 1 - (1 - QUIET_SKIP_SHARE) * toQuiet
}

function skipCost(r: Region): number {
  const seconds = r.end - r.start
  return SKIP_COST + SKIP_COST_PER_SEC * Math.min(seconds, SKIP_FULL_SEC) + SKIP_COST_PER_LONG_SEC * Math.max(0, seconds - SKIP_FULL_SEC)
}

/** A run of robot lines on robot regions, as the twins judge it (TWIN_COST each): a labelled
 * region none of whose lines says its text, and a line whose text the transcript repeats that
 * none of its regions is labelled with where the run holds labelled regions or its text labels
 * some (its repeat heard elsewhere). Grown one region at a time, as the DP grows a run. */
class TwinJudge {
  private readonly repeated: Uint8Array
  private readonly labelled: Uint8Array
  private readonly heard = new Uint8Array(MAX_UTTERANCES_PER_RUN)
  private strangeRegions = 0
  private anyLabel = false
  private first = 0
  private count = 0
  private price = 0

  constructor(private readonly twins: TwinLabels) {
    const texts = twins.count.length
    const labels = new Uint8Array(texts)
    for (const t of twins.region) if (t >= 0 && t < texts) labels[t] = 1
    this.repeated = Uint8Array.from(twins.line, (t) => (t >= 0 && (twins.count[t] as number) > 1 ? 1 : 0))
    this.labelled = Uint8Array.from(twins.line, (t) => (t >= 0 && labels[t] ? 1 : 0))
  }

  /** A new run: lines first.. (count). */
  begin(first: number, count: number): void {
    this.first = first
    this.count = count
    this.heard.fill(0)
    this.strangeRegions = 0
    this.anyLabel = false
    this.price = this.strangeLines()
  }

  /** The run takes region k; what it pays so far (the same as before unless k is labelled). */
  add(k: number): number {
    const label = this.twins.region[k] as number
    if (label < 0) return this.price
    this.anyLabel = true
    // One opening is one line's: it is heard for the first of the run's lines of its text not
    // heard yet (a line split by its pause opens twice, and is said already).
    let said = false
    for (let m = 0; m < this.count; m++) {
      if (this.twins.line[this.first + m] !== label) continue
      if (!said && !this.heard[m]) this.heard[m] = 1
      said = true
    }
    if (!said) this.strangeRegions++
    this.price = TWIN_COST * this.strangeRegions + this.strangeLines()
    return this.price
  }

  private strangeLines(): number {
    let strangers = 0
    for (let m = 0; m < this.count; m++) {
      const i = this.first + m
      if (this.repeated[i] && !this.heard[m] && (this.anyLabel || this.labelled[i])) strangers++
    }
    return TWIN_COST * strangers
  }
}

/** What the twins charge the robot runs of a placement (0: it agrees with them). */
export function twinPrice(runs: readonly MatchedRun[], twins: TwinLabels): number {
  const judge = new TwinJudge(twins)
  let price = 0
  for (const run of runs) {
    if (run.stream !== 0) continue
    judge.begin(run.first, run.count)
    let last = 0
    for (let k = run.from; k < run.to; k++) last = judge.add(k)
    price += last
  }
  return price
}

/** A run from one stream position, by its count of regions j (1..count). */
interface Reach {
  /** The pair of stream positions it was worked out for. */
  pair: number
  count: number
  span: Float64Array
  end: Float64Array
  gapExcess: Float64Array
  /** 1 while every region so far has its syllables counted. */
  known: Uint8Array
  heard: Float64Array
  /** The other stream's position past the regions inside the run, and what skipping them costs. */
  inside: Int32Array
  insidePrice: Float64Array
  /** The pair of positions it reaches, on its own and with the regions inside it (-1: none). */
  to: Int32Array
  across: Int32Array
  inversion: Float64Array
  logSpan: Float64Array
}

function newReach(): Reach {
  const size = MAX_REGIONS_PER_RUN + 1
  return {
    pair: -1,
    count: 0,
    span: new Float64Array(size),
    end: new Float64Array(size),
    gapExcess: new Float64Array(size),
    known: new Uint8Array(size),
    heard: new Float64Array(size),
    inside: new Int32Array(size),
    insidePrice: new Float64Array(size),
    to: new Int32Array(size),
    across: new Int32Array(size),
    inversion: new Float64Array(size),
    logSpan: new Float64Array(size),
  }
}

export function alignSequence(
  utterances: readonly UtteranceSpec[],
  streams: readonly [Region[], Region[]],
  secPerUnit: readonly [number, number],
  singleStream: boolean,
  { fullTrack = singleStream, probe, twins }: PlacementOptions = {},
): Alignment {
  const n = utterances.length
  const [s0, s1] = streams
  const k0 = s0.length
  const k1 = s1.length
  const expected = utterances.map((u) => u.units * (secPerUnit[u.speaker] as number) + u.pauseSec)
  const customerCovered = singleStream ? new Float64Array(k1) : coveredShare(s1, s0)
  // How long the robot talks on after each customer region (-Infinity: it is not talking then).
  const robotUntil = singleStream ? new Float64Array(k1).fill(-Infinity) : heldUntil(s1, s0)
  const echoes = singleStream || fullTrack ? null : endsAsEcho(s1, s0)
  robotUntil.forEach((until, k) => (customerCovered[k] = until - (s1[k] as Region).end > TALK_ON_GRACE_SEC || echoes?.[k] ? (customerCovered[k] as number) : 0))
  const judge = twins ? new TwinJudge(twins) : null
  const silence = fullTrack ? [silenceBefore(s0, singleStream ? null : s1), silenceBefore(s1, s0)] : null

  // Valid stream positions (a regions of stream 0 consumed, b of stream 1): nothing consumed may
  // start (much) after anything not yet consumed. This keeps the state space near-linear.
  const width = k1 + 1
  const pairOf = new Int32Array((k0 + 1) * width).fill(-1)
  const pairs: [number, number][] = []
  for (let sum = 0; sum <= k0 + k1; sum++) {
    for (let a = Math.max(0, sum - k1); a <= Math.min(k0, sum); a++) {
      const b = sum - a
      const okA = a === 0 || b === k1 || (s0[a - 1] as Region).start <= (s1[b] as Region).start + ORDER_TOLERANCE
      const okB = b === 0 || a === k0 || (s1[b - 1] as Region).start <= (s0[a] as Region).start + ORDER_TOLERANCE
      if (okA && okB) {
        pairOf[a * width + b] = pairs.length
        pairs.push([a, b])
      }
    }
  }

  const states = pairs.length * (n + 1)
  const cost = new Float64Array(states).fill(Infinity)
  const back = new Int32Array(states).fill(-1)
  // Move kinds: 0 skip, 1 miss, 2 run (with runCount utterances and runRegions regions).
  const kind = new Int8Array(states)
  const runCount = new Int8Array(states)
  const runRegions = new Int16Array(states)
  const stateOf = (a: number, b: number, i: number) => {
    const p = pairOf[a * width + b] as number
    return p < 0 ? -1 : p * (n + 1) + i
  }
  const relax = (to: number, value: number, from: number, k: number, m = 0, j = 0) => {
    if (to < 0 || value >= (cost[to] as number)) return
    cost[to] = value
    back[to] = from
    kind[to] = k
    runCount[to] = m
    runRegions[to] = j
  }
  // What skipping each region costs, taken once per region (every state that skips it pays the same).
  const skipPrices = [
    Float64Array.from(s0, (r, k) => skipCost(r) * quietShare(r, 0, s0[k + 1])),
    Float64Array.from(s1, (r, k) => skipCost(r) * (1 - COVERED_SKIP_DISCOUNT * (customerCovered[k] as number)) * quietShare(r, customerCovered[k] as number, s1[k + 1])),
  ]
  const skipPrice = (stream: 0 | 1, index: number) => (skipPrices[stream] as Float64Array)[index] as number
  probe?.skips?.(skipPrices as [Float64Array, Float64Array])
  // log(expected + DURATION_SOFTENING) of the run of m lines from line i, taken once each; and the
  // longest a run of lines may take, which no run's span passes (at most 3 times it, + 4 s).
  const expectedLogs = new Float64Array(n * (MAX_UTTERANCES_PER_RUN + 1))
  let longest = 0
  for (let i = 0; i < n; i++) {
    let total = 0
    for (let m = 1; m <= MAX_UTTERANCES_PER_RUN && i + m <= n; m++) {
      total += expected[i + m - 1] as number
      expectedLogs[i * (MAX_UTTERANCES_PER_RUN + 1) + m] = Math.log(total + DURATION_SOFTENING)
      longest = Math.max(longest, total)
    }
  }
  const spanLimit = longest * 3 + 4
  // log(span + DURATION_SOFTENING) of the run of j regions from region k, per stream: the same for
  // every line and run length that starts there, so each is taken once (NaN: not yet).
  const logSpans = [s0, s1].map((list) => new Float64Array((list.length + 1) * (MAX_REGIONS_PER_RUN + 1)).fill(NaN))
  // What a run of j regions from a stream position takes (its span, gaps, syllables, the other
  // stream's regions inside it and the states it reaches), the same for every line and run length
  // that starts there: worked out once per position and stream, not once per line and length.
  const reaches = [newReach(), newReach()]
  const reachOf = (stream: 0 | 1, a: number, b: number, p: number): Reach => {
    const r = reaches[stream] as Reach
    if (r.pair === p) return r
    r.pair = p
    const list = stream === 0 ? s0 : s1
    const other = stream === 0 ? s1 : s0
    const k = stream === 0 ? a : b
    const otherAt = stream === 0 ? b : a
    const otherLast = other[otherAt - 1]
    const first = list[k]
    r.count = 0
    if (!first) return r
    let gapExcess = 0
    let heard = 0
    let known = 1
    // The other stream's regions wholly inside the run (a blip, an echo leak, a backchannel)
    // may be skipped with it: the stream positions would otherwise keep the run from reaching
    // past them. They are counted as the run grows.
    let inside = otherAt
    let insidePrice = 0
    for (let j = 1; j <= MAX_REGIONS_PER_RUN && k + j <= list.length; j++) {
      const region = list[k + j - 1] as Region
      if (j > 1) gapExcess += Math.max(0, region.start - (list[k + j - 2] as Region).end - GAP_ALLOWANCE)
      const span = region.end - first.start
      if (span > spanLimit) break
      if (region.syllables === undefined) known = 0
      else heard += region.syllables
      while (!singleStream && inside < other.length && (other[inside] as Region).start >= first.start && (other[inside] as Region).end <= region.end) {
        insidePrice += skipPrice(stream === 0 ? 1 : 0, inside)
        inside++
      }
      r.count = j
      r.span[j] = span
      r.end[j] = region.end
      r.gapExcess[j] = gapExcess
      r.known[j] = known
      r.heard[j] = heard
      r.inside[j] = inside
      r.insidePrice[j] = insidePrice
      r.to[j] = stream === 0 ? (pairOf[(a + j) * width + b] as number) : (pairOf[a * width + b + j] as number)
      r.across[j] = inside === otherAt ? -1 : stream === 0 ? (pairOf[(a + j) * width + inside] as number) : (pairOf[inside * width + b + j] as number)
      r.inversion[j] = !singleStream && otherLast && region.end <= otherLast.start ? otherLast.start - first.start : 0
      const at = k * (MAX_REGIONS_PER_RUN + 1) + j
      const spanLogs = logSpans[stream] as Float64Array
      if (Number.isNaN(spanLogs[at] as number)) spanLogs[at] = Math.log(span + DURATION_SOFTENING)
      r.logSpan[j] = spanLogs[at] as number
    }
    return r
  }
  const start = stateOf(0, 0, 0)
  if (start < 0) return { runs: [], cost: Infinity }
  cost[start] = 0

  for (let p = 0; p < pairs.length; p++) {
    const [a, b] = pairs[p] as [number, number]
    for (let i = 0; i <= n; i++) {
      const here = p * (n + 1) + i
      const c = cost[here] as number
      if (c === Infinity) continue
      if (a < k0) relax(stateOf(a + 1, b, i), c + skipPrice(0, a), here, 0)
      if (b < k1) relax(stateOf(a, b + 1, i), c + skipPrice(1, b), here, 0)
      if (i === n) continue
      relax(here + 1, c + missPrice(expected[i] as number), here, 1)

      const stream = (utterances[i] as UtteranceSpec).stream
      const k = stream === 0 ? a : b
      const own = stream === 0 ? s0 : s1
      const other = stream === 0 ? s1 : s0
      const otherNext = other[stream === 0 ? b : a]
      const reach = reachOf(stream, a, b, p)
      if (reach.count === 0) continue
      let expectedTotal = 0
      let pauses = 0
      let textSyllables = 0
      const sameSpeaker = i > 0 && (utterances[i - 1] as UtteranceSpec).speaker === (utterances[i] as UtteranceSpec).speaker
      const quickReply = silence && i > 0 && !sameSpeaker ? ((silence[stream] as Float64Array)[k] ?? Infinity) : Infinity
      const changePrice = quickReply > CHANGE_MIN_SEC && quickReply < CHANGE_GAP_SEC ? (CHANGE_COST * (CHANGE_GAP_SEC - quickReply)) / CHANGE_GAP_SEC : 0
      const join = !fullTrack && sameSpeaker && k > 0 ? (own[k] as Region).start - (own[k - 1] as Region).end : Infinity
      const joinPrice = join < JOIN_GAP_SEC ? (JOIN_COST * (JOIN_GAP_SEC - join)) / JOIN_GAP_SEC : 0
      for (let m = 1; m <= MAX_UTTERANCES_PER_RUN && i + m <= n; m++) {
        const u = utterances[i + m - 1] as UtteranceSpec
        if (u.stream !== stream) break
        if (!singleStream && u.speaker !== (utterances[i] as UtteranceSpec).speaker) break
        if (stream === 0) judge?.begin(i, m)
        expectedTotal += expected[i + m - 1] as number
        pauses += u.pauseSec
        textSyllables += u.syllables ?? 0
        const isLast = i + m === n
        const maxSpan = expectedTotal * 3 + 4
        const logExpected = expectedLogs[i * (MAX_UTTERANCES_PER_RUN + 1) + m] as number
        for (let j = 1; j <= reach.count; j++) {
          const twinCost = judge && stream === 0 ? judge.add(k + j - 1) : 0
          const span = reach.span[j] as number
          if (span > maxSpan) break
          const toPair = reach.to[j] as number
          const acrossPair = reach.across[j] as number
          if (toPair < 0 && acrossPair < 0) continue
          const gapCost = GAP_COST_PER_SEC * Math.max(0, (reach.gapExcess[j] as number) - pauses)
          const price = c + gapCost + SPLIT_COST * (m - 1) + INVERSION_COST_PER_SEC * (reach.inversion[j] as number) + changePrice + joinPrice
          const logSpan = reach.logSpan[j] as number
          const cut = span < expectedTotal
          const heardSyllables = reach.heard[j] as number
          const extra = textSyllables > 0 && reach.known[j] && heardSyllables > textSyllables ? Math.log((heardSyllables + 1) / (textSyllables + 1)) / EXTRA_SYLLABLES_SIGMA : 0
          const regionEnd = reach.end[j] as number
          const talkOn = stream === 1 && !fullTrack ? talkOnCost((robotUntil[k + j - 1] as number) - regionEnd) : 0
          const heard = price + extra * extra + talkOn + twinCost
          const ownNext = own[k + j]
          const lengthTo = toPair >= 0 ? lengthCost(logSpan, logExpected, cut && brokenIn(isLast, singleStream ? undefined : otherNext, regionEnd, ownNext)) : 0
          const lengthAcross = acrossPair >= 0 ? lengthCost(logSpan, logExpected, cut && brokenIn(isLast, other[reach.inside[j] as number], regionEnd, ownNext)) : 0
          if (toPair >= 0) relax(toPair * (n + 1) + i + m, heard + lengthTo, here, 2, m, j)
          if (acrossPair >= 0) relax(acrossPair * (n + 1) + i + m, heard + (reach.insidePrice[j] as number) + lengthAcross, here, 2, m, j)
          if (probe?.run) {
            const parts = { gap: gapCost, split: SPLIT_COST * (m - 1), inversion: INVERSION_COST_PER_SEC * (reach.inversion[j] as number), change: changePrice, join: joinPrice, syllables: extra * extra, talkOn, twins: twinCost }
            const priced = { first: i, count: m, stream, from: k, to: k + j, before: c }
            if (toPair >= 0) probe.run({ ...priced, parts: { ...parts, length: lengthTo, inside: 0 } })
            if (acrossPair >= 0) probe.run({ ...priced, parts: { ...parts, length: lengthAcross, inside: reach.insidePrice[j] as number } })
          }
        }
      }
    }
  }

  const end = stateOf(k0, k1, n)
  const runs: MatchedRun[] = []
  if (end < 0 || cost[end] === Infinity) return { runs, cost: Infinity }
  let s = end
  while (s !== start && s >= 0) {
    const prev = back[s] as number
    if (kind[s] === 2) {
      const p = Math.floor(prev / (n + 1))
      const i = prev % (n + 1)
      const [a, b] = pairs[p] as [number, number]
      const stream = (utterances[i] as UtteranceSpec).stream
      const from = stream === 0 ? a : b
      const j = runRegions[s] as number
      const list = stream === 0 ? s0 : s1
      const other = stream === 0 ? s1 : s0
      // Where the other stream stands after the run (past any regions skipped with it).
      const [toA, toB] = pairs[Math.floor(s / (n + 1))] as [number, number]
      const otherNext = other[stream === 0 ? toB : toA]
      const lastRegion = list[from + j - 1] as Region
      const m = runCount[s] as number
      runs.push({
        first: i,
        count: m,
        stream,
        from,
        to: from + j,
        truncatable: brokenIn(i + m === n, singleStream ? undefined : otherNext, lastRegion.end, list[from + j]),
      })
    }
    s = prev
  }
  runs.reverse()
  return { runs, cost: cost[end] as number }
}
