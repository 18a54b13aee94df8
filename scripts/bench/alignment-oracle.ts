// Where calls on a full track alone lose their turns: each step of the engine given the truth in
// turn (speech regions, the voices' teaching, the voices' labels, the labels' threshold), every
// customer track withheld, on development sets only:
// `npx tsx scripts/bench/alignment-oracle.ts [--seeds 7,11] [--modes as-is,teach-both,…] [--only babble] [--two-track]`
// (--only: the calls carrying that condition; --two-track: the calls with a customer track, aligned
// with it, where `customer-heard` is the mode that means something).
// A step whose truth gains little is not where the misses are; the README records the figures.
import { alignCall, type AlignProbe } from '../../electron/main/services/alignment'
import { HOP_SEC } from '../../electron/main/services/alignment/frame-power'
import type { Region } from '../../electron/main/services/alignment/speech-regions'
import type { VoiceFrames } from '../../electron/main/services/alignment/robot-voice'
import { combine, scoreCase, type CaseScore } from './alignment-metrics'
import { loadHeldoutCases } from './heldout-cases'
import type { AlignmentCase } from './sim-cases'
import { parseFlags } from '../lib/args'

interface Span {
  start: number
  end: number
  speaker: 0 | 1
}

/** The call's turns that have audio of their own, with their speaker (0 the robot, 1 the customer). */
function spansOf(c: AlignmentCase): Span[] {
  return c.truth.flatMap((t, i) => ((t.kind ?? 'spoken') === 'no-audio' ? [] : [{ start: t.start, end: t.end, speaker: c.utterances[i]?.type === 'PERSON' ? (1 as const) : (0 as const) }]))
}

/** Who speaks at `t` by the truth: the robot, the customer, both (a barge-in) or neither (music, noise, an untranscribed remark). */
function whoAt(spans: readonly Span[], t: number, inset = 0): 'robot' | 'customer' | 'both' | 'neither' {
  let robot = false
  let customer = false
  for (const s of spans) {
    if (t < s.start + inset || t >= s.end - inset) continue
    if (s.speaker === 0) robot = true
    else customer = true
  }
  return robot && customer ? 'both' : robot ? 'robot' : customer ? 'customer' : 'neither'
}

const frameTime = (frames: VoiceFrames, f: number) => (frames.hops[f] as number) * HOP_SEC
/** Teaching frames keep this far (s) inside a true turn, as the engine's keep inside a placed line. */
const INSET = 0.05

/** The speech regions cut to the true turns (±50 ms): nothing else is heard. */
function regionsFromTruth(spans: readonly Span[]): AlignProbe['regions'] {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  return (regions) => {
    const out: Region[] = []
    for (const r of regions) {
      for (const s of sorted) {
        const start = Math.max(r.start, s.start - INSET)
        const end = Math.min(r.end, s.end + INSET)
        if (end - start <= 0.02) continue
        const last = out[out.length - 1]
        if (last && last.end >= start) last.end = Math.max(last.end, end)
        else out.push({ stream: r.stream, start, end })
      }
    }
    return out
  }
}

/** One side's teaching replaced by the frames where only that side truly speaks. */
function teachFromTruth(spans: readonly Span[], sides: readonly (0 | 1)[]): AlignProbe['teach'] {
  return (frames, robot, customer) => {
    for (let f = 0; f < frames.hops.length; f++) {
      const who = whoAt(spans, frameTime(frames, f), INSET)
      if (sides.includes(0)) robot[f] = who === 'robot' ? 1 : 0
      if (sides.includes(1)) customer[f] = who === 'customer' ? 1 : 0
    }
  }
}

/** The customer's teaching as the engine makes it, without the frames that are not the customer's. */
function customerTeachingCleaned(spans: readonly Span[]): AlignProbe['teach'] {
  return (frames, _robot, customer) => {
    for (let f = 0; f < frames.hops.length; f++) if (customer[f] && whoAt(spans, frameTime(frames, f)) !== 'customer') customer[f] = 0
  }
}

/** The customer's teaching as the engine makes it, with the customer's frames it leaves out added. */
function customerTeachingCompleted(spans: readonly Span[]): AlignProbe['teach'] {
  return (frames, _robot, customer) => {
    for (let f = 0; f < frames.hops.length; f++) if (whoAt(spans, frameTime(frames, f), INSET) === 'customer') customer[f] = 1
  }
}

/** Every frame inside a true turn labelled by the truth; where both speak, `overlap` decides. */
function labelsFromTruth(spans: readonly Span[], overlap: 'robot' | 'customer', onlyOverlap = false): AlignProbe['scores'] {
  return (frames, scores) => {
    for (let f = 0; f < scores.length; f++) {
      if (!frames.voiced[f]) continue
      const who = whoAt(spans, frameTime(frames, f))
      const side = who === 'both' ? overlap : who
      if (side === 'neither' || (onlyOverlap && who !== 'both')) continue
      scores[f] = side === 'robot' ? 5 : -5
    }
  }
}

/** The voices' threshold moved by `bias` (a frame is the robot's where its smoothed score is at least it). */
const threshold = (bias: number): AlignProbe['scores'] => (_frames, scores) => {
  for (let f = 0; f < scores.length; f++) scores[f] = (scores[f] as number) - bias
}

