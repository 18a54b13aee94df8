// Builds the held-out alignment set in .cache/heldout/: telephone-like two-track recordings of
// made-up calls, rendered with espeak-ng (Mandarin, voices and speeds the simulator never uses)
// and sox, with known turn times. It exists to check the alignment engine on audio it was not
// tuned on: other scripts, other layout rules, other noise, echo paths, level mismatches, 16 kHz
// files. Never tune the engine against it.
//   npx tsx scripts/make-heldout-set.ts [--out .cache/heldout] [--calls 48]
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { splitAtPauses } from '../shared/pause-marker'
import { encodeWav16 } from '../electron/main/services/audio/wav'
import { createRng } from '../electron/simulator'

const run = promisify(execFile)
const RATE = 8000
export const HELDOUT_DIR = '.cache/heldout'
export const HELDOUT_MANIFEST = 'manifest.json'
const VERSION = 1

export interface HeldoutCall {
  name: string
  full: string
  customer: string | null
  utterances: { callDetailId: number; type: 'ROBOT' | 'PERSON'; text: string }[]
  truth: { callDetailId: number; start: number; end: number }[]
}

export interface HeldoutManifest {
  version: number
  calls: HeldoutCall[]
}

const ROBOT_VOICES = [
  { voice: 'cmn-latn-pinyin+f5', speed: 172, pitch: 45 },
  { voice: 'cmn-latn-pinyin+Annie', speed: 210, pitch: 60 },
  { voice: 'cmn-latn-pinyin+m1', speed: 185, pitch: 50 },
]
const CUSTOMER_VOICES = [
  { voice: 'cmn-latn-pinyin+m2', speed: 150, pitch: 35 },
  { voice: 'cmn-latn-pinyin+m5', speed: 225, pitch: 45 },
  { voice: 'cmn-latn-pinyin+m6', speed: 140, pitch: 30 },
  { voice: 'cmn-latn-pinyin+Andrea', speed: 190, pitch: 70 },
  { voice: 'cmn-latn-pinyin+Linda', speed: 235, pitch: 55 },
  { voice: 'cmn-latn-pinyin+Jacky', speed: 165, pitch: 40 },
]

// A car-insurance renewal and an online-course script: nothing shared with the simulator's lines.
const SCRIPTS = [
  {
    opening: ['您好，我是安泰车险的续保专员小周，（停顿1s）请问是车主本人吗？', '喂，您好，这边是安泰车险，您的保单下个月就到期了。'],
    steps: [
      '今年续保可以享受八五折优惠，还送一次免费洗车和道路救援服务。',
      '您只需要在我们的公众号上填写行驶证信息，十分钟就能出保单。',
      '如果今天办理，还能额外领取一百元加油卡，（停顿2s）您看需要我帮您登记一下吗？',
    ],
    closing: ['好的，那我稍后把链接发到您手机上，祝您用车愉快，再见。', '好的，不打扰您了，有需要随时联系我们，再见。'],
  },
  {
    opening: ['同学您好，这里是智学网校的课程顾问，（停顿1s）耽误您两分钟可以吗？', '您好，我是智学网校的老师，之前您在我们平台领过试听课。'],
    steps: [
      '我们这期的英语口语班是外教一对一，每周三节课，时间可以自己约。',
      '现在报名送三个月的会员，还有教材包邮到家，名额只剩最后十个了。',
      '课程不满意的话七天之内可以无理由退款，（停顿1s）您这边有兴趣先体验一下吗？',
    ],
    closing: ['好的，我把课程介绍发到您的微信上，您有空看一下，再见。', '好的，那就不打扰您了，祝您学习顺利，再见。'],
  },
]
const REPLIES = ['嗯，是我。', '你说吧。', '多少钱啊？', '这个要怎么弄？', '我现在在开车，不太方便。', '可以，你发给我看看。', '不需要了，谢谢。', '上次不是说过了吗？', '好的好的。', '你们怎么知道我电话的？', '那我考虑一下吧。', '行，就这样。']
const BACKCHANNEL = '嗯'

async function renderSpeech(voice: (typeof ROBOT_VOICES)[number], text: string, work: string, key: string): Promise<Float32Array> {
  const wav = join(work, `${key}.wav`)
  const raw = join(work, `${key}.raw`)
  await run('espeak-ng', ['-v', voice.voice, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', wav, text])
  await run('sox', [
    '-D', wav, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(RATE), raw,
    'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse',
    'sinc', '300-3400', 'rate', String(RATE), 'norm', '-4',
  ])
  const bytes = readFileSync(raw)
  const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2))
  return Float32Array.from(pcm, (v) => v / 32768)
}

