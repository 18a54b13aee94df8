// The lead's plan and the team's reliability figures: the split is even, reproducible and
// stable as calls arrive; the kappas match published worked examples.
import { describe, expect, it } from 'vitest'
import { assignLate, assignmentOf, splitCalls, type TeamPlanRule } from '../../electron/main/services/team/assignment'
import { agreementWithFinal, fleissFromCounts, fleissKappa, pairKappas, type RatedCall } from '../../electron/main/services/team/reliability'
import { finalOf } from '../../electron/main/services/team/team-service'
import type { IntentLevel } from '../../shared/enums'

const rule: TeamPlanRule = { reviewers: ['wang', 'li', 'zhao'], samplePercent: 10, seed: 'task-1215' }
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

describe('splitting a task between reviewers', () => {
  it('gives each reviewer the same number of calls (±1) and samples exactly the share asked for', () => {
    const split = splitCalls(rule, ids(1000, 512))
    const perReviewer = new Map<string, number>()
    for (const { reviewers } of split.values()) perReviewer.set(reviewers[0]!, (perReviewer.get(reviewers[0]!) ?? 0) + 1)
    expect([...perReviewer.values()].sort()).toEqual([170, 171, 171])
    const sampled = [...split.values()].filter((a) => a.sampled)
    expect(sampled).toHaveLength(51)
    for (const a of sampled) {
      expect(a.reviewers).toHaveLength(2)
      expect(a.reviewers[0]).not.toBe(a.reviewers[1])
    }
    // Second grades are shared out too.
    const seconds = new Map<string, number>()
    for (const a of sampled) seconds.set(a.reviewers[1]!, (seconds.get(a.reviewers[1]!) ?? 0) + 1)
    expect(Math.max(...seconds.values()) - Math.min(...seconds.values())).toBeLessThanOrEqual(2)
  })

  it('is the same on every desktop for the same seed, and another seed deals differently', () => {
    const a = splitCalls(rule, ids(1, 60))
    const b = splitCalls({ ...rule, reviewers: [...rule.reviewers] }, ids(1, 60).reverse())
    const sorted = (m: Map<unknown, unknown>) => [...m.entries()].sort(([x], [y]) => Number(x) - Number(y))
    expect(sorted(b)).toEqual(sorted(a))
    const c = splitCalls({ ...rule, seed: 'another' }, ids(1, 60))
    const firsts = (m: typeof a) => ids(1, 60).map((id) => m.get(id)!.reviewers[0])
    expect(firsts(c)).not.toEqual(firsts(a))
  })

  it('keeps every recorded call with its reviewers when more calls arrive, and shares the new ones', () => {
    const recorded = splitCalls(rule, ids(1, 300))
    const later = ids(301, 3000).map((id) => assignmentOf(rule, recorded, id))
    for (const id of ids(1, 300)) expect(assignmentOf(rule, recorded, id)).toEqual(recorded.get(id))
    // Later calls: one reviewer's share between 30 % and 37 %, the sample near 10 %.
    for (const name of rule.reviewers) {
      const share = later.filter((a) => a.reviewers[0] === name).length / later.length
      expect(share).toBeGreaterThan(0.3)
      expect(share).toBeLessThan(0.37)
    }
    const sampled = later.filter((a) => a.sampled).length / later.length
    expect(sampled).toBeGreaterThan(0.08)
    expect(sampled).toBeLessThan(0.12)
    // The same late call is given the same way every time.
    expect(assignLate(rule, 4242)).toEqual(assignLate({ ...rule }, 4242))
  })

  it('samples nothing with one reviewer, and long ids keep their own assignment', () => {
    const alone = splitCalls({ ...rule, reviewers: ['wang'] }, ids(1, 20))
    expect([...alone.values()].every((a) => a.reviewers.length === 1 && !a.sampled)).toBe(true)
    const big = splitCalls(rule, ['9007199254740993', '9007199254740994'])
    expect(big.size).toBe(2)
  })
})

