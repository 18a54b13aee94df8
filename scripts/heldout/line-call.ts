// One call of the held-out "line" set: the clean set's kind of call (scripts, voices, barge-ins,
// noise, level mismatches, 16 kHz files) with what real telephone lines add, each call carrying
// the conditions planConditions drew for it and saying so in the manifest. The customer's side
// (speech, babble, noise, echo) goes through the handset's AGC, the GSM codec and clipping as
// its conditions say; ring-back and hold music join it from the network; both tracks are stored
// as A-law, as the platform stores calls.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng } from '../../electron/simulator'
import { activeRms, aLawRoundTrip, applyAgc, babble, clip, echoPath, music, planConditions, ringbackTone, type LineCondition } from './line-conditions'
import { CUSTOMER_VOICES, noiseBed, RATE, renderLine, REPLIES, ROBOT_VOICES, run, SCRIPTS, scriptLines, writeTrack, type Voice } from './render'

export type TruthKind = 'spoken' | 'merged' | 'no-audio'

export interface LineCallFiles {
  name: string
  full: string
  customer: string | null
  conditions: LineCondition[]
  utterances: { callDetailId: number; type: 'ROBOT' | 'PERSON'; text: string }[]
  truth: { callDetailId: number; start: number; end: number; kind: TruthKind }[]
}

/** Speech the transcript does not carry: backchannels, a hello, remarks to someone in the room. */
const UNTRANSCRIBED = ['嗯。', '嗯嗯。', '喂？', '喂，喂？', '哦哦。', '等一下啊。', '你先吃吧，我接个电话。', '什么？听不清。', '谁啊这是。']
const PHANTOM = ['嗯。', '喂？', '好。', '啊？']
/** Talkers in the room: voices neither the customer nor the robot nor the simulator uses. */
export const BABBLE_VOICES: Voice[] = [
  { voice: 'cmn-latn-pinyin+aunty', speed: 175, pitch: 55 },
  { voice: 'cmn-latn-pinyin+m4', speed: 190, pitch: 38 },
  { voice: 'cmn-latn-pinyin+steph', speed: 205, pitch: 66 },
  { voice: 'cmn-latn-pinyin+grandpa', speed: 150, pitch: 30 },
]
export const BABBLE_TEXTS = [
  '今天晚上吃什么，要不要去楼下那家面馆？',
  '这个报表明天上午之前一定要交上去。',
  '你把那个快递拿进来，放在桌子上就行。',
  '周末我们去公园走走吧，天气预报说是晴天。',
  '孩子的作业写完了没有，赶紧让他睡觉。',
  '刚才开会的时候老板又说要加班了。',
  '那边的电梯坏了，我们走楼梯上去。',
  '你看这个价格是不是比上个月便宜了一点？',
]

interface Item {
  type: 'ROBOT' | 'PERSON' | 'EXTRA'
  text: string
  audio: Float32Array
  start: number
  length: number
  kind: TruthKind
}

const sec = (s: number) => Math.round(s * RATE)

/** The parts one after another. */
export function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

async function gsmRoundTrip(samples: Float32Array, work: string, key: string): Promise<Float32Array> {
  const raw = join(work, `${key}.raw`)
  const gsm = join(work, `${key}.gsm`)
  const back = join(work, `${key}-back.raw`)
  writeFileSync(raw, Buffer.from(Int16Array.from(samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768)))).buffer))
  const pcm = ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(RATE)]
  await run('sox', ['-D', ...pcm, raw, '-t', 'gsm', gsm])
  await run('sox', ['-D', '-t', 'gsm', '-r', String(RATE), gsm, ...pcm, back])
  const bytes = readFileSync(back)
  const decoded = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2))
  const out = new Float32Array(samples.length)
  for (let i = 0; i < out.length && i < decoded.length; i++) out[i] = (decoded[i] as number) / 32768
  return out
}

export interface LineCallContext {
  out: string
  work: string
  cache: Map<string, Float32Array>
  babbleClips: Float32Array[]
}