/** With a customer track: the customer's regions that overlap no true customer turn (untranscribed
 * remarks, babble fragments, echo blips, music the detectors left) dropped, the rest as found. */
function customerHeardOnly(spans: readonly Span[]): AlignProbe['regions'] {
  const customer = spans.filter((s) => s.speaker === 1)
  return (regions) => regions.filter((r) => r.stream === 0 || customer.some((s) => Math.min(r.end, s.end) > Math.max(r.start, s.start)))
}

/** The regions as found, without those mostly outside every true turn (babble, music, noise the
 * detectors took for speech): what dropping such regions alone would gain. */
function regionsHeard(spans: readonly Span[]): AlignProbe['regions'] {
  return (regions) => regions.filter((r) => spans.some((t) => Math.min(r.end, t.end) - Math.max(r.start, t.start) > 0.5 * (r.end - r.start)))
}

/** The regions as found, each cut to the true turns it overlaps (±50 ms): their edges made right
 * where they are, but no region added (beside `regions`, which lays the truth's own). */
function regionsCut(spans: readonly Span[]): AlignProbe['regions'] {
  return (regions) => regions.flatMap((r) => spans.filter((t) => Math.min(r.end, t.end) > Math.max(r.start, t.start)).map((t) => ({ ...r, start: Math.max(r.start, t.start - 0.05), end: Math.min(r.end, t.end + 0.05) })))
}

const MODES: Record<string, (spans: readonly Span[]) => AlignProbe> = {
  'as-is': () => ({}),
  'regions': (s) => ({ regions: regionsFromTruth(s) }),
  'teach-robot': (s) => ({ teach: teachFromTruth(s, [0]) }),
  'teach-customer': (s) => ({ teach: teachFromTruth(s, [1]) }),
  'teach-both': (s) => ({ teach: teachFromTruth(s, [0, 1]) }),
  'customer-cleaned': (s) => ({ teach: customerTeachingCleaned(s) }),
  'customer-completed': (s) => ({ teach: customerTeachingCompleted(s) }),
  'labels-overlap-robot': (s) => ({ scores: labelsFromTruth(s, 'robot') }),
  'labels-overlap-customer': (s) => ({ scores: labelsFromTruth(s, 'customer') }),
  'labels-only-overlap': (s) => ({ scores: labelsFromTruth(s, 'customer', true) }),
  'labels-and-regions': (s) => ({ regions: regionsFromTruth(s), scores: labelsFromTruth(s, 'customer') }),
  'customer-heard': (s) => ({ regions: customerHeardOnly(s) }),
  'regions-heard': (s) => ({ regions: regionsHeard(s) }),
  'regions-cut': (s) => ({ regions: regionsCut(s) }),
}
const BIASES = [-0.6, -0.3, 0, 0.3, 0.6]

const row = (label: string, s: ReturnType<typeof combine>) => `${label.padEnd(26)} ${s.within300msPct.toFixed(1).padStart(6)} % ${s.midpointInsidePct.toFixed(1).padStart(6)} %`

async function main() {
  const { flags } = parseFlags(process.argv.slice(2), ['seeds', 'modes', 'only'], ['two-track'])
  const twoTrack = flags['two-track'] === 'true'
  const seeds = (flags.seeds ?? '7,11').split(',').map(Number)
  const modes = flags.modes?.split(',') ?? [...Object.keys(MODES), 'bias-per-call']
  for (const seed of seeds) {
    const all = await loadHeldoutCases({ set: 'line', dir: `.cache/dev-line-${seed}`, seed })
    if (typeof all === 'string') throw new Error(all)
    const only = flags.only
    const loaded = all.filter((c) => (!only || c.conditions?.includes(only as never)) && (!twoTrack || c.customer))
    console.log(`line ${seed}${only ? ` (${only})` : ''}, ${twoTrack ? 'the calls with a customer track' : 'every customer track withheld'}: turns within 300 ms, midpoint inside`)
    const run = (probeOf: (spans: readonly Span[]) => AlignProbe): CaseScore[] =>
      loaded.map((c) => scoreCase(alignCall({ full: c.full, customer: twoTrack ? c.customer : null, utterances: c.utterances }, probeOf(spansOf(c))).turns, c.truth))
    for (const mode of modes) {
      if (mode === 'bias-per-call') {
        // The threshold the truth prefers, call by call: how much a per-call choice could gain at most.
        const runs = BIASES.map((b) => run(() => ({ scores: threshold(b) })))
        const best = loaded.map((_, i) => runs.map((r) => r[i] as CaseScore).reduce((a, b) => (b.midpointsInside > a.midpointsInside ? b : a)))
        BIASES.forEach((b, k) => console.log(row(`threshold ${b}`, combine(runs[k] as CaseScore[]))))
        console.log(row('threshold, best per call', combine(best)))
        continue
      }
      const probeOf = MODES[mode]
      if (!probeOf) throw new Error(`no mode ${mode}: ${Object.keys(MODES).join(', ')}, bias-per-call`)
      console.log(row(mode, combine(run(probeOf))))
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error))
  process.exit(1)
})
