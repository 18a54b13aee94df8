// How far the robot's intent grade agrees with the reviewer's: confusion matrix (rows AI,
// columns reviewer), raw agreement, Cohen's kappa (agreement beyond chance), and per level the
// precision and recall of the AI, taking the reviewer's grade as the truth.
import { INTENT_LEVELS } from '../../../../shared/enums'
import type { Agreement } from '../../../../shared/ipc/contract'

export interface IntentPair {
  /** The robot's grade; a value outside A–F (or none) leaves the pair out. */
  ai: string | null | undefined
  /** The reviewer's grade; none leaves the pair out. */
  reviewer: string | null | undefined
}

/** The answer's types are the contract's (shared/ipc/contract.ts), defined once. */
export type AgreementStats = Agreement
export type LevelStats = Agreement['perLevel'][number]
export type KappaUndefinedReason = NonNullable<Agreement['kappaUndefined']>

function levelIndex(value: string | null | undefined): number {
  return value ? (INTENT_LEVELS as readonly string[]).indexOf(value) : -1
}

export function computeAgreement(pairs: Iterable<IntentPair>): AgreementStats {
  const size = INTENT_LEVELS.length
  const matrix = INTENT_LEVELS.map(() => new Array<number>(size).fill(0))
  let total = 0
  let skipped = 0
  for (const pair of pairs) {
    const i = levelIndex(pair.ai)
    const j = levelIndex(pair.reviewer)
    const row = matrix[i]
    if (!row || j < 0) {
      skipped++
      continue
    }
    row[j] = (row[j] ?? 0) + 1
    total++
  }

  const rowSum = matrix.map((row) => row.reduce((a, b) => a + b, 0))
  const colSum = INTENT_LEVELS.map((_, j) => matrix.reduce((a, row) => a + (row[j] ?? 0), 0))
  const diagonal = INTENT_LEVELS.map((_, k) => matrix[k]?.[k] ?? 0)
  const agreed = diagonal.reduce((a, b) => a + b, 0)

  let agreementRate: number | null = null
  let chanceAgreement: number | null = null
  let kappa: number | null = null
  let kappaUndefined: KappaUndefinedReason | null = 'no-pairs'
  if (total > 0) {
    agreementRate = agreed / total
    chanceAgreement = rowSum.reduce((a, r, k) => a + r * (colSum[k] ?? 0), 0) / (total * total)
    // p_e = 1 only when both sides used a single, identical level: kappa is 0/0 there.
    if (chanceAgreement >= 1) kappaUndefined = 'single-class'
    else {
      kappa = (agreementRate - chanceAgreement) / (1 - chanceAgreement)
      kappaUndefined = null
    }
  }

  const perLevel = INTENT_LEVELS.map((level, k): LevelStats => {
    const aiCount = rowSum[k] ?? 0
    const reviewerCount = colSum[k] ?? 0
    const both = diagonal[k] ?? 0
    return {
      level,
      aiCount,
      reviewerCount,
      agreed: both,
      precision: aiCount > 0 ? both / aiCount : null,
      recall: reviewerCount > 0 ? both / reviewerCount : null,
    }
  })

  return {
    levels: [...INTENT_LEVELS],
    matrix,
    total,
    skipped,
    agreed,
    agreementRate,
    chanceAgreement,
    kappa,
    kappaUndefined,
    perLevel,
  }
}
