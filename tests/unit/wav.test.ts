import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { byteSampleTable, computePeaks, decodeWav, readWavInfo, WavFormatError } from '../../electron/main/services/wav'

interface Chunk {
  id: string
  body: Uint8Array
  /** Written in the header instead of body.length (streamed files leave 0 or 0xFFFFFFFF). */
  size?: number
}

function chunk(id: string, body: Uint8Array, size?: number): Chunk {
  return { id, body, size }
}

function riff(chunks: Chunk[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('WAVE', 'ascii')]
  for (const c of chunks) {
    const head = Buffer.alloc(8)
    head.write(c.id, 0, 'ascii')
    head.writeUInt32LE(c.size ?? c.body.length, 4)
    parts.push(head, Buffer.from(c.body))
    if (c.body.length % 2 === 1) parts.push(Buffer.alloc(1))
  }
  const rest = Buffer.concat(parts)
  const head = Buffer.alloc(8)
  head.write('RIFF', 0, 'ascii')
  head.writeUInt32LE(rest.length, 4)
  return new Uint8Array(Buffer.concat([head, rest]))
}

function fmtBody(format: number, channels: number, sampleRate: number, bits: number): Uint8Array {
  const b = Buffer.alloc(16)
  b.writeUInt16LE(format, 0)
  b.writeUInt16LE(channels, 2)
  b.writeUInt32LE(sampleRate, 4)
  b.writeUInt32LE((sampleRate * channels * bits) / 8, 8)
  b.writeUInt16LE((channels * bits) / 8, 12)
  b.writeUInt16LE(bits, 14)
  return new Uint8Array(b)
}

function extensibleFmtBody(subFormat: number, channels: number, sampleRate: number, bits: number): Uint8Array {
  const b = Buffer.alloc(40)
  Buffer.from(fmtBody(0xfffe, channels, sampleRate, bits)).copy(b, 0)
  b.writeUInt16LE(22, 16) // cbSize
  b.writeUInt16LE(bits, 18) // valid bits
  b.writeUInt32LE(channels === 1 ? 0x4 : 0x3, 20) // channel mask
  b.writeUInt16LE(subFormat, 24) // SubFormat GUID, first two bytes are the format tag
  Buffer.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]).copy(b, 26)
  return new Uint8Array(b)
}

function pcm16(values: number[]): Uint8Array {
  const b = Buffer.alloc(values.length * 2)
  values.forEach((v, i) => b.writeInt16LE(v, i * 2))
  return new Uint8Array(b)
}

function pcm16Wav(values: number[], sampleRate = 8000, channels = 1): Uint8Array {
  return riff([chunk('fmt ', fmtBody(1, channels, sampleRate, 16)), chunk('data', pcm16(values))])
}

