// How a lead's plan shares a task's calls between reviewers. Everything follows from the plan
// (reviewers, sample share, seed) and the call id alone, so every desktop computes the same
// answer offline, and a call keeps its reviewers when more calls arrive.
//
// - The calls known when the lead opens the task are dealt out in a shuffled order, so each
//   reviewer gets the same number (±1); the plan records that split.
// - A call that arrives later goes to the reviewer its id ranks highest (rendezvous hashing):
//   even in expectation, and unaffected by any other call.
// - The double-review sample is the share of calls whose sample hash is lowest: an exact count
//   at the start, the same threshold for later calls.
import { createHash } from 'node:crypto'
import { compareIds, type Id } from '../../../../shared/ids'

export interface TeamPlanRule {
  /** Reviewer user names, in the lead's order. */
  reviewers: string[]
  /** Share of calls graded blind by two reviewers, 0–100. */
  samplePercent: number
  /** Fixes the shuffle: the same seed gives the same split. */
  seed: string
}

/** Who grades a call: one reviewer, or two for a call in the double-review sample. */
export type Assignment = { reviewers: string[]; sampled: boolean }

/** A uniform number in [0, 1) from the text's SHA-256 (stable across machines and versions). */
export function unitHash(...parts: string[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest()
  // 48 bits: plenty for ranking, and exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48
}

function ranked(rule: TeamPlanRule, callId: Id, exclude?: string): string[] {
  return rule.reviewers
    .filter((name) => name !== exclude)
    .map((name) => ({ name, score: unitHash(rule.seed, 'assign', String(callId), name) }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1))
    .map((entry) => entry.name)
}

function sampleScore(rule: TeamPlanRule, callId: Id): number {
  return unitHash(rule.seed, 'sample', String(callId))
}

/** Reviewers for a call the plan did not record: by rendezvous hashing, the sample by threshold. */
export function assignLate(rule: TeamPlanRule, callId: Id): Assignment {
  const first = ranked(rule, callId)[0]
  if (first === undefined) return { reviewers: [], sampled: false }
  const sampled = rule.reviewers.length > 1 && sampleScore(rule, callId) < rule.samplePercent / 100
  const second = sampled ? ranked(rule, callId, first)[0] : undefined
  return { reviewers: second === undefined ? [first] : [first, second], sampled: second !== undefined }
}

/**
 * The split of the calls known now: each reviewer gets the same number of calls (±1) as the
 * first reviewer, and the double-review sample is exactly round(share × calls), its second
 * grades dealt out evenly too, never to the call's first reviewer.
 */
export function splitCalls(rule: TeamPlanRule, callIds: readonly Id[]): Map<Id, Assignment> {
  const out = new Map<Id, Assignment>()
  const n = rule.reviewers.length
  if (n === 0) return out
  const unique = [...new Set(callIds)].sort(compareIds)
  const shuffled = unique
    .map((id) => ({ id, key: unitHash(rule.seed, 'order', String(id)) }))
    .sort((a, b) => a.key - b.key || compareIds(a.id, b.id))
  shuffled.forEach(({ id }, index) => out.set(id, { reviewers: [rule.reviewers[index % n]!], sampled: false }))
  if (n < 2) return out
  const sampleSize = Math.round((rule.samplePercent / 100) * unique.length)
  const sample = unique
    .map((id) => ({ id, key: sampleScore(rule, id) }))
    .sort((a, b) => a.key - b.key || compareIds(a.id, b.id))
    .slice(0, sampleSize)
  // Second grades go to whoever has the fewest so far, never the call's first reviewer.
  const seconds = new Map(rule.reviewers.map((name) => [name, 0]))
  for (const { id } of sample) {
    const first = out.get(id)!.reviewers[0]!
    const second = ranked(rule, id, first).reduce((best, name) => (seconds.get(name)! < seconds.get(best)! ? name : best))
    seconds.set(second, seconds.get(second)! + 1)
    out.set(id, { reviewers: [first, second], sampled: true })
  }
  return out
}

/** The call's reviewers: as the plan recorded them, or for a later call as `assignLate` gives. */
export function assignmentOf(rule: TeamPlanRule, recorded: ReadonlyMap<Id, Assignment>, callId: Id): Assignment {
  return recorded.get(callId) ?? assignLate(rule, callId)
}
