// Decoded tracks back into WAV bytes, for the bench's variations of a call and the tests: as they
// are (`trackWav`), or a two-track call as a recorder that keeps each side on its own channel would
// store it (`sidesAsChannels`).
import { atRateOf } from '../../electron/main/services/alignment/customer-track'
import { decodeTrack, type DecodedTrack } from '../../electron/main/services/alignment/wav-input'
import { encodeWav16 } from '../../electron/main/services/wav'

/** A decoded track as a 16-bit mono WAV, each sample moved by `offset` (full scale) first. */
export function trackWav(track: DecodedTrack, offset = 0): Uint8Array {
  return new Uint8Array(encodeWav16(Float32Array.from(track.samples, (v) => v * track.scale + offset), track.sampleRate))
}

/** The robot's side (the full track less the customer's track) on one channel, the customer's on the other. */
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
