// Accuracy of inferred turn times against ground truth: start errors, how many start within
// 300 ms, and whether each predicted turn's midpoint falls inside the true turn (what a reviewer
// clicking a line needs). Turns spoken as the transcript has them are scored together; merged
// turns (two utterances in one line) and turns with no audio of their own are scored apart.
import type { Id } from '../../shared/ids'
import type { TruthKind } from '../heldout/line-call'

export interface TimedTurn {
  callDetailId: Id
  start: number
  end: number
}

export interface TruthTurn extends TimedTurn {
  /** Absent: spoken. */
  kind?: TruthKind
}

export interface CaseScore {
  startErrorsMs: number[]
  midpointsInside: number
  turns: number
}

const kindOf = (t: TruthTurn): TruthKind => t.kind ?? 'spoken'

/** The truth turns of one kind (spoken by default) against the prediction. */
export function scoreCase(predicted: readonly TimedTurn[], truth: readonly TruthTurn[], kind: TruthKind = 'spoken'): CaseScore {
  const byId = new Map(predicted.map((t) => [t.callDetailId, t]))
  const startErrorsMs: number[] = []
  let midpointsInside = 0
  let turns = 0
  for (const t of truth) {
    if (kindOf(t) !== kind) continue
    turns++
    const p = byId.get(t.callDetailId)
    if (!p) continue
    startErrorsMs.push(Math.abs(p.start - t.start) * 1000)
    const mid = (p.start + p.end) / 2
    if (mid >= t.start && mid <= t.end) midpointsInside++
  }
  return { startErrorsMs, midpointsInside, turns }
}

export interface NoAudioScore {
  /** Placed with their midpoint between the neighbours' true starts and ends. */
  between: number
  turns: number
}

/** Turns with no audio of their own: right when they stay between their neighbours. */
export function scoreNoAudio(predicted: readonly TimedTurn[], truth: readonly TruthTurn[]): NoAudioScore {
  const byId = new Map(predicted.map((t) => [t.callDetailId, t]))
  let between = 0
  let turns = 0
  truth.forEach((t, i) => {
    if (kindOf(t) !== 'no-audio') return
    turns++
    const p = byId.get(t.callDetailId)
    if (!p) return
    const before = truth.slice(0, i).filter((q) => kindOf(q) !== 'no-audio').at(-1)
    const after = truth.slice(i + 1).find((q) => kindOf(q) !== 'no-audio')
    const mid = (p.start + p.end) / 2
    if (mid >= (before ? before.start : 0) && mid <= (after ? after.end : Infinity)) between++
  })
  return { between, turns }
}

export interface SetScore {
  medianStartErrorMs: number
  within300msPct: number
  midpointInsidePct: number
  turns: number
}

export function combine(scores: readonly CaseScore[]): SetScore {
  const errors = scores.flatMap((s) => s.startErrorsMs).sort((a, b) => a - b)
  const turns = scores.reduce((sum, s) => sum + s.turns, 0)
  const inside = scores.reduce((sum, s) => sum + s.midpointsInside, 0)
  const within = errors.filter((e) => e <= 300).length
  const mid = errors.length === 0 ? Number.NaN : errors.length % 2 ? (errors[(errors.length - 1) / 2] as number) : ((errors[errors.length / 2 - 1] as number) + (errors[errors.length / 2] as number)) / 2
  return {
    medianStartErrorMs: mid,
    within300msPct: turns ? (100 * within) / turns : Number.NaN,
    midpointInsidePct: turns ? (100 * inside) / turns : Number.NaN,
    turns,
  }
}

/** What the transcript's dashed lines tell a reviewer: turns shown as sure and as uncertain, and how many of each start within 300 ms. */
export interface TrustScore {
  sure: number
  sureWithin: number
  uncertain: number
  uncertainWithin: number
}

/** Spoken turns split by the confidence the transcript shows as uncertain (below `uncertainBelow`). */
export function scoreTrust(predicted: readonly (TimedTurn & { confidence?: number })[], truth: readonly TruthTurn[], uncertainBelow: number): TrustScore {
  const byId = new Map(predicted.map((t) => [t.callDetailId, t]))
  const score: TrustScore = { sure: 0, sureWithin: 0, uncertain: 0, uncertainWithin: 0 }
  for (const t of truth) {
    const p = byId.get(t.callDetailId)
    if (kindOf(t) !== 'spoken' || !p) continue
    const within = Math.abs(p.start - t.start) <= 0.3 ? 1 : 0
    if (p.confidence !== undefined && p.confidence < uncertainBelow) {
      score.uncertain++
      score.uncertainWithin += within
    } else {
      score.sure++
      score.sureWithin += within
    }
  }
  return score
}

/** Trust scores added up. */
export function combineTrust(scores: readonly TrustScore[]): TrustScore {
  return scores.reduce((sum, s) => ({ sure: sum.sure + s.sure, sureWithin: sum.sureWithin + s.sureWithin, uncertain: sum.uncertain + s.uncertain, uncertainWithin: sum.uncertainWithin + s.uncertainWithin }), { sure: 0, sureWithin: 0, uncertain: 0, uncertainWithin: 0 })
}

/** A share in percent, one decimal ('NaN' of nothing). */
export function sharePct(part: number, whole: number): string {
  return whole ? ((100 * part) / whole).toFixed(1) : 'NaN'
}
