// Reads WAV files: the header, and the samples as mono floats (-1..1). Telephone recordings
// come as 16-bit PCM, or 8-bit μ-law / A-law; anything else is refused with a clear reason.
// Writes the canonical 16-bit PCM mono file the simulator and the test recordings use.
import { endianness } from 'node:os'

export interface WavInfo {
  /** 1 PCM, 6 A-law, 7 μ-law. */
  format: number
  channels: number
  sampleRate: number
  bitsPerSample: number
  dataOffset: number
  dataLength: number
  durationSec: number
}

export class WavFormatError extends Error {
  override name = 'WavFormatError'
}

const FORMAT_PCM = 1
const FORMAT_ALAW = 6
const FORMAT_MULAW = 7
const FORMAT_EXTENSIBLE = 0xfffe

export function readWavInfo(bytes: Uint8Array): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavFormatError('not a RIFF/WAVE file')

  let fmt: Omit<WavInfo, 'dataOffset' | 'dataLength' | 'durationSec'> | undefined
  let offset = 12
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset)
    const size = view.getUint32(offset + 4, true)
    const body = offset + 8
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength) throw new WavFormatError('fmt chunk too short')
      let format = view.getUint16(body, true)
      if (format === FORMAT_EXTENSIBLE) {
        if (size < 26 || body + 26 > bytes.byteLength) throw new WavFormatError('extensible fmt chunk cut off')
        format = view.getUint16(body + 24, true)
      }
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      }
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError('data chunk before fmt chunk')
      // Streamed recordings may leave the size at 0 or 0xFFFFFFFF: take what the file holds.
      const available = bytes.byteLength - body
      const dataLength = size === 0 || size > available ? available : size
      const bytesPerSecond = fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8)
      if (!bytesPerSecond) throw new WavFormatError('invalid fmt chunk')
      return { ...fmt, dataOffset: body, dataLength, durationSec: dataLength / bytesPerSecond }
    }
    offset = body + size + (size % 2)
  }
  throw new WavFormatError(fmt ? 'no data chunk' : 'no fmt chunk')
}

function muLawToLinear(byte: number): number {
  const u = ~byte & 0xff
  const sign = u & 0x80
  const exponent = (u >> 4) & 0x07
  const mantissa = u & 0x0f
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
  return sign ? -magnitude : magnitude
}

function aLawToLinear(byte: number): number {
  const a = byte ^ 0x55
  const sign = a & 0x80
  const exponent = (a >> 4) & 0x07
  const mantissa = a & 0x0f
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1)
  return sign ? magnitude : -magnitude
}

const byteTables = new Map<number, Int16Array>()

/**
 * The 16-bit linear value of every byte of an 8-bit encoding (PCM, G.711 μ-law or A-law: every
 * code expands into 16 bits), or null for any other encoding. One lookup per sample, and the
 * alignment engine keeps such a recording as 16-bit samples.
 */
export function byteSampleTable(format: number, bitsPerSample: number): Int16Array | null {
  if (bitsPerSample !== 8 || (format !== FORMAT_PCM && format !== FORMAT_MULAW && format !== FORMAT_ALAW)) return null
  let table = byteTables.get(format)
  if (!table) {
    const expand = format === FORMAT_MULAW ? muLawToLinear : format === FORMAT_ALAW ? aLawToLinear : (b: number) => (b - 128) << 8
    table = Int16Array.from({ length: 256 }, (_, b) => expand(b))
    byteTables.set(format, table)
  }
  return table
}

/** Mono samples in -1..1; multi-channel files are averaged. */
export function decodeWav(bytes: Uint8Array): { info: WavInfo; samples: Float32Array } {
  const info = readWavInfo(bytes)
  const { format, channels, bitsPerSample, dataOffset, dataLength } = info
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, dataLength)
  let read: (index: number) => number
  let width: number
  const table = byteSampleTable(format, bitsPerSample)
  if (format === FORMAT_PCM && bitsPerSample === 16) {
    width = 2
    read = (i) => view.getInt16(i, true) / 32768
  } else if (table) {
    width = 1
    read = (i) => (table[view.getUint8(i)] as number) / 32768
  } else {
    throw new WavFormatError(`unsupported encoding (format ${format}, ${bitsPerSample}-bit)`)
  }
  const frames = Math.floor(dataLength / (width * channels))
  const samples = new Float32Array(frames)
  for (let f = 0; f < frames; f++) {
    let sum = 0
    for (let c = 0; c < channels; c++) sum += read((f * channels + c) * width)
    samples[f] = sum / channels
  }
  return { info, samples }
}

/** `count` peak amplitudes (0..1), one per equal slice of the recording. */
export function computePeaks(samples: Float32Array, count: number): number[] {
  const peaks = new Array<number>(count).fill(0)
  if (samples.length === 0) return peaks
  const per = samples.length / count
  for (let b = 0; b < count; b++) {
    const start = Math.floor(b * per)
    const end = Math.max(start + 1, Math.floor((b + 1) * per))
    let max = 0
    for (let i = start; i < end && i < samples.length; i++) {
      const v = Math.abs(samples[i] as number)
      if (v > max) max = v
    }
    peaks[b] = Math.round(Math.min(1, max) * 1000) / 1000
  }
  return peaks
}

export const WAV_HEADER_BYTES = 44
const LITTLE_ENDIAN = endianness() === 'LE'

/** A canonical 44-byte-header PCM WAV, 16-bit, mono (or `channels` interleaved in `samples`). */
export function encodeWav16(samples: Float32Array, sampleRate: number, channels = 1): Buffer {
  // Every byte is written below; a buffer of its own keeps the PCM view aligned.
  const buffer = Buffer.allocUnsafeSlow(WAV_HEADER_BYTES + samples.length * 2)
  buffer.write('RIFF', 0, 'ascii')
  buffer.writeUInt32LE(36 + samples.length * 2, 4)
  buffer.write('WAVE', 8, 'ascii')
  buffer.write('fmt ', 12, 'ascii')
  buffer.writeUInt32LE(16, 16)
  buffer.writeUInt16LE(1, 20)
  buffer.writeUInt16LE(channels, 22)
  buffer.writeUInt32LE(sampleRate, 24)
  buffer.writeUInt32LE(sampleRate * 2 * channels, 28)
  buffer.writeUInt16LE(2 * channels, 32)
  buffer.writeUInt16LE(16, 34)
  buffer.write('data', 36, 'ascii')
  buffer.writeUInt32LE(samples.length * 2, 40)
  if (LITTLE_ENDIAN && buffer.byteOffset % 2 === 0) {
    const pcm = new Int16Array(buffer.buffer, buffer.byteOffset + WAV_HEADER_BYTES, samples.length)
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i] as number
      pcm[i] = s >= 1 ? 32767 : s <= -1 ? -32767 : Math.round(s * 32767)
    }
  } else {
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i] as number))
      buffer.writeInt16LE(Math.round(s * 32767), WAV_HEADER_BYTES + i * 2)
    }
  }
  return buffer
}
