import { describe, expect, it } from 'vitest'
import { callRecordSchema } from '../../shared/api-schemas'
import type { Grade } from '../../shared/ipc/contract'
import { computeAgreement, type IntentPair } from '../../electron/main/services/agreement/agreement'
import { agreementPairs } from '../../electron/main/services/agreement/agreement-pairs'

function repeat(ai: string | null, reviewer: string | null, times: number): IntentPair[] {
  return Array.from({ length: times }, () => ({ ai, reviewer }))
}

describe('agreement statistics', () => {
  it("matches the textbook kappa example (Wikipedia, Cohen's kappa: 50 items, κ = 0.4)", () => {
    // Rater 1 = AI (rows), rater 2 = reviewer (columns); yes = A, no = B.
    //          A   B
    //   A     20   5
    //   B     10  15
    const stats = computeAgreement([...repeat('A', 'A', 20), ...repeat('A', 'B', 5), ...repeat('B', 'A', 10), ...repeat('B', 'B', 15)])
    expect(stats.total).toBe(50)
    expect(stats.agreed).toBe(35)
    expect(stats.matrix[0]).toEqual([20, 5, 0, 0, 0, 0])
    expect(stats.matrix[1]).toEqual([10, 15, 0, 0, 0, 0])
    expect(stats.matrix.slice(2).flat().every((n) => n === 0)).toBe(true)
    expect(stats.agreementRate).toBeCloseTo(0.7, 12)
    // p_e = (25·30 + 25·20) / 50² = 0.5
    expect(stats.chanceAgreement).toBeCloseTo(0.5, 12)
    expect(stats.kappa).toBeCloseTo(0.4, 12)
    expect(stats.kappaUndefined).toBeNull()
    const [a, b, c] = stats.perLevel
    expect(a).toMatchObject({ level: 'A', aiCount: 25, reviewerCount: 30, agreed: 20 })
    expect(a!.precision).toBeCloseTo(0.8, 12)
    expect(a!.recall).toBeCloseTo(20 / 30, 12)
    expect(b!.precision).toBeCloseTo(0.6, 12)
    expect(b!.recall).toBeCloseTo(0.75, 12)
    expect(c).toEqual({ level: 'C', aiCount: 0, reviewerCount: 0, agreed: 0, precision: null, recall: null })
  })

  it('computes a three-level example by hand', () => {
    //          A  B  C   (reviewer)
    //   A      5  1  0   = 6
    //   B      2  3  1   = 6
    //   C      0  1  2   = 3
    //          7  5  3   n = 15, agreed = 10
    // p_o = 2/3, p_e = (6·7 + 6·5 + 3·3)/225 = 81/225 = 9/25, κ = (2/3 − 9/25)/(16/25) = 23/48
    const pairs = [
      ...repeat('A', 'A', 5),
      ...repeat('A', 'B', 1),
      ...repeat('B', 'A', 2),
      ...repeat('B', 'B', 3),
      ...repeat('B', 'C', 1),
      ...repeat('C', 'B', 1),
      ...repeat('C', 'C', 2),
    ]
    const stats = computeAgreement(pairs)
    expect(stats.matrix.slice(0, 3).map((row) => row.slice(0, 3))).toEqual([
      [5, 1, 0],
      [2, 3, 1],
      [0, 1, 2],
    ])
    expect(stats.agreementRate).toBeCloseTo(2 / 3, 12)
    expect(stats.chanceAgreement).toBeCloseTo(9 / 25, 12)
    expect(stats.kappa).toBeCloseTo(23 / 48, 12)
    expect(stats.perLevel[2]).toMatchObject({ precision: 2 / 3, recall: 2 / 3 })
    expect(stats.perLevel[1]!.precision).toBeCloseTo(0.5, 12)
    expect(stats.perLevel[1]!.recall).toBeCloseTo(0.6, 12)
  })

  it('gives nulls, not NaN, without pairs', () => {
    const stats = computeAgreement([])
    expect(stats).toMatchObject({ total: 0, skipped: 0, agreed: 0, agreementRate: null, chanceAgreement: null, kappa: null, kappaUndefined: 'no-pairs' })
    expect(stats.matrix).toEqual(Array.from({ length: 6 }, () => [0, 0, 0, 0, 0, 0]))
    for (const level of stats.perLevel) expect([level.precision, level.recall]).toEqual([null, null])
  })

  it('leaves kappa undefined when both sides gave one and the same level', () => {
    const stats = computeAgreement(repeat('D', 'D', 4))
    expect(stats).toMatchObject({ total: 4, agreementRate: 1, chanceAgreement: 1, kappa: null, kappaUndefined: 'single-class' })
    expect(stats.perLevel[3]).toMatchObject({ precision: 1, recall: 1 })
  })

  it('gives kappa 0 when the AI always says the same and the reviewer does not', () => {
    const stats = computeAgreement([...repeat('A', 'A', 3), ...repeat('A', 'B', 1)])
    expect(stats.agreementRate).toBe(0.75)
    expect(stats.kappa).toBeCloseTo(0, 12)
    expect(stats.perLevel[1]).toMatchObject({ aiCount: 0, reviewerCount: 1, precision: null, recall: 0 })
  })

  it('gives kappa −1 for complete, systematic disagreement on two balanced levels', () => {
    const stats = computeAgreement([...repeat('A', 'B', 5), ...repeat('B', 'A', 5)])
    expect(stats.agreementRate).toBe(0)
    expect(stats.kappa).toBeCloseTo(-1, 12)
  })

  it('skips pairs without a known grade on either side', () => {
    const stats = computeAgreement([
      { ai: 'A', reviewer: 'A' },
      { ai: null, reviewer: 'A' },
      { ai: 'A', reviewer: null },
      { ai: 'Z', reviewer: 'A' },
      { ai: undefined, reviewer: undefined },
      { ai: 'F', reviewer: 'E' },
    ])
    expect(stats.total).toBe(2)
    expect(stats.skipped).toBe(4)
    expect(stats.matrix[5]![4]).toBe(1)
  })

  it('pairs the reviewer grades with the AI grades of the calls', () => {
    const grade = (callRecordId: number, realIntentLevel: Grade['realIntentLevel']): Grade => ({
      robotCallJobId: 1,
      callRecordId,
      realIntentLevel,
      note: '',
      reviewer: 'r',
      updatedAt: '2024-05-01T00:00:00.000Z',
      history: [],
    })
    const calls = new Map([
      [1, callRecordSchema.parse({ callRecordId: 1, intentLevel: 'B' })],
      [2, callRecordSchema.parse({ callRecordId: 2, intentLevel: null })],
    ])
    expect(agreementPairs([grade(1, 'A'), grade(2, 'C'), grade(3, null)], calls)).toEqual([
      { ai: 'B', reviewer: 'A' },
      { ai: null, reviewer: 'C' },
      { ai: null, reviewer: null },
    ])
  })
})
