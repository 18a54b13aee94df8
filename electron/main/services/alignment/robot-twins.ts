// A robot that says a line twice plays the same audio twice: its lines are recordings or
// synthesis of fixed text. Two robot regions whose level rises and falls the same way, syllable by
// syllable, at one lag and at no other, say the same text; a transcript whose robot repeats a line
// can then tell which region is which of its repeats, and which repeat the audio lacks (a line
// logged twice and played once). With a customer track the robot's level is its own (the customer's
// side, babble and echo included, taken out), so the level alone tells: on the development sets'
// regions the same text fits at 0.14 of the median lag's distance (nine pairs in ten under 0.24,
// all under 0.38), and of 12,000 other pairs one saying a different text came under 0.3 (0.27).
import { HOP_SEC } from './frame-power'
import type { Region } from './speech-regions'
import { quantile } from './stats'

/** The levels are read every other hop (20 ms). */
const STEP_HOPS = 2
const STEP_SEC = HOP_SEC * STEP_HOPS
/** The most of a region compared (s), and the least two must share, loud. */
const WHOLE_SEC = 12
const MIN_SHARED_SEC = 0.8
const MIN_SHARED = MIN_SHARED_SEC / STEP_SEC
/** Steps this far (dB) under their region's loud steps (its 80th percentile) are pauses: left out. */
const PAUSE_DB = 15
/** Lags tried, in steps each way (0.3 s): a region's start is found within that. Every COARSE_STEP-th
 * lag over every COARSE_STRIDE-th step first, then each lag near the best over every step. */
const MAX_LAG_STEPS = 15
const COARSE_STEP = 3
const COARSE_STRIDE = 2
/** Twins when the best lag's distance is under this share of the median lag's, over the whole of
 * the shorter region and over its later half alone (two lines that open with the same words part
 * after them). A false pair costs far more than a missed one (its lines are held to one text): at
 * 0.35 the development sets took one (−0.5 on a set), 0.3 is the best they score, 0.25 keeps a
 * margin for one turn less. */
const TWIN_RATIO = 0.25
/** Regions further apart than this (s) are not compared: a line out of place is out of place among
 * its neighbours, and a long call must not compare every region with every other. */
const REACH_SEC = 120

interface Heard {
  /** The robot's own level per step (dB) from the region's start, at most WHOLE_SEC of it. */
  level: Float64Array
  /** 1 where the step is loud enough to compare. */
  loud: Uint8Array
}

function heardOf(robotDb: Float64Array, r: Region): Heard {
  const first = Math.ceil(r.start / STEP_SEC - 1e-9)
  const steps = Math.max(0, Math.floor(Math.min(r.end, r.start + WHOLE_SEC) / STEP_SEC) - first)
  const level = Float64Array.from({ length: steps }, (_, k) => robotDb[(first + k) * STEP_HOPS] ?? -120)
  const bar = quantile(level, 0.8) - PAUSE_DB
  return { level, loud: Uint8Array.from(level, (v) => (v > bar ? 1 : 0)) }
}

/** Mean level distance (dB) of `a`'s steps [from, to) against `b`'s `lag` steps on, over the
 * steps both have loud, every `stride`-th; and how many steps that covers. */
function distanceAt(a: Heard, b: Heard, lag: number, from: number, to: number, stride: number): [number, number] {
  let sum = 0
  let shared = 0
  const last = Math.min(to, a.level.length, b.level.length - lag)
  for (let k = Math.max(from, -lag); k < last; k += stride) {
    if (!a.loud[k] || !b.loud[k + lag]) continue
    sum += Math.abs((a.level[k] as number) - (b.level[k + lag] as number))
    shared += stride
  }
  return [shared > 0 ? (sum * stride) / shared : Number.NaN, shared]
}

/** How well two regions fit at their best lag against the median lag (Infinity: too little shared). */
function twinRatio(a: Heard, b: Heard): number {
  const coarse: number[] = []
  let best = Infinity
  let bestLag = 0
  for (let lag = -MAX_LAG_STEPS; lag <= MAX_LAG_STEPS; lag += COARSE_STEP) {
    const [d, shared] = distanceAt(a, b, lag, 0, a.level.length, COARSE_STRIDE)
    if (shared < MIN_SHARED) continue
    coarse.push(d)
    if (d < best) [best, bestLag] = [d, lag]
  }
  if (coarse.length * COARSE_STEP <= MAX_LAG_STEPS) return Infinity
  let lag = bestLag
  for (let l = bestLag - COARSE_STEP + 1; l < bestLag + COARSE_STEP; l++) {
    const [d, shared] = l === bestLag ? [Infinity, 0] : distanceAt(a, b, l, 0, a.level.length, 1)
    if (shared >= MIN_SHARED && d < best) [best, lag] = [d, l]
  }
  const median = quantile(coarse, 0.5)
  // The later half of what they share, at the same lag.
  const end = Math.min(a.level.length, b.level.length - lag)
  const [later, shared] = distanceAt(a, b, lag, Math.floor((Math.max(0, -lag) + end) / 2), end, 1)
  return Math.max(best, shared >= MIN_SHARED / 2 ? later : 0) / median
}

/** Each robot region's group of regions that sound the same (-1: none like it), the regions sorted
 * by start and `robotDb` the robot's own level per hop; where `askable` is given, a pair is compared
 * only if it marks either region. */
export function twinGroups(robotDb: Float64Array, robot: readonly Region[], askable?: Uint8Array): Int32Array {
  const heard = robot.map((r) => (r.end - r.start >= MIN_SHARED_SEC ? heardOf(robotDb, r) : null))
  const group = new Int32Array(robot.length).fill(-1)
  const root = (i: number): number => (group[i] === i || (group[i] as number) < 0 ? i : root(group[i] as number))
  for (let i = 0; i < robot.length; i++) {
    const a = heard[i]
    if (!a) continue
    for (let j = i + 1; j < robot.length && (robot[j] as Region).start - (robot[i] as Region).start <= REACH_SEC; j++) {
      const b = heard[j]
      // Twins of one already are not compared again.
      if (!b || (askable && !askable[i] && !askable[j]) || ((group[i] as number) >= 0 && root(i) === root(j)) || twinRatio(a, b) >= TWIN_RATIO) continue
      const [ri, rj] = [root(i), root(j)]
      group[ri] = Math.min(ri, rj)
      group[rj] = Math.min(ri, rj)
    }
  }
  // Flattened: each member names its group's first region; a region with no twin stays -1.
  return Int32Array.from(group, (_, i) => ((group[i] as number) < 0 ? -1 : root(i)))
}

/** How far two robot regions are from sounding the same (twinRatio: under TWIN_RATIO they say one
 * text; Infinity where either is too short or they share too little to tell). */
export function unlikeness(robotDb: Float64Array, a: Region, b: Region): number {
  if (a.end - a.start < MIN_SHARED_SEC || b.end - b.start < MIN_SHARED_SEC) return Infinity
  return twinRatio(heardOf(robotDb, a), heardOf(robotDb, b))
}
