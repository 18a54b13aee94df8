// The (AI, reviewer) pairs of graded calls: the reviewer's grade from the local store, the AI's
// from the call as the API or the cache answered it.
import type { CallRecord } from '../../../../shared/api-schemas'
import type { Grade } from '../../../../shared/ipc/contract'
import type { IntentPair } from './agreement'
import type { Id } from '../../../../shared/ids'

export function agreementPairs(
  grades: readonly Grade[],
  calls: ReadonlyMap<Id, CallRecord> | ((callRecordId: Id) => CallRecord | undefined),
): IntentPair[] {
  const find = typeof calls === 'function' ? calls : (id: Id) => calls.get(id)
  return grades.map((a) => ({ ai: find(a.callRecordId)?.intentLevel ?? null, reviewer: a.realIntentLevel }))
}
