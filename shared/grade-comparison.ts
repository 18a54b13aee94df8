// A newer server may report its own realIntentLevel for a call the reviewer graded here. The
// two are shown side by side; neither overwrites the other.

export interface GradeComparison {
  /** The reviewer's grade here, if any. */
  local: string | null
  /** What the server reports, kept as sent (a newer server may use a value this app does not know). */
  server: string | null
  /** Both graded the call, differently. With only one grade there is nothing to disagree about. */
  differs: boolean
}

export function compareGrades(local: string | null | undefined, server: string | null | undefined): GradeComparison {
  const l = local || null
  const s = server || null
  return { local: l, server: s, differs: l !== null && s !== null && l !== s }
}
