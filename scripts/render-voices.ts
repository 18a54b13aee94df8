// Renders the voice bank the simulator plays (resources/voice/): every distinct utterance of
// the script library, once per voice, with espeak-ng's Mandarin voice, band-limited to the
// telephone band (300–3400 Hz) and stored as 8 kHz μ-law. Pause markers in robot lines become
// real silence. Run by hand after changing the script library or the voices:
//   npx tsx scripts/render-voices.ts [--out resources/voice]
// Needs espeak-ng and sox on PATH. Output is deterministic (no dither).
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { splitAtPauses } from '../shared/pause-marker'
import { allVoicedTexts, type VoicedText } from '../electron/simulator/script-library'
import {
  clipIdOf,
  VOICE_INDEX_FILE,
  VOICE_SAMPLE_RATE,
  type VoiceIndex,
} from '../electron/simulator/voice-bank'
import { VOICES } from '../electron/simulator/voices'

const run = promisify(execFile)
const BANK_FILE = 'bank.wav'
const MU_LAW_SILENCE = 0xff
const CONCURRENCY = 4

async function renderSpeech(voiceId: string, text: string, work: string, n: number): Promise<Buffer> {
  const voice = VOICES[voiceId]
  if (!voice) throw new Error(`unknown voice ${voiceId}`)
  const wav = join(work, `${n}.wav`)
  const raw = join(work, `${n}.ul`)
  await run('espeak-ng', ['-v', voice.espeakVoice, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', wav, text])
  // Trim espeak's leading and trailing silence so clip bounds are speech bounds, then band-limit.
  await run('sox', [
    '-D', wav,
    '-t', 'raw', '-e', 'u-law', '-b', '8', '-c', '1', '-r', String(VOICE_SAMPLE_RATE), raw,
    'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse',
    'sinc', '300-3400', 'rate', String(VOICE_SAMPLE_RATE), 'norm', '-3',
  ])
  return readFileSync(raw)
}

async function renderClip(item: VoicedText, work: string, n: number): Promise<Buffer> {
  const parts: Buffer[] = []
  let k = 0
  for (const part of splitAtPauses(item.text)) {
    if (part.kind === 'pause') parts.push(Buffer.alloc(Math.round(part.seconds * VOICE_SAMPLE_RATE), MU_LAW_SILENCE))
    else parts.push(await renderSpeech(item.voice, part.text, work, n * 100 + k++))
  }
  return Buffer.concat(parts)
}

function muLawWav(data: Buffer): Buffer {
  const header = Buffer.alloc(58)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(50 + data.length + (data.length % 2), 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(18, 16)
  header.writeUInt16LE(7, 20) // μ-law
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(VOICE_SAMPLE_RATE, 24)
  header.writeUInt32LE(VOICE_SAMPLE_RATE, 28)
  header.writeUInt16LE(1, 32)
  header.writeUInt16LE(8, 34)
  header.writeUInt16LE(0, 36)
  header.write('fact', 38, 'ascii')
  header.writeUInt32LE(4, 42)
  header.writeUInt32LE(data.length, 46)
  header.write('data', 50, 'ascii')
  header.writeUInt32LE(data.length, 54)
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)])
}

async function main() {
  const outIndex = process.argv.indexOf('--out')
  const outDir = resolve(outIndex > 0 ? (process.argv[outIndex + 1] ?? '') : 'resources/voice')
  const items = allVoicedTexts()
  const work = mkdtempSync(join(tmpdir(), 'render-voices-'))
  const clips: Buffer[] = new Array(items.length)
  try {
    let next = 0
    const worker = async () => {
      while (next < items.length) {
        const n = next++
        clips[n] = await renderClip(items[n] as VoicedText, work, n)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }

  const index: VoiceIndex = { version: 1, sampleRate: VOICE_SAMPLE_RATE, encoding: 'mulaw', file: BANK_FILE, clips: {} }
  let offset = 0
  items.forEach((item, n) => {
    const samples = (clips[n] as Buffer).length
    index.clips[clipIdOf(item.voice, item.text)] = { voice: item.voice, text: item.text, offset, samples }
    offset += samples
  })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, BANK_FILE), muLawWav(Buffer.concat(clips)))
  writeFileSync(join(outDir, VOICE_INDEX_FILE), JSON.stringify(index, null, 1) + '\n')
  const seconds = offset / VOICE_SAMPLE_RATE
  console.log(`${items.length} clips, ${seconds.toFixed(1)} s of audio, ${(offset / 1e6).toFixed(2)} MB → ${outDir}`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
