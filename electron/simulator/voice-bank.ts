// The rendered voice clips (resources/voice/): an index of what each clip says and where it
// lies, and one μ-law WAV holding all clips back to back. The index is read at start (the data
// set needs every clip's length); the audio only when the first recording is asked for, and
// it stays μ-law in memory: the assembler decodes while mixing.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const VOICE_SAMPLE_RATE = 8000
export const VOICE_INDEX_FILE = 'index.json'

export interface VoiceClipEntry {
  voice: string
  text: string
  /** Position in the bank's samples. */
  offset: number
  samples: number
}

export interface VoiceIndex {
  version: 1
  sampleRate: number
  encoding: 'mulaw'
  /** The bank file beside the index. */
  file: string
  clips: Record<string, VoiceClipEntry>
}

export interface VoiceClip extends VoiceClipEntry {
  id: string
}

export interface VoiceBank {
  readonly dir: string
  /** The clip of this text in this voice; throws when the bank lacks it. */
  clip(voice: string, text: string): VoiceClip
  /** All samples of the bank as μ-law bytes (decode with MU_LAW_TABLE), read on first use. */
  muLaw(): Uint8Array
}

/** Stable id of a clip: the same text in the same voice always gets the same id. */
export function clipIdOf(voice: string, text: string): string {
  return `${voice}-${createHash('sha1').update(`${voice}\n${text}`, 'utf8').digest('hex').slice(0, 10)}`
}

export class VoiceBankError extends Error {
  override name = 'VoiceBankError'
}

export function loadVoiceBank(dir: string): VoiceBank {
  const index = JSON.parse(readFileSync(join(dir, VOICE_INDEX_FILE), 'utf8')) as VoiceIndex
  if (index.version !== 1 || index.encoding !== 'mulaw' || index.sampleRate !== VOICE_SAMPLE_RATE) {
    throw new VoiceBankError(`unsupported voice bank in ${dir}`)
  }
  // Looked up by voice and text thousands of times while the data set is built: no hashing there.
  const byVoiceAndText = new Map<string, VoiceClip>()
  for (const [id, entry] of Object.entries(index.clips)) byVoiceAndText.set(`${entry.voice}\n${entry.text}`, { id, ...entry })
  let muLaw: Uint8Array | undefined
  return {
    dir,
    clip(voice, text) {
      const clip = byVoiceAndText.get(`${voice}\n${text}`)
      if (!clip) {
        throw new VoiceBankError(`voice bank has no clip for ${voice} "${text}": run \`npx tsx scripts/render-voices.ts\``)
      }
      return clip
    },
    muLaw() {
      muLaw ??= muLawData(readFileSync(join(dir, index.file)))
      return muLaw
    },
  }
}

/** μ-law byte → sample in -1..1. */
export const MU_LAW_TABLE = (() => {
  const table = new Float32Array(256)
  for (let byte = 0; byte < 256; byte++) {
    const u = ~byte & 0xff
    const exponent = (u >> 4) & 0x07
    const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84
    table[byte] = ((u & 0x80) ? -magnitude : magnitude) / 32768
  }
  return table
})()

/** The data chunk of an 8-bit μ-law WAV (what render-voices writes). */
export function muLawData(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new VoiceBankError('voice bank is not a WAV file')
  let offset = 12
  let format = 0
  while (offset + 8 <= bytes.byteLength) {
    const size = view.getUint32(offset + 4, true)
    if (tag(offset) === 'fmt ') format = view.getUint16(offset + 8, true)
    if (tag(offset) === 'data') {
      if (format !== 7) throw new VoiceBankError('voice bank is not μ-law')
      return bytes.subarray(offset + 8, Math.min(bytes.byteLength, offset + 8 + size))
    }
    offset += 8 + size + (size % 2)
  }
  throw new VoiceBankError('voice bank has no data chunk')
}
