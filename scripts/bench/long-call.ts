// Long calls for timing: simulator calls with customer tracks laid end to end (the 3-minute call,
// and shorter ones of whole calls).
import { decodeWav, encodeWav16 } from '../../electron/main/services/wav'
import type { AlignUtterance } from '../../electron/main/services/alignment'
import type { AlignmentCase } from './sim-cases'

const TARGET_SEC = 180
const RATE = 8000


export function threeMinuteCall(cases: readonly AlignmentCase[]): { full: Uint8Array; customer: Uint8Array; utterances: AlignUtterance[] } {
  return callsLaid(cases, TARGET_SEC, false)
}

/** Whole simulator calls laid end to end while they fit in `seconds` (none cut off). */
export function wholeCallsWithin(cases: readonly AlignmentCase[], seconds: number): { full: Uint8Array; customer: Uint8Array; utterances: AlignUtterance[] } {
  return callsLaid(cases, seconds, true)
}

/** Two-track simulator calls laid end to end up to `seconds`: with `whole`, only calls that still
 * fit (a longer one is passed over); without, the last one cut off there (its lines past the cut
 * kept in the transcript). */
function callsLaid(cases: readonly AlignmentCase[], seconds: number, whole: boolean): { full: Uint8Array; customer: Uint8Array; utterances: AlignUtterance[] } {
  const fulls: Float32Array[] = []
  const customers: Float32Array[] = []
  const utterances: AlignUtterance[] = []
  let length = 0
  for (const c of cases) {
    if (!c.customer || c.full.byteLength !== c.customer.byteLength) continue
    const full = decodeWav(c.full).samples
    if (whole && length + full.length > seconds * RATE) continue
    fulls.push(full)
    customers.push(decodeWav(c.customer).samples)
    utterances.push(...c.utterances)
    length += full.length
    if (length >= seconds * RATE) break
  }
  const join = (parts: Float32Array[]) => {
    const out = new Float32Array(Math.min(length, seconds * RATE))
    let at = 0
    for (const p of parts) {
      out.set(p.subarray(0, Math.max(0, Math.min(p.length, out.length - at))), at)
      at += p.length
      if (at >= out.length) break
    }
    return out
  }
  return { full: encodeWav16(join(fulls), RATE), customer: encodeWav16(join(customers), RATE), utterances }
}
