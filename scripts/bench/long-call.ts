// A 3-minute two-track call for timing: simulator calls with customer tracks laid end to end.
import { decodeWav } from '../../electron/main/services/audio/wav'
import type { AlignUtterance } from '../../electron/main/services/alignment'
import type { AlignmentCase } from './sim-cases'

const TARGET_SEC = 180
const RATE = 8000

function wav16(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2)
  const view = new DataView(bytes.buffer)
  const text = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)))
  text(0, 'RIFF')
  view.setUint32(4, 36 + samples.length * 2, true)
  text(8, 'WAVEfmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true)
  view.setUint16(22, 1, true)
  view.setUint32(24, RATE, true)
  view.setUint32(28, RATE * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  text(36, 'data')
  view.setUint32(40, samples.length * 2, true)
  samples.forEach((v, i) => view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, v)) * 32767), true))
  return bytes
}

export function threeMinuteCall(cases: readonly AlignmentCase[]): { full: Uint8Array; customer: Uint8Array; utterances: AlignUtterance[] } {
  const fulls: Float32Array[] = []
  const customers: Float32Array[] = []
  const utterances: AlignUtterance[] = []
  let length = 0
  for (const c of cases) {
    if (!c.customer || c.full.byteLength !== c.customer.byteLength) continue
    const full = decodeWav(c.full).samples
    fulls.push(full)
    customers.push(decodeWav(c.customer).samples)
    utterances.push(...c.utterances)
    length += full.length
    if (length >= TARGET_SEC * RATE) break
  }
  const join = (parts: Float32Array[]) => {
    const out = new Float32Array(Math.min(length, TARGET_SEC * RATE))
    let at = 0
    for (const p of parts) {
      out.set(p.subarray(0, Math.max(0, Math.min(p.length, out.length - at))), at)
      at += p.length
      if (at >= out.length) break
    }
    return out
  }
  return { full: wav16(join(fulls)), customer: wav16(join(customers)), utterances }
}
