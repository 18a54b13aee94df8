// A two-track call as a recorder that keeps each side on its own channel would store it: the
// robot's side (the full track less the customer's track) on one channel, the customer's on the other.
import { atRateOf } from '../../electron/main/services/alignment/customer-track'
import { decodeTrack } from '../../electron/main/services/alignment/wav-input'
import { encodeWav16 } from '../../electron/main/services/wav'

export function sidesAsChannels(fullBytes: Uint8Array, customerBytes: Uint8Array, customerLeft = false): Uint8Array {
  const full = decodeTrack(fullBytes, 'full')
  const own = atRateOf(full, decodeTrack(customerBytes, 'customer'))
  const both = new Float32Array(full.samples.length * 2)
  for (let i = 0; i < full.samples.length; i++) {
    const customer = ((own.samples[i] ?? 0) as number) * own.scale
    const robot = (full.samples[i] as number) * full.scale - customer
    both[2 * i] = customerLeft ? customer : robot
    both[2 * i + 1] = customerLeft ? robot : customer
  }
  return new Uint8Array(encodeWav16(both, full.sampleRate, 2))
}
