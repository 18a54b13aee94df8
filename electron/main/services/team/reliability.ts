// How reliable the reviewers are: Cohen's kappa for each pair that graded the same calls, Fleiss'
// kappa when more than two graded, and each reviewer's agreement with the lead's final grade.
import { INTENT_LEVELS, type IntentLevel } from '../../../../shared/enums'
import type { Id } from '../../../../shared/ids'
import { computeAgreement } from '../agreement'

/** One reviewer's grade of one call. */
export interface RatedCall {
  callRecordId: Id
  reviewer: string
  level: IntentLevel
}

export interface PairKappa {
  reviewers: [string, string]
  /** Calls both graded. */
  calls: number
  agreed: number
  kappa: number | null
}

export interface FleissKappa {
  /** Calls graded by at least two reviewers that count (each with the same number of grades). */
  calls: number
  raters: number
  kappa: number | null
}

function byCall(ratings: readonly RatedCall[]): Map<Id, Map<string, IntentLevel>> {
  const calls = new Map<Id, Map<string, IntentLevel>>()
  for (const { callRecordId, reviewer, level } of ratings) {
    let graded = calls.get(callRecordId)
    if (!graded) calls.set(callRecordId, (graded = new Map()))
    graded.set(reviewer, level)
  }
  return calls
}

/** Cohen's kappa for every pair of reviewers with a call in common, pairs in name order. */
export function pairKappas(ratings: readonly RatedCall[]): PairKappa[] {
  const calls = byCall(ratings)
  const names = [...new Set(ratings.map((r) => r.reviewer))].sort()
  const out: PairKappa[] = []
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i]!
      const b = names[j]!
      const pairs = [...calls.values()].flatMap((graded) => (graded.has(a) && graded.has(b) ? [{ ai: graded.get(a), reviewer: graded.get(b) }] : []))
      if (pairs.length === 0) continue
      const stats = computeAgreement(pairs)
      out.push({ reviewers: [a, b], calls: stats.total, agreed: stats.agreed, kappa: stats.kappa })
    }
  }
  return out
}

/**
 * Fleiss' kappa over the calls graded by the most common number of reviewers (≥ 2): the
 * statistic needs the same number of grades per call, and mixing counts would bias it.
 */
export function fleissKappa(ratings: readonly RatedCall[]): FleissKappa {
  const counts = [...byCall(ratings).values()].map((graded) => [...graded.values()])
  const bySize = new Map<number, IntentLevel[][]>()
  for (const levels of counts) if (levels.length >= 2) bySize.set(levels.length, [...(bySize.get(levels.length) ?? []), levels])
  let raters = 0
  let subjects: IntentLevel[][] = []
  for (const [size, group] of bySize) if (group.length > subjects.length || (group.length === subjects.length && size > raters)) [raters, subjects] = [size, group]
  return { calls: subjects.length, raters, kappa: fleissFromCounts(subjects.map((levels) => INTENT_LEVELS.map((level) => levels.filter((l) => l === level).length)), raters) }
}

/** Fleiss (1971): rows are subjects, columns categories, each row summing to `raters`. */
export function fleissFromCounts(rows: readonly (readonly number[])[], raters: number): number | null {
  const subjects = rows.length
  if (subjects === 0 || raters < 2) return null
  const categories = rows[0]?.length ?? 0
  const p = Array.from({ length: categories }, (_, j) => rows.reduce((sum, row) => sum + (row[j] ?? 0), 0) / (subjects * raters))
  const agreementPer = rows.map((row) => (row.reduce((sum, n) => sum + n * n, 0) - raters) / (raters * (raters - 1)))
  const observed = agreementPer.reduce((a, b) => a + b, 0) / subjects
  const chance = p.reduce((sum, pj) => sum + pj * pj, 0)
  // Every grade in one category: agreement beyond chance is 0/0.
  if (chance >= 1) return null
  return (observed - chance) / (1 - chance)
}

export interface ReviewerVsFinal {
  reviewer: string
  /** Settled calls this reviewer graded. */
  calls: number
  agreed: number
  rate: number | null
}

/** Each reviewer's share of settled calls where their grade is the final one. */
export function agreementWithFinal(ratings: readonly RatedCall[], finals: ReadonlyMap<Id, IntentLevel>): ReviewerVsFinal[] {
  const tally = new Map<string, { calls: number; agreed: number }>()
  for (const { callRecordId, reviewer, level } of ratings) {
    const final = finals.get(callRecordId)
    if (final === undefined) continue
    const entry = tally.get(reviewer) ?? { calls: 0, agreed: 0 }
    entry.calls++
    if (final === level) entry.agreed++
    tally.set(reviewer, entry)
  }
  return [...tally.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reviewer, { calls, agreed }]) => ({ reviewer, calls, agreed, rate: calls > 0 ? agreed / calls : null }))
}
