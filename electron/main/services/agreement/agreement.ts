// How far the robot's intent grade agrees with the reviewer's: confusion matrix (rows AI,
// columns reviewer), raw agreement, Cohen's kappa (agreement beyond chance), and per level the
// precision and recall of the AI, taking the reviewer's grade as the truth.
import { INTENT_LEVELS, type IntentLevel } from '../../../../shared/enums'

export interface IntentPair {
  /** The robot's grade; a value outside A–F (or none) leaves the pair out. */
  ai: string | null | undefined
  /** The reviewer's grade; none leaves the pair out. */
  reviewer: string | null | undefined
}

export interface LevelStats {
  level: IntentLevel
  /** Pairs the AI graded this level (the matrix row's sum). */
  aiCount: number
  /** Pairs the reviewer graded this level (the column's sum). */
  reviewerCount: number
  /** Pairs both graded this level. */
  agreed: number
  /** agreed / aiCount: of the AI's grades of this level, how many the reviewer confirmed; null when the AI never gave it. */
  precision: number | null
  /** agreed / reviewerCount: of the reviewer's grades of this level, how many the AI found; null when the reviewer never gave it. */
  recall: number | null
}

export type KappaUndefinedReason = 'no-pairs' | 'single-class'

export interface AgreementStats {
  levels: readonly IntentLevel[]
  /** matrix[i][j]: pairs the AI graded levels[i] and the reviewer levels[j]. */
  matrix: number[][]
  /** Pairs counted. */
  total: number
  /** Pairs left out for lack of a known grade on either side. */
  skipped: number
  agreed: number
  /** agreed / total; null without pairs. */
  agreementRate: number | null
  /** The agreement two raters with these grade frequencies would reach by chance. */
  chanceAgreement: number | null
  /** (p_o − p_e) / (1 − p_e); null when undefined, see kappaUndefined. */
  kappa: number | null
  /** Why kappa is null: no pairs, or both sides gave one and the same level only (p_e = 1). */
  kappaUndefined: KappaUndefinedReason | null
  perLevel: LevelStats[]
}

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
    levels: INTENT_LEVELS,
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