describe('readWavInfo', () => {
  it('reads the header of a 16-bit PCM mono file', () => {
    const bytes = pcm16Wav(new Array<number>(16_000).fill(0))
    const info = readWavInfo(bytes)
    expect(info).toEqual({
      format: 1,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 16,
      dataOffset: 44,
      dataLength: 32_000,
      durationSec: 2,
    })
  })

  it('computes the duration of stereo and 8-bit files', () => {
    const stereo = pcm16Wav(new Array<number>(8000 * 2).fill(0), 8000, 2)
    expect(readWavInfo(stereo).durationSec).toBe(1)
    const mulaw = riff([chunk('fmt ', fmtBody(7, 1, 8000, 8)), chunk('data', new Uint8Array(4000).fill(0xff))])
    expect(readWavInfo(mulaw)).toMatchObject({ format: 7, bitsPerSample: 8, durationSec: 0.5 })
  })

  it('skips LIST and other chunks before data', () => {
    const list = new Uint8Array(Buffer.from('INFOISFT\x0e\x00\x00\x00Lavf58.76.100\x00', 'latin1'))
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('LIST', list), chunk('fact', new Uint8Array(4)), chunk('data', pcm16([1, 2, 3]))])
    const info = readWavInfo(bytes)
    expect(info.dataOffset).toBe(12 + 8 + 16 + 8 + list.length + 8 + 4 + 8)
    expect(info.dataLength).toBe(6)
  })

  it('skips the pad byte after an odd-sized chunk', () => {
    const odd = new Uint8Array([1, 2, 3]) // 3 bytes, padded to 4
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('junk', odd), chunk('data', pcm16([100, -100]))])
    const info = readWavInfo(bytes)
    expect(info.dataOffset).toBe(12 + 24 + 8 + 4 + 8)
    expect(info.dataLength).toBe(4)
    expect(Array.from(decodeWav(bytes).samples)).toEqual([100 / 32768, -100 / 32768])
  })

  it('accepts a fmt chunk after other chunks', () => {
    const bytes = riff([chunk('LIST', new Uint8Array(10)), chunk('fmt ', fmtBody(1, 1, 16000, 16)), chunk('data', pcm16([0, 0]))])
    expect(readWavInfo(bytes)).toMatchObject({ sampleRate: 16000, dataLength: 4 })
  })

  it.each([
    ['0', 0],
    ['0xFFFFFFFF', 0xffffffff],
  ])('takes what the file holds when a streamed data size is %s', (_label, size) => {
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', pcm16(new Array<number>(800).fill(5)), size)])
    const info = readWavInfo(bytes)
    expect(info.dataLength).toBe(1600)
    expect(info.durationSec).toBeCloseTo(0.1, 10)
    expect(decodeWav(bytes).samples.length).toBe(800)
  })

  it('takes what the file holds when the data chunk is truncated', () => {
    const full = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', pcm16(new Array<number>(100).fill(7)))])
    const cut = full.subarray(0, full.length - 50)
    expect(readWavInfo(cut).dataLength).toBe(150)
    expect(decodeWav(cut).samples.length).toBe(75)
  })

  it('ignores trailing chunks after data when the data size is set', () => {
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', pcm16([1, 2])), chunk('LIST', new Uint8Array(20))])
    expect(readWavInfo(bytes).dataLength).toBe(4)
    expect(decodeWav(bytes).samples.length).toBe(2)
  })

  it('reads the real format from WAVE_FORMAT_EXTENSIBLE', () => {
    const pcm = riff([chunk('fmt ', extensibleFmtBody(1, 1, 8000, 16)), chunk('data', pcm16([16384]))])
    expect(readWavInfo(pcm)).toMatchObject({ format: 1, bitsPerSample: 16 })
    expect(Array.from(decodeWav(pcm).samples)).toEqual([0.5])
    const mulaw = riff([chunk('fmt ', extensibleFmtBody(7, 1, 8000, 8)), chunk('data', new Uint8Array([0xff]))])
    expect(readWavInfo(mulaw).format).toBe(7)
  })

  it('refuses a file cut off inside an extensible fmt chunk with a WavFormatError', () => {
    const whole = riff([chunk('fmt ', extensibleFmtBody(1, 1, 8000, 16)), chunk('data', pcm16([1]))])
    const cut = whole.subarray(0, 12 + 8 + 20) // the fmt chunk declares 40 bytes; only 20 arrived
    expect(() => readWavInfo(cut)).toThrow(WavFormatError)
  })

  it('works on a Uint8Array view with a byte offset', () => {
    const bytes = pcm16Wav([1000, -1000])
    const padded = new Uint8Array(bytes.length + 7)
    padded.set(bytes, 7)
    const view = padded.subarray(7)
    expect(readWavInfo(view).dataOffset).toBe(44)
    expect(Array.from(decodeWav(view).samples)).toEqual([1000 / 32768, -1000 / 32768])
  })

  it.each<[string, Uint8Array, RegExp]>([
    ['an empty file', new Uint8Array(0), /not a RIFF\/WAVE/],
    ['an HTML page', new Uint8Array(Buffer.from('<!doctype html><html><body>404</body></html>')), /not a RIFF\/WAVE/],
    ['a RIFF that is not WAVE', new Uint8Array(Buffer.from('RIFF\x04\x00\x00\x00AVI ', 'latin1')), /not a RIFF\/WAVE/],
    ['a file without chunks', new Uint8Array(Buffer.from('RIFF\x04\x00\x00\x00WAVE', 'latin1')), /no fmt chunk/],
    ['data before fmt', riff([chunk('data', pcm16([1])), chunk('fmt ', fmtBody(1, 1, 8000, 16))]), /data chunk before fmt/],
    ['a fmt without data', riff([chunk('fmt ', fmtBody(1, 1, 8000, 16))]), /no data chunk/],
    ['a short fmt chunk', riff([chunk('fmt ', new Uint8Array(8)), chunk('data', pcm16([1]))]), /fmt chunk too short/],
    ['a zero sample rate', riff([chunk('fmt ', fmtBody(1, 1, 0, 16)), chunk('data', pcm16([1]))]), /invalid fmt/],
    ['zero channels', riff([chunk('fmt ', fmtBody(1, 0, 8000, 16)), chunk('data', pcm16([1]))]), /invalid fmt/],
  ])('refuses %s with a WavFormatError', (_label, bytes, message) => {
    expect(() => readWavInfo(bytes)).toThrow(WavFormatError)
    expect(() => readWavInfo(bytes)).toThrow(message)
    expect(() => decodeWav(bytes)).toThrow(WavFormatError)
  })

  it('names its error class', () => {
    try {
      readWavInfo(new Uint8Array(0))
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).name).toBe('WavFormatError')
    }
  })
})