export async function makeLineCall(n: number, seed: number, ctx: LineCallContext): Promise<LineCallFiles> {
  const rng = createRng(seed + n * 7919)
  const conditions = planConditions(n, rng)
  const has = (c: LineCondition) => conditions.includes(c)
  const script = rng.pick(SCRIPTS)
  const baseRobot = rng.pick(ROBOT_VOICES)
  const speedFactor = rng.chance(0.5) ? rng.between(0.65, 0.8) : rng.between(1.25, 1.5)
  const robotVoice = has('robot-speed') ? { ...baseRobot, speed: Math.round(baseRobot.speed * speedFactor) } : baseRobot
  const customerVoice = rng.pick(CUSTOMER_VOICES)
  const render = (type: 'ROBOT' | 'PERSON' | 'EXTRA', text: string) => renderLine(type === 'ROBOT' ? robotVoice : customerVoice, text, ctx.work, ctx.cache)

  const { lines, hangsUp } = scriptLines(rng, script)

  // Which lines the transcript gets wrong, and where the long pauses and music go.
  const personAt = lines.flatMap((l, i) => (l.type === 'PERSON' ? [i] : []))
  const mergedAt = has('merged') ? rng.pick(personAt) : -1
  const mergedTail = rng.pick(REPLIES)
  const mergedPause = rng.between(0.4, 3)
  const droppedAt = has('dropped') ? rng.int(1, lines.length - 1) : -1
  const droppedLine = rng.chance(0.5) ? { type: 'ROBOT' as const, text: rng.pick(script.steps) } : { type: 'PERSON' as const, text: rng.pick(PHANTOM) }
  const silenceBefore = has('long-silence') ? rng.int(1, lines.length - 1) : -1
  const silenceSec = rng.between(10, 25)
  const holdBefore = has('hold-music') ? rng.int(1, lines.length - 1) : -1
  const holdSec = rng.between(5, 15)
  const holdUnder = rng.between(0, 2)
  const ringSec = has('ringback') ? rng.between(4, 15) : 0
  const ringUnder = rng.between(0.3, 3)
  const ringMelody = rng.chance(0.7)

  const placed: Item[] = []
  let cursor = sec(rng.between(0.2, 1.5) + ringSec)
  let holdFrom = -1
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as (typeof lines)[number]
    if (i === droppedAt) placed.push({ ...droppedLine, audio: new Float32Array(0), start: cursor, length: 0, kind: 'no-audio' })
    let audio = await render(line.type, line.text)
    let text = line.text
    let kind: TruthKind = 'spoken'
    if (i === mergedAt) {
      audio = concat([audio, new Float32Array(sec(mergedPause)), await render('PERSON', mergedTail)])
      text = line.text + mergedTail
      kind = 'merged'
    }
    const previous = placed.filter((p) => p.kind !== 'no-audio').at(-1)
    let start: number
    if (i === silenceBefore) cursor += sec(silenceSec)
    if (i === holdBefore) {
      holdFrom = cursor + sec(0.3)
      cursor += sec(holdSec)
    }
    if (previous && i !== silenceBefore && i !== holdBefore && line.type === 'PERSON' && previous.type === 'ROBOT' && rng.chance(0.18)) {
      start = previous.start + Math.floor(previous.length * rng.between(0.35, 0.8))
      previous.length = Math.min(previous.length, start - previous.start + sec(rng.between(0.2, 0.8)))
    } else if (previous) {
      start = cursor + sec(line.type === previous.type ? rng.between(0.2, 0.9) : rng.between(0.25, 2.2))
    } else start = cursor
    let length = audio.length
    if (hangsUp && i === lines.length - 1) length = Math.floor(length * rng.between(0.3, 0.7))
    placed.push({ type: line.type, text, audio, start, length, kind })
    cursor = Math.max(...placed.map((p) => p.start + p.length))
  }
  // The transcript's lines, in its order (a barge-in starts before the line it follows ends).
  const spokenItems = placed.slice()
  if (has('untranscribed')) {
    for (let k = rng.int(1, 3); k > 0; k--) {
      const text = rng.pick(UNTRANSCRIBED)
      const audio = await render('EXTRA', text)
      const host = rng.pick(spokenItems.filter((p) => p.kind !== 'no-audio'))
      // Under a robot line (a backchannel) or in the pause after a line.
      const start = host.type === 'ROBOT' && rng.chance(0.6) ? host.start + Math.floor(host.length * rng.between(0.2, 0.7)) : host.start + host.length + sec(rng.between(0.1, 0.4))
      placed.push({ type: 'EXTRA', text, audio, start, length: audio.length, kind: 'spoken' })
    }
  }
  const total = Math.max(cursor, ...placed.map((p) => p.start + p.length)) + (hangsUp ? sec(rng.between(0.02, 0.1)) : sec(rng.between(0.3, 1.2)))

  // Levels, as in the clean set, then each condition's own.
  const noiseDb = rng.pick([-62, -50, -42, -36])
  const noiseKind = rng.pick(['pinknoise', 'whitenoise', 'brownnoise'])
  const quiet = !has('clipping') && !has('agc') && rng.chance(0.2)
  const customerGain = quiet ? Math.pow(10, rng.between(-18, -12) / 20) : rng.between(0.6, 1)
  const robotGain = rng.between(0.6, 0.9)
  const echoGain = Math.pow(10, (has('echo') ? rng.between(-18, -12) : rng.between(-32, -22)) / 20)
  const echoDelay = sec(rng.between(0.02, has('echo') ? 0.2 : 0.12))
  const trackMismatch = rng.between(0.8, 1.25)
  const noise = await noiseBed(noiseKind, total / RATE + 1, ctx.work, n)
  const noiseAmp = Math.pow(10, noiseDb / 20)
  const offset = Math.floor(noise.length / 3)
  const customerNoise = noiseAmp * rng.between(0.6, 0.8)

  const robot = new Float32Array(total)
  const uplink = new Float32Array(total)
  const fade = sec(0.005)
  for (const p of placed) {
    const target = p.type === 'ROBOT' ? robot : uplink
    const gain = p.type === 'ROBOT' ? robotGain : customerGain
    for (let k = 0; k < p.length && p.start + k < total; k++) {
      const edge = Math.min(1, k / fade, (p.length - 1 - k) / fade)
      target[p.start + k] = (target[p.start + k] as number) + (p.audio[k] as number) * edge * gain
    }
  }
  const customerLevel = customerGain * activeRms(await render('PERSON', REPLIES[0] as string))
  const robotLevel = robotGain * activeRms(await render('ROBOT', script.steps[0] as string))
  const babbleBed = has('babble') ? babble(rng, ctx.babbleClips, total / RATE, rng.int(3, 5)) : null
  const babbleAmp = customerLevel * Math.pow(10, -rng.between(8, 15) / 20)
  const echo = echoPath(robot, echoDelay, echoGain)
  for (let i = 0; i < total; i++) {
    uplink[i] = (uplink[i] as number) + (noise[(i + offset) % noise.length] as number) * customerNoise + (echo[i] as number) + (babbleBed ? (babbleBed[i] as number) * babbleAmp : 0)
  }
  let side: Float32Array = uplink
  if (has('agc')) side = applyAgc(side, { targetRms: rng.between(0.08, 0.15), maxGainDb: rng.between(10, 18), releaseDbPerSec: rng.between(6, 15) })
  if (has('gsm')) side = await gsmRoundTrip(side, ctx.work, `gsm-${n}`)
  if (has('clipping')) side = clip(side, rng.between(6, 12), rng.between(0.35, 0.6))

  // Ring-back and hold music come from the network, on the customer's side of the call.
  const network = new Float32Array(total)
  if (ringSec > 0) {
    const first = placed.find((p) => p.kind !== 'no-audio' && p.type !== 'EXTRA') as Item
    const until = Math.min(total, first.start + sec(ringUnder))
    const tune = ringMelody ? music(rng, until / RATE + 1) : ringbackTone(until / RATE + 1)
    const amp = robotLevel * Math.pow(10, -rng.between(0, 8) / 20)
    for (let i = 0; i < until; i++) network[i] = (tune[i] as number) * amp * Math.min(1, (until - i) / sec(0.05))
  }
  if (holdFrom >= 0) {
    const next = placed.filter((p) => p.start >= holdFrom && p.kind !== 'no-audio').sort((a, b) => a.start - b.start)[0]
    const until = Math.min(total, (next ? next.start : total) + sec(holdUnder))
    const tune = music(rng, (until - holdFrom) / RATE + 1)
    const amp = customerLevel * Math.pow(10, -rng.between(3, 10) / 20)
    for (let i = holdFrom; i < until; i++) network[i] = (tune[i - holdFrom] as number) * amp * Math.min(1, (until - i) / sec(0.05), (i - holdFrom) / sec(0.05))
  }

  const full = new Float32Array(total)
  const customer = new Float32Array(total)
  for (let i = 0; i < total; i++) {
    const fromCustomer = (side[i] as number) + (network[i] as number)
    full[i] = (noise[i] as number) * noiseAmp + (robot[i] as number) + fromCustomer
    customer[i] = fromCustomer * trackMismatch
  }
  const rate = rng.chance(0.2) ? 16000 : RATE
  const hasCustomer = !has('one-track')
  const name = `line-${String(n).padStart(3, '0')}`
  await writeTrack(join(ctx.out, `${name}-full.wav`), aLawRoundTrip(full), rate, ctx.work)
  if (hasCustomer) await writeTrack(join(ctx.out, `${name}-customer.wav`), aLawRoundTrip(customer), rate, ctx.work)

  const transcript = spokenItems
  const truth = transcript.map((p, i) => {
    if (p.kind !== 'no-audio') return { callDetailId: 1000 * n + i, start: p.start / RATE, end: (p.start + p.length) / RATE, kind: p.kind }
    // A turn with no audio of its own sits in the pause its neighbours leave.
    const before = transcript.slice(0, i).filter((q) => q.kind !== 'no-audio').at(-1)
    const after = transcript.slice(i + 1).find((q) => q.kind !== 'no-audio')
    const from = before ? before.start + before.length : 0
    return { callDetailId: 1000 * n + i, start: from / RATE, end: Math.max(from, after ? after.start : total) / RATE, kind: p.kind }
  })
  return {
    name,
    full: `${name}-full.wav`,
    customer: hasCustomer ? `${name}-customer.wav` : null,
    conditions,
    utterances: transcript.map((p, i) => ({ callDetailId: 1000 * n + i, type: p.type as 'ROBOT' | 'PERSON', text: p.text })),
    truth,
  }
}
