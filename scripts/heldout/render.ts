// What the held-out sets are made of (scripts/make-heldout-set.ts): espeak-ng voices and scripts the
// simulator never uses, speech rendered to the telephone band, noise beds, and tracks written out.
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { splitAtPauses } from '../../shared/pause-marker'
import type { Rng } from '../../electron/simulator'
import { encodeWav16 } from '../../electron/main/services/wav'

export const run = promisify(execFile)
export const RATE = 8000

export interface Voice {
  voice: string
  speed: number
  pitch: number
}

export const ROBOT_VOICES = [
  { voice: 'cmn-latn-pinyin+f5', speed: 172, pitch: 45 },
  { voice: 'cmn-latn-pinyin+Annie', speed: 210, pitch: 60 },
  { voice: 'cmn-latn-pinyin+m1', speed: 185, pitch: 50 },
]
export const CUSTOMER_VOICES = [
  { voice: 'cmn-latn-pinyin+m2', speed: 150, pitch: 35 },
  { voice: 'cmn-latn-pinyin+m5', speed: 225, pitch: 45 },
  { voice: 'cmn-latn-pinyin+m6', speed: 140, pitch: 30 },
  { voice: 'cmn-latn-pinyin+Andrea', speed: 190, pitch: 70 },
  { voice: 'cmn-latn-pinyin+Linda', speed: 235, pitch: 55 },
  { voice: 'cmn-latn-pinyin+Jacky', speed: 165, pitch: 40 },
]

// A car-insurance renewal and an online-course script: nothing shared with the simulator's lines.
export const SCRIPTS = [
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
export const REPLIES = ['嗯，是我。', '你说吧。', '多少钱啊？', '这个要怎么弄？', '我现在在开车，不太方便。', '可以，你发给我看看。', '不需要了，谢谢。', '上次不是说过了吗？', '好的好的。', '你们怎么知道我电话的？', '那我考虑一下吧。', '行，就这样。']
export const BACKCHANNEL = '嗯'

async function renderSpeech(voice: Voice, text: string, work: string, key: string): Promise<Float32Array> {
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

export async function renderLine(voice: Voice, text: string, work: string, cache: Map<string, Float32Array>): Promise<Float32Array> {
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

export async function noiseBed(kind: string, seconds: number, work: string, seed: number): Promise<Float32Array> {
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

export async function writeTrack(path: string, samples: Float32Array, rate: number, work: string): Promise<void> {
  if (rate === RATE) return writeFileSync(path, encodeWav16(samples, RATE))
  const tmp = join(work, 'up.wav')
  writeFileSync(tmp, encodeWav16(samples, RATE))
  await run('sox', ['-D', tmp, '-r', String(rate), '-b', '16', path, 'rate', String(rate)])
}

/**
 * A call's lines as the script runs: the opening, each step with the customer's replies around
 * it, the closing, and whether the customer hangs up first. The random draws come in one fixed
 * order, so a seed gives the same call in every set built on it.
 */
export function scriptLines(rng: Rng, script: (typeof SCRIPTS)[number]): { lines: { type: 'ROBOT' | 'PERSON'; text: string }[]; hangsUp: boolean } {
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
  return { lines, hangsUp }
}
