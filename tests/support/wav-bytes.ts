// WAV files built byte by byte for the tests: a canonical header over any data, and a G.711 coder.
import { byteSampleTable } from '../../electron/main/services/wav'

/** A canonical WAV header over `data`. */
export function wav(data: Uint8Array, { format = 1, channels = 1, rate = 8000, bits = 16 } = {}): Uint8Array {
  const bytes = new Uint8Array(44 + data.length)
  const view = new DataView(bytes.buffer)
  bytes.set(new TextEncoder().encode('RIFF'), 0)
  view.setUint32(4, 36 + data.length, true)
  bytes.set(new TextEncoder().encode('WAVEfmt '), 8)
  view.setUint32(16, 16, true)
  view.setUint16(20, format, true)
  view.setUint16(22, channels, true)
  view.setUint32(24, rate, true)
  view.setUint32(28, (rate * channels * bits) / 8, true)
  view.setUint16(32, (channels * bits) / 8, true)
  view.setUint16(34, bits, true)
  bytes.set(new TextEncoder().encode('data'), 36)
  view.setUint32(40, data.length, true)
  bytes.set(data, 44)
  return bytes
}

/** A coder to G.711 (format 6 A-law, 7 μ-law): each 16-bit sample to its nearest 8-bit code, as a G.711 coder rounds. */
export function g711Coder(format: 6 | 7): (samples: Int16Array) => Uint8Array {
  const table = byteSampleTable(format, 8) as Int16Array
  const memo = new Map<number, number>()
  const code = (v: number) => {
    let best = memo.get(v)
    if (best === undefined) {
      best = 0
      for (let b = 1; b < 256; b++) if (Math.abs((table[b] as number) - v) < Math.abs((table[best] as number) - v)) best = b
      memo.set(v, best)
    }
    return best
  }
  return (samples) => Uint8Array.from(samples, code)
}