describe('reliability between reviewers', () => {
  it("matches Fleiss' worked example (1971; 10 subjects, 14 raters): kappa 0.210", () => {
    const rows = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]
    expect(fleissFromCounts(rows, 14)).toBeCloseTo(0.21, 3)
    expect(fleissFromCounts([[3, 0], [3, 0]], 3)).toBeNull()
  })

  it("gives Cohen's kappa per pair (the textbook 20/5/10/15 table: 0.4) and Fleiss' for three", () => {
    const ratings: RatedCall[] = []
    const add = (count: number, a: IntentLevel, b: IntentLevel) => {
      for (let i = 0; i < count; i++) {
        const id = ratings.length / 2 + 1
        ratings.push({ callRecordId: id, reviewer: 'wang', level: a }, { callRecordId: id, reviewer: 'li', level: b })
      }
    }
    add(20, 'A', 'A')
    add(5, 'A', 'B')
    add(10, 'B', 'A')
    add(15, 'B', 'B')
    const [pair] = pairKappas(ratings)
    expect(pair).toMatchObject({ reviewers: ['li', 'wang'], calls: 50, agreed: 35 })
    expect(pair!.kappa).toBeCloseTo(0.4, 10)

    // Three reviewers on three calls, all agreeing on two levels: perfect agreement.
    const three: RatedCall[] = ['wang', 'li', 'zhao'].flatMap((reviewer) => [
      { callRecordId: 1, reviewer, level: 'A' as const },
      { callRecordId: 2, reviewer, level: 'C' as const },
      { callRecordId: 3, reviewer, level: 'C' as const },
    ])
    expect(fleissKappa(three)).toEqual({ calls: 3, raters: 3, kappa: 1 })
    expect(pairKappas(three)).toHaveLength(3)
  })

  it("counts each reviewer's agreement with the final grade over settled calls only", () => {
    const ratings: RatedCall[] = [
      { callRecordId: 1, reviewer: 'wang', level: 'A' },
      { callRecordId: 1, reviewer: 'li', level: 'B' },
      { callRecordId: 2, reviewer: 'wang', level: 'C' },
      { callRecordId: 2, reviewer: 'li', level: 'C' },
      { callRecordId: 3, reviewer: 'li', level: 'D' },
    ]
    expect(agreementWithFinal(ratings, new Map<number, IntentLevel>([[1, 'B'], [2, 'C']]))).toEqual([
      { reviewer: 'li', calls: 2, agreed: 2, rate: 1 },
      { reviewer: 'wang', calls: 2, agreed: 1, rate: 0.5 },
    ])
  })
})

describe("a call's final grade in the team's result", () => {
  const grade = (reviewer: string, realIntentLevel: IntentLevel | null) => ({ reviewer, reviewerName: reviewer, realIntentLevel, note: '', updatedAt: '2026-12-01T08:00:00.000Z' })
  const pair = { reviewers: ['wang', 'li'], sampled: true }
  const alone = { reviewers: ['wang'], sampled: false }

  it("is the lead's settlement, whatever the reviewers gave", () => {
    expect(finalOf(pair, [grade('wang', 'A'), grade('li', 'C')], { finalLevel: 'B' })).toEqual({ level: 'B', source: 'settled' })
  })
  it('is the grade both reviewers of a sampled call gave, and none while they differ or one is missing', () => {
    expect(finalOf(pair, [grade('wang', 'A'), grade('li', 'A')])).toEqual({ level: 'A', source: 'agreed' })
    expect(finalOf(pair, [grade('wang', 'A'), grade('li', 'C')])).toEqual({ level: null, source: 'disputed' })
    expect(finalOf(pair, [grade('wang', 'A')])).toEqual({ level: null, source: 'waiting' })
    expect(finalOf(pair, [grade('wang', 'A'), grade('li', null)])).toEqual({ level: null, source: 'waiting' })
  })
  it("is the one reviewer's grade outside the sample; a grade by someone off the call counts only when its reviewer gave none", () => {
    expect(finalOf(alone, [grade('wang', 'D')])).toEqual({ level: 'D', source: 'single' })
    expect(finalOf(alone, [])).toEqual({ level: null, source: 'waiting' })
    // Taken off the task after grading: the grade still counts until the new reviewer gives one.
    expect(finalOf(alone, [grade('li', 'E')])).toEqual({ level: 'E', source: 'single' })
    expect(finalOf(alone, [grade('li', 'E'), grade('wang', 'B')])).toEqual({ level: 'B', source: 'single' })
  })
})
