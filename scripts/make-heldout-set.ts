// Builds the held-out alignment sets: telephone-like two-track recordings of made-up calls,
// rendered with espeak-ng (Mandarin, voices and speeds the simulator never uses) and sox, with
// known turn times. They exist to check the alignment engine on audio it was not tuned on.
// - clean (.cache/heldout/): other scripts, other layout rules, other noise, echo paths, level
//   mismatches, 16 kHz files.
// - line (.cache/heldout-line/): the same kind of calls with what real telephone lines carry
//   (ring-back and hold music, long silences, babble, AGC, one-track calls, untranscribed speech,
//   merged and dropped turns, strong echo, GSM, clipping, robot speed; scripts/heldout/), each
//   call's conditions in the manifest, and turns with no audio of their own marked as such.
// Never tune the engine against them: tune on a development set made from another seed
// (`--set line --seed 7 --out .cache/dev-line`, `--set clean --seed 7 --out .cache/dev-clean`),
// which draws the same conditions on other calls.
//   npx tsx scripts/make-heldout-set.ts [--set clean|line] [--out DIR] [--calls N] [--seed N]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRng } from '../electron/simulator'
import { BABBLE_TEXTS, BABBLE_VOICES, makeLineCall, type TruthKind } from './heldout/line-call'
import type { LineCondition } from './heldout/line-conditions'
import { BACKCHANNEL, CUSTOMER_VOICES, noiseBed, RATE, renderLine, ROBOT_VOICES, run, SCRIPTS, scriptLines, writeTrack } from './heldout/render'
import { parseFlags } from './lib/args'

export const HELDOUT_MANIFEST = 'manifest.json'
export type HeldoutSetName = 'clean' | 'line'
/** Where each set lives, how many calls it has, and the seed that makes it (the line set's is held out). */
export const HELDOUT_SETS: Record<HeldoutSetName, { dir: string; calls: number; seed: number; version: number }> = {
  clean: { dir: '.cache/heldout', calls: 48, seed: 0x5eed0000, version: 1 },
  line: { dir: '.cache/heldout-line', calls: 104, seed: 0x11e50000, version: 1 },
}

export interface HeldoutCall {
  name: string
  full: string
  customer: string | null
  /** The line set's conditions this call carries (none in the clean set). */
  conditions?: LineCondition[]
  utterances: { callDetailId: number; type: 'ROBOT' | 'PERSON'; text: string }[]
  /** kind: merged turns and turns with no audio of their own are scored apart (spoken when absent). */
  truth: { callDetailId: number; start: number; end: number; kind?: TruthKind }[]
}

export interface HeldoutManifest {
  version: number
  seed?: number
  calls: HeldoutCall[]
}

interface Placed {
  type: 'ROBOT' | 'PERSON' | 'EXTRA'
  text: string
  audio: Float32Array
  start: number
  length: number
}

/** Call n's random draws in a set made from seed (both sets; the clean set's default is its held-out seed). */
export function heldoutCallRng(seed: number, n: number): ReturnType<typeof createRng> {
  return createRng(seed + n * 7919)
}

/** The set, call count, seed and directory options resolve to: the set's own where not given. */
export function resolveHeldoutOptions(options: HeldoutOptions = {}): { set: HeldoutSetName; calls: number; seed: number; dir: string } {
  const set = options.set ?? 'clean'
  return { set, calls: options.calls ?? HELDOUT_SETS[set].calls, seed: options.seed ?? HELDOUT_SETS[set].seed, dir: resolve(options.dir ?? HELDOUT_SETS[set].dir) }
}