async function renderLine(voice: (typeof ROBOT_VOICES)[number], text: string, work: string, cache: Map<string, Float32Array>): Promise<Float32Array> {
  const key = `${voice.voice}|${voice.speed}|${text}`
  const known = cache.get(key)
  if (known) return known
  const parts: Float32Array[] = []
  for (const part of splitAtPauses(text)) {
    if (part.kind === 'pause') parts.push(new Float32Array(Math.round(part.seconds * RATE)))
    else parts.push(await renderSpeech(voice, part.text, work, String(cache.size) + '-' + parts.length))
  }
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  cache.set(key, out)
  return out
}

async function noiseBed(kind: string, seconds: number, work: string, seed: number): Promise<Float32Array> {
  const raw = join(work, `noise-${kind}-${seed}.raw`)
  await run('sox', ['-R', '-n', '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(RATE), raw, 'synth', String(seconds), kind, 'sinc', '300-3400', 'norm', '-10'])
  const bytes = readFileSync(raw)
  const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2))
  const out = Float32Array.from(pcm, (v) => v / 32768)
  // Normalise to unit RMS so levels below are true RMS levels.
  let sum = 0
  for (const v of out) sum += v * v
  const rms = Math.sqrt(sum / Math.max(1, out.length)) || 1
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / rms
  return out
}


async function writeTrack(path: string, samples: Float32Array, rate: number, work: string): Promise<void> {
  if (rate === RATE) return writeFileSync(path, encodeWav16(samples, RATE))
  const tmp = join(work, 'up.wav')
  writeFileSync(tmp, encodeWav16(samples, RATE))
  await run('sox', ['-D', tmp, '-r', String(rate), '-b', '16', path, 'rate', String(rate)])
}

interface Placed {
  type: 'ROBOT' | 'PERSON' | 'EXTRA'
  text: string
  audio: Float32Array
  start: number
  length: number
}

async function makeCall(n: number, out: string, work: string, cache: Map<string, Float32Array>): Promise<HeldoutCall> {
  const rng = createRng(0x5eed0000 + n * 7919)
  const script = rng.pick(SCRIPTS)
  const robotVoice = rng.pick(ROBOT_VOICES)
  const customerVoice = rng.pick(CUSTOMER_VOICES)
  const lines: { type: 'ROBOT' | 'PERSON'; text: string }[] = [{ type: 'ROBOT', text: rng.pick(script.opening) }]
  for (const step of script.steps) {
    if (rng.chance(0.85)) lines.push({ type: 'PERSON', text: rng.pick(REPLIES) })
    if (rng.chance(0.15)) lines.push({ type: 'PERSON', text: rng.pick(REPLIES) })
    lines.push({ type: 'ROBOT', text: step })
    if (rng.chance(0.2)) lines.push({ type: 'ROBOT', text: rng.pick(script.steps) })
  }
  lines.push({ type: 'PERSON', text: rng.pick(REPLIES) })
  const hangsUp = rng.chance(0.2)
  lines.push({ type: 'ROBOT', text: rng.pick(script.closing) })

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

/** The held-out set, generated first when missing or stale. */
export async function ensureHeldoutSet(dir = HELDOUT_DIR, calls = 48): Promise<{ dir: string; manifest: HeldoutManifest }> {
  const out = resolve(dir)
  const manifestPath = join(out, HELDOUT_MANIFEST)
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as HeldoutManifest
    if (manifest.version === VERSION && manifest.calls.length === calls) return { dir: out, manifest }
  }
  mkdirSync(out, { recursive: true })
  const work = mkdtempSync(join(tmpdir(), 'heldout-'))
  const cache = new Map<string, Float32Array>()
  try {
    const made: HeldoutCall[] = []
    for (let n = 0; n < calls; n++) made.push(await makeCall(n, out, work, cache))
    const manifest: HeldoutManifest = { version: VERSION, calls: made }
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n')
    return { dir: out, manifest }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (flag: string) => {
    const at = process.argv.indexOf(flag)
    return at > 0 ? process.argv[at + 1] : undefined
  }
  ensureHeldoutSet(arg('--out') ?? HELDOUT_DIR, Number(arg('--calls') ?? 48))
    .then(({ dir, manifest }) => console.log(`${manifest.calls.length} held-out calls in ${dir}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error))
      process.exit(1)
    })
}