describe('decodeWav', () => {
  it('decodes 16-bit PCM to -1..1', () => {
    const { info, samples } = decodeWav(pcm16Wav([0, 16384, -16384, 32767, -32768]))
    expect(info.format).toBe(1)
    expect(Array.from(samples)).toEqual([0, 0.5, -0.5, Math.fround(32767 / 32768), -1])
  })

  it('averages channels to mono', () => {
    const { samples } = decodeWav(pcm16Wav([16384, 0, -16384, -16384, 8192, 24576], 8000, 2))
    expect(Array.from(samples)).toEqual([0.25, -0.5, 0.5])
  })

  it('drops a trailing partial frame', () => {
    const data = new Uint8Array([...pcm16([16384, -16384]), 0x12])
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', data)])
    expect(Array.from(decodeWav(bytes).samples)).toEqual([0.5, -0.5])
  })

  it('decodes 8-bit unsigned PCM', () => {
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 8)), chunk('data', new Uint8Array([128, 0, 255, 192, 64]))])
    expect(Array.from(decodeWav(bytes).samples)).toEqual([0, -1, Math.fround(127 / 128), 0.5, -0.5])
  })

  it('decodes G.711 μ-law (format 7)', () => {
    const bytes = riff([chunk('fmt ', fmtBody(7, 1, 8000, 8)), chunk('data', new Uint8Array([0xff, 0x7f, 0x80, 0x00, 0xef, 0x6f, 0xfe]))])
    const samples = Array.from(decodeWav(bytes).samples)
    // Reference values from the ITU-T G.711 μ-law expansion (16-bit linear): 0xFF and 0x7F are
    // the two zeros, 0x80 / 0x00 the extremes, 0xEF / 0x6F exponent 1 mantissa 0, 0xFE the step.
    expect(samples.map((v) => Math.abs(v) === 0 ? 0 : v)).toEqual([0, 0, 32124, -32124, 132, -132, 8].map((v) => Math.fround(v / 32768)))
  })

  it('μ-law decoding is monotonic and symmetric', () => {
    const all = new Uint8Array(256).map((_, i) => i)
    const bytes = riff([chunk('fmt ', fmtBody(7, 1, 8000, 8)), chunk('data', all)])
    const s = decodeWav(bytes).samples
    // 0x80..0xFF positive, decreasing in magnitude; 0x00..0x7F negative, mirroring them.
    for (let i = 0x80; i < 0xff; i++) expect(s[i]!).toBeGreaterThan(s[i + 1]!)
    for (let i = 0; i < 0x80; i++) expect(s[i]! + s[i + 0x80]!).toBe(0)
    for (const v of s) expect(Math.abs(v)).toBeLessThanOrEqual(1)
  })

  it('decodes G.711 A-law (format 6)', () => {
    const bytes = riff([chunk('fmt ', fmtBody(6, 1, 8000, 8)), chunk('data', new Uint8Array([0xd5, 0x55, 0xaa, 0x2a, 0xc5, 0xd4]))])
    const samples = Array.from(decodeWav(bytes).samples)
    // Reference values from the ITU-T G.711 A-law expansion (16-bit linear).
    expect(samples).toEqual([8, -8, 32256, -32256, 264, 24].map((v) => Math.fround(v / 32768)))
  })

  it('A-law decoding is monotonic within a sign and symmetric', () => {
    const all = new Uint8Array(256).map((_, i) => i)
    const bytes = riff([chunk('fmt ', fmtBody(6, 1, 8000, 8)), chunk('data', all)])
    const s = decodeWav(bytes).samples
    // Codes with the sign bit are positive; their magnitude grows with the de-XORed low 7 bits.
    const positive = Array.from({ length: 128 }, (_, i) => (i ^ 0x55) | 0x80)
    for (let i = 0; i + 1 < positive.length; i++) expect(s[positive[i + 1]!]!).toBeGreaterThan(s[positive[i]!]!)
    for (let i = 0; i < 0x80; i++) expect(s[i]! + s[i | 0x80]!).toBe(0)
  })

  // Made by sox (a sweep at full scale, one at -30 dB, noise at -54 dB, 0.4 s at 8 kHz):
  // `sox source.wav -e a-law alaw.wav`, then `sox alaw.wav -e signed-integer -b 16
  // alaw-sox-decoded.wav`; the same with mu-law. The header is sox's own (an 18-byte fmt, a fact chunk).
  it.each(['alaw', 'mulaw'])('decodes G.711 %s as sox does, to the sample', (name) => {
    const fixture = (file: string) => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../fixtures/g711', file)))
    const coded = decodeWav(fixture(`${name}.wav`))
    const reference = decodeWav(fixture(`${name}-sox-decoded.wav`))
    expect(coded.info).toMatchObject({ format: name === 'alaw' ? 6 : 7, bitsPerSample: 8, sampleRate: 8000 })
    expect(coded.samples.length).toBe(3200)
    expect(Array.from(coded.samples)).toEqual(Array.from(reference.samples))
    // Every segment of the code is crossed: loud, soft and nearly silent samples.
    const levels = Array.from(reference.samples, Math.abs)
    expect(Math.max(...levels)).toBeGreaterThan(0.9)
    expect(levels.filter((v) => v > 0 && v < 0.01).length).toBeGreaterThan(500)
  })

  it('gives one 16-bit table per 8-bit encoding, and none for the others', () => {
    expect(byteSampleTable(6, 8)?.[0xd5]).toBe(8)
    expect(byteSampleTable(7, 8)?.[0x80]).toBe(32124)
    expect(byteSampleTable(1, 8)?.[0]).toBe(-32768)
    expect(byteSampleTable(6, 8)).toBe(byteSampleTable(6, 8))
    expect(byteSampleTable(1, 16)).toBeNull()
    expect(byteSampleTable(7, 16)).toBeNull()
    expect(byteSampleTable(3, 8)).toBeNull()
  })

  it.each<[string, number, number]>([
    ['24-bit PCM', 1, 24],
    ['32-bit float', 3, 32],
    ['16-bit μ-law', 7, 16],
    ['ADPCM', 2, 4],
    ['GSM 6.10', 0x31, 8],
  ])('refuses %s as unsupported', (_label, format, bits) => {
    const bytes = riff([chunk('fmt ', fmtBody(format, 1, 8000, bits)), chunk('data', new Uint8Array(64))])
    expect(() => decodeWav(bytes)).toThrow(WavFormatError)
    expect(() => decodeWav(bytes)).toThrow(/unsupported encoding/)
  })

  it('refuses an extensible file whose sub-format is float', () => {
    const bytes = riff([chunk('fmt ', extensibleFmtBody(3, 1, 8000, 32)), chunk('data', new Uint8Array(8))])
    expect(() => decodeWav(bytes)).toThrow(/unsupported encoding \(format 3, 32-bit\)/)
  })

  it('decodes an empty data chunk to no samples', () => {
    const bytes = riff([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', new Uint8Array(0))])
    const { info, samples } = decodeWav(bytes)
    expect(info.durationSec).toBe(0)
    expect(samples.length).toBe(0)
  })
})

