// Accuracy of inferred turn times against ground truth: start errors and whether each predicted
// turn's midpoint falls inside the true turn (what a reviewer clicking a line needs).
import type { Id } from '../../shared/ids'

export interface TimedTurn {
  callDetailId: Id
  start: number
  end: number
}

export interface CaseScore {
  startErrorsMs: number[]
  midpointsInside: number
  turns: number
}

export function scoreCase(predicted: readonly TimedTurn[], truth: readonly TimedTurn[]): CaseScore {
  const byId = new Map(predicted.map((t) => [t.callDetailId, t]))
  const startErrorsMs: number[] = []
  let midpointsInside = 0
  for (const t of truth) {
    const p = byId.get(t.callDetailId)
    if (!p) continue
    startErrorsMs.push(Math.abs(p.start - t.start) * 1000)
    const mid = (p.start + p.end) / 2
    if (mid >= t.start && mid <= t.end) midpointsInside++
  }
  return { startErrorsMs, midpointsInside, turns: truth.length }
}

export interface SetScore {
  medianStartErrorMs: number
  midpointInsidePct: number
  turns: number
}

export function combine(scores: readonly CaseScore[]): SetScore {
  const errors = scores.flatMap((s) => s.startErrorsMs).sort((a, b) => a - b)
  const turns = scores.reduce((sum, s) => sum + s.turns, 0)
  const inside = scores.reduce((sum, s) => sum + s.midpointsInside, 0)
  const mid = errors.length === 0 ? Number.NaN : errors.length % 2 ? (errors[(errors.length - 1) / 2] as number) : ((errors[errors.length / 2 - 1] as number) + (errors[errors.length / 2] as number)) / 2
  return { medianStartErrorMs: mid, midpointInsidePct: turns ? (100 * inside) / turns : Number.NaN, turns }
}