async function makeCall(n: number, seed: number, out: string, work: string, cache: Map<string, Float32Array>): Promise<HeldoutCall> {
  const rng = heldoutCallRng(seed, n)
  const script = rng.pick(SCRIPTS)
  const robotVoice = rng.pick(ROBOT_VOICES)
  const customerVoice = rng.pick(CUSTOMER_VOICES)
  const { lines, hangsUp } = scriptLines(rng, script)

  const sec = (s: number) => Math.round(s * RATE)
  const placed: Placed[] = []
  let cursor = sec(rng.between(0.2, 1.5))
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as (typeof lines)[number]
    const audio = await renderLine(line.type === 'ROBOT' ? robotVoice : customerVoice, line.text, work, cache)
    const previous = placed[placed.length - 1]
    let start = cursor
    if (previous && line.type === 'PERSON' && previous.type === 'ROBOT' && rng.chance(0.18)) {
      // Barge-in: the customer talks over the robot, which stops a moment later.
      start = previous.start + Math.floor(previous.length * rng.between(0.35, 0.8))
      previous.length = Math.min(previous.length, start - previous.start + sec(rng.between(0.2, 0.8)))
    } else if (previous) {
      start = cursor + sec(line.type === previous.type ? rng.between(0.2, 0.9) : rng.between(0.25, 2.2))
    }
    let length = audio.length
    if (hangsUp && i === lines.length - 1) length = Math.floor(length * rng.between(0.3, 0.7))
    placed.push({ type: line.type, text: line.text, audio, start, length })
    cursor = Math.max(...placed.map((p) => p.start + p.length))
  }
  // An untranscribed "嗯" now and then: speech the transcript does not account for.
  if (rng.chance(0.2)) {
    const host = placed.find((p, i) => i > 0 && p.type === 'ROBOT')
    if (host) {
      placed.push({ type: 'EXTRA', text: BACKCHANNEL, audio: await renderLine(customerVoice, BACKCHANNEL, work, cache), start: host.start + Math.floor(host.length * 0.5), length: sec(0.3) })
    }
  }
  const total = cursor + (hangsUp ? sec(rng.between(0.02, 0.1)) : sec(rng.between(0.3, 1.2)))

  const noiseDb = rng.pick([-62, -50, -42, -36])
  const noiseKind = rng.pick(['pinknoise', 'whitenoise', 'brownnoise'])
  const quiet = rng.chance(0.2)
  const customerGain = quiet ? Math.pow(10, rng.between(-18, -12) / 20) : rng.between(0.6, 1)
  const robotGain = rng.between(0.6, 0.9)
  const echoGain = Math.pow(10, rng.between(-32, -22) / 20)
  const echoDelay = sec(rng.between(0.02, 0.12))
  const trackMismatch = rng.between(0.8, 1.25)
  const noise = await noiseBed(noiseKind, total / RATE + 1, work, n)
  const full = new Float32Array(total)
  const customer = new Float32Array(total)
  const noiseAmp = Math.pow(10, noiseDb / 20)
  const offset = Math.floor(noise.length / 3)
  const customerNoise = noiseAmp * rng.between(0.6, 0.8)
  for (let i = 0; i < total; i++) {
    full[i] = (noise[i] as number) * noiseAmp
    customer[i] = (noise[(i + offset) % noise.length] as number) * customerNoise
  }
  const fade = sec(0.005)
  for (const p of placed) {
    for (let k = 0; k < p.length && p.start + k < total; k++) {
      const edge = Math.min(1, k / fade, (p.length - 1 - k) / fade)
      const v = (p.audio[k] as number) * edge
      if (p.type === 'ROBOT') {
        full[p.start + k] = (full[p.start + k] as number) + v * robotGain
        if (p.start + k + echoDelay < total) customer[p.start + k + echoDelay] = (customer[p.start + k + echoDelay] as number) + v * robotGain * echoGain
      } else {
        full[p.start + k] = (full[p.start + k] as number) + v * customerGain
        customer[p.start + k] = (customer[p.start + k] as number) + v * customerGain * trackMismatch
      }
    }
  }
  const rate = rng.chance(0.2) ? 16000 : RATE
  const hasCustomer = rng.chance(0.85)
  const name = `heldout-${String(n).padStart(3, '0')}`
  await writeTrack(join(out, `${name}-full.wav`), full, rate, work)
  if (hasCustomer) await writeTrack(join(out, `${name}-customer.wav`), customer, rate, work)
  const spoken = placed.filter((p) => p.type !== 'EXTRA')
  return {
    name,
    full: `${name}-full.wav`,
    customer: hasCustomer ? `${name}-customer.wav` : null,
    utterances: spoken.map((p, i) => ({ callDetailId: 1000 * n + i, type: p.type as 'ROBOT' | 'PERSON', text: p.text })),
    truth: spoken.map((p, i) => ({ callDetailId: 1000 * n + i, start: p.start / RATE, end: (p.start + p.length) / RATE })),
  }
}

export async function toolsAvailable(): Promise<boolean> {
  try {
    await run('espeak-ng', ['--version'])
    await run('sox', ['--version'])
    return true
  } catch {
    return false
  }
}

async function renderBabbleClips(work: string, cache: Map<string, Float32Array>): Promise<Float32Array[]> {
  const clips: Float32Array[] = []
  for (const voice of BABBLE_VOICES) for (const text of BABBLE_TEXTS) clips.push(await renderLine(voice, text, work, cache))
  return clips
}

export interface HeldoutOptions {
  set?: HeldoutSetName
  dir?: string
  calls?: number
  seed?: number
}

/** A held-out set, generated first when missing or stale. */
export async function ensureHeldoutSet(options: HeldoutOptions = {}): Promise<{ dir: string; manifest: HeldoutManifest }> {
  const { set, calls, seed, dir: out } = resolveHeldoutOptions(options)
  const { version } = HELDOUT_SETS[set]
  const manifestPath = join(out, HELDOUT_MANIFEST)
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as HeldoutManifest
    const sameSeed = set === 'clean' ? manifest.seed === undefined || manifest.seed === seed : manifest.seed === seed
    if (manifest.version === version && manifest.calls.length === calls && sameSeed) return { dir: out, manifest }
  }
  mkdirSync(out, { recursive: true })
  const work = mkdtempSync(join(tmpdir(), 'heldout-'))
  const cache = new Map<string, Float32Array>()
  try {
    const made: HeldoutCall[] = []
    if (set === 'clean') {
      for (let n = 0; n < calls; n++) made.push(await makeCall(n, seed, out, work, cache))
    } else {
      const babbleClips = await renderBabbleClips(work, cache)
      for (let n = 0; n < calls; n++) made.push(await makeLineCall(n, seed, { out, work, cache, babbleClips }))
    }
    const manifest: HeldoutManifest = { version, seed, calls: made }
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n')
    return { dir: out, manifest }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { flags } = parseFlags(process.argv.slice(2), ['set', 'out', 'calls', 'seed'])
  const set = flags.set ?? 'clean'
  if (set !== 'clean' && set !== 'line') {
    console.error(`--set is clean or line, not ${set}`)
    process.exit(1)
  }
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value))
  ensureHeldoutSet({ set, dir: flags.out, calls: number(flags.calls), seed: number(flags.seed) })
    .then(({ dir, manifest }) => console.log(`${manifest.calls.length} held-out calls in ${dir}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error))
      process.exit(1)
    })
}