describe('computePeaks', () => {
  it('returns count zeros for no samples', () => {
    expect(computePeaks(new Float32Array(0), 5)).toEqual([0, 0, 0, 0, 0])
  })

  it('takes the peak absolute value of each equal slice', () => {
    const samples = new Float32Array([0.1, -0.4, 0.2, 0.3, 0, -0.9, 0.5, 0.25])
    expect(computePeaks(samples, 4)).toEqual([0.4, 0.3, 0.9, 0.5])
    expect(computePeaks(samples, 2)).toEqual([0.4, 0.9])
    expect(computePeaks(samples, 1)).toEqual([0.9])
  })

  it('covers every sample when the count does not divide the length', () => {
    const samples = new Float32Array(10)
    samples[9] = -0.75
    samples[0] = 0.5
    const peaks = computePeaks(samples, 3)
    expect(peaks).toHaveLength(3)
    expect(peaks[0]).toBe(0.5)
    expect(peaks[2]).toBe(0.75)
  })

  it('gives a value for every bucket when there are fewer samples than buckets', () => {
    const peaks = computePeaks(new Float32Array([0.5, -1]), 6)
    expect(peaks).toHaveLength(6)
    expect(peaks.slice(0, 3)).toEqual([0.5, 0.5, 0.5])
    expect(peaks.slice(3)).toEqual([1, 1, 1])
  })

  it('clamps to 1 and rounds to three decimals', () => {
    expect(computePeaks(new Float32Array([1.5, -2]), 2)).toEqual([1, 1])
    expect(computePeaks(new Float32Array([0.12345, 0.98765]), 2)).toEqual([0.123, 0.988])
  })

  it('shows silence then a 0.5 tone', () => {
    const rate = 8000
    const samples = new Float32Array(rate * 2)
    for (let i = rate; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate)
    const peaks = computePeaks(samples, 100)
    for (const p of peaks.slice(0, 50)) expect(p).toBe(0)
    for (const p of peaks.slice(50)) expect(p).toBeCloseTo(0.5, 1)
  })
})
