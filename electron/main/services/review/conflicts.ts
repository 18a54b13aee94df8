// A newer server may report its own realIntentLevel for a call the reviewer graded here. The
// two are shown side by side; neither overwrites the other.
import type { IntentLevel } from '../../../../shared/enums'
import type { Annotation } from '../../../../shared/ipc/contract'

export interface ServerComparison {
  /** The server reports a grade and it differs from the reviewer's. */
  conflict: boolean
  local: IntentLevel | null
  /** What the server reports, kept as sent (a newer server may use a value this app does not know). */
  server: string | null
}

export function compareWithServer(
  annotation: Pick<Annotation, 'realIntentLevel'>,
  serverRealIntentLevel: string | null | undefined,
): ServerComparison {
  const server = serverRealIntentLevel === undefined || serverRealIntentLevel === '' ? null : serverRealIntentLevel
  return {
    // A server without a grade has nothing to disagree with.
    conflict: server !== null && server !== annotation.realIntentLevel,
    local: annotation.realIntentLevel,
    server,
  }
}
