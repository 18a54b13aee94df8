// A robot line played twice sounds the same twice, level for level (robot-twins.ts), and a placement that knows it
// misses a line logged twice and played once instead of squeezing it into its neighbours' audio.
import { describe, expect, it } from 'vitest'
import { alignCall, type AlignUtterance } from '../../electron/main/services/alignment'
import { twinGroups, unlikeness } from '../../electron/main/services/alignment/robot-twins'
import { encodeWav16 } from '../../electron/main/services/wav'
import { framePower, toDb } from '../../electron/main/services/alignment/frame-power'
import { alignSequence, textCounts, twinPrice, type UtteranceSpec } from '../../electron/main/services/alignment/sequence-alignment'
import type { Region } from '../../electron/main/services/alignment/speech-regions'

const RATE = 8000

/** A synthetic line of text `seed`: syllables of their own length and loudness, each a 140 Hz buzz shaped by a formant of its own. */
function spokenLine(seconds: number, seed: number): Float32Array {
  let state = seed
  const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  const syllables: { end: number; formant: number; gain: number }[] = []
  for (let t = 0; t < seconds; ) syllables.push({ end: (t += 0.12 + 0.18 * next()), formant: 300 + 2200 * next(), gain: 0.2 + 0.8 * next() })
  let phase = 0
  let s = 0
  let from = 0
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    const t = i / RATE
    while (t >= (syllables[s] as { end: number }).end) from = (syllables[s++] as { end: number }).end
    const { end, formant, gain } = syllables[s] as { end: number; formant: number; gain: number }
    phase += (2 * Math.PI * 140) / RATE
    let v = 0
    for (let h = 1; h * 140 < 3400; h++) v += Math.sin(h * phase) * (0.1 + Math.exp(-(((h * 140 - formant) / 300) ** 2)))
    return 0.05 * gain * v * Math.sin((Math.PI * (t - from)) / (end - from))
  })
}

describe('twinGroups', () => {
  it('groups the regions that say the same line, and no others, not one that only opens like it', () => {
    // Lines 1, 2, 1, 3 and one that says line 1's first 1.5 s and goes on as line 5 (2 s each, 0.6 s
    // apart) over noise: its whole fits line 1 well enough, its later half does not.
    const texts = [1, 2, 1, 3, 0]
    const opensAlike = new Float32Array(2 * RATE)
    opensAlike.set(spokenLine(2, 1).subarray(0, 1.5 * RATE))
    opensAlike.set(spokenLine(0.5, 5), 1.5 * RATE)
    const track = new Float32Array(Math.round(14 * RATE))
    let noise = 7
    for (let i = 0; i < track.length; i++) track[i] = 0.03 * (((noise = (noise * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5)
    const robot: Region[] = texts.map((text, k) => {
      const start = 0.5 + 2.6 * k
      track.set((text ? spokenLine(2, text) : opensAlike).map((v, i) => v + (track[Math.round(start * RATE) + i] as number)), Math.round(start * RATE))
      return { stream: 0, start, end: start + 2 }
    })
    const db = toDb(framePower(track, 1, RATE))
    const groups = twinGroups(db, robot)
    expect([...groups]).toEqual([0, -1, 0, -1, -1])
    // Only the pairs `askable` marks are compared.
    expect([...twinGroups(db, robot, Uint8Array.from([0, 1, 0, 1, 1]))]).toEqual([-1, -1, -1, -1, -1])
  })
})

describe('alignSequence with twins', () => {
  const r = (stream: 0 | 1, start: number, end: number): Region => ({ stream, start, end })
  const robotLine = (units: number): UtteranceSpec => ({ stream: 0, speaker: 0, units, pauseSec: 0 })
  it('misses the repeat the audio lacks where the twins say which region says which line', () => {
    // Lines A, B, A, C, a reply, C; the first C was logged but never played. A is heard at 0 and 10 s.
    const specs = [robotLine(18), robotLine(18), robotLine(18), robotLine(18), { stream: 1, speaker: 1, units: 4, pauseSec: 0 } as UtteranceSpec, robotLine(24)]
    const robot = [r(0, 0, 4.5), r(0, 5, 9.5), r(0, 10, 14.5), r(0, 18.5, 24.5)]
    const customer = [r(1, 15.5, 16.5)]
    const firstOf = (runs: ReturnType<typeof alignSequence>['runs']) => runs.filter((run) => run.stream === 0).map((run) => [run.first, run.count, run.from])
    const line = Int32Array.from([0, 1, 0, 2, -1, 2])
    const twins = { region: Int32Array.from([0, -1, 0, -1]), line, count: textCounts(line) }
    const without = alignSequence(specs, [robot, customer], [0.25, 0.25], false)
    const withTwins = alignSequence(specs, [robot, customer], [0.25, 0.25], false, { twins })
    // Without them the first C takes a share of a region; with them it is missed, and each A is on its twin.
    expect(twinPrice(without.runs, twins)).toBeGreaterThan(0)
    expect(firstOf(withTwins.runs)).toEqual([[0, 1, 0], [1, 1, 1], [2, 1, 2], [5, 1, 3]])
    expect(twinPrice(withTwins.runs, twins)).toBe(0)
  })
})

describe('a robot line logged twice and played once, with no twin to show it', () => {
  // The transcript: lines A and X, a reply, X again, then Y. The audio plays A, X, the reply and
  // Y: the second X was logged and never played.
  const said = (text: string, seconds: number) => ({ text, seconds })
  const a = said('您好，我是智学网校的老师，之前您在我们平台领过试听课。', 5)
  const x = said('课程不满意的话七天之内可以无理由退款，您这边有兴趣先体验一下吗？', 6.5)
  const y = said('好的，那就不打扰您了，祝您学习顺利，再见。', 4)
  const utterances: AlignUtterance[] = [
    { callDetailId: 1, type: 'ROBOT', text: a.text },
    { callDetailId: 2, type: 'ROBOT', text: x.text },
    { callDetailId: 3, type: 'PERSON', text: '可以，你发给我看看。' },
    { callDetailId: 4, type: 'ROBOT', text: x.text },
    { callDetailId: 5, type: 'ROBOT', text: y.text },
  ]
  const reply = [13.4, 1.6] as const
  const seconds = 23
  const noise = (seed: number) => {
    let state = seed
    return () => 0.004 * (((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5)
  }
  const addInto = (track: Float32Array, start: number, voice: Float32Array) => track.set(voice.map((v, i) => v + (track[Math.round(start * RATE) + i] as number)), Math.round(start * RATE))
  /** The call's two tracks, the robot's stretches heard where `robotPlays` says ([start, seconds, text]). */
  const callOf = (robotPlays: [number, number, number][]) => {
    const full = Float32Array.from({ length: seconds * RATE }, noise(3))
    const customer = Float32Array.from({ length: seconds * RATE }, noise(5))
    for (const [start, length, text] of robotPlays) addInto(full, start, spokenLine(length, text))
    const customerVoice = spokenLine(reply[1], 9).map((v) => 0.7 * v)
    addInto(full, reply[0], customerVoice)
    addInto(customer, reply[0], customerVoice)
    return { full, customer }
  }
  // Y in two breaths 0.4 s apart; in the second call X opens with a syllable on its own as well.
  const plays: Record<string, [number, number, number][]> = {
    'X heard whole': [[0.5, a.seconds, 1], [6.2, x.seconds, 2], [15.2, 1.9, 3], [17.5, y.seconds - 1.9, 4]],
    'X opening with one syllable apart': [[0.5, a.seconds, 1], [6.2, 0.3, 2], [6.9, x.seconds - 0.7, 5], [15.2, 1.9, 3], [17.5, y.seconds - 1.9, 4]],
  }

  for (const [name, robotPlays] of Object.entries(plays)) {
    it(`misses the copy the audio lacks, and places the line after it where it is heard (${name})`, () => {
      const { full, customer } = callOf(robotPlays)
      const result = alignCall({ full: encodeWav16(full, RATE), customer: encodeWav16(customer, RATE), utterances })
      const [, played, , lacked, last] = result.turns
      expect(Math.abs((played?.start as number) - 6.2)).toBeLessThan(0.15)
      expect(Math.abs((last?.start as number) - 15.2)).toBeLessThan(0.15)
      expect(Math.abs((last?.end as number) - 19.6)).toBeLessThan(0.15)
      // The copy that was not played is laid into the gap before Y, and shown as unsure.
      expect(lacked?.end as number).toBeLessThanOrEqual(15.25)
      expect(lacked?.confidence as number).toBeLessThan(0.5)
    })
  }

  it('tells the played X from Y apart, the measure it is decided by', () => {
    const db = toDb(framePower(callOf(plays['X heard whole'] as [number, number, number][]).full, 1, RATE))
    const region = (start: number, length: number): Region => ({ stream: 0, start, end: start + length })
    expect(unlikeness(db, region(6.2, 2), region(15.2, 1.9))).toBeGreaterThan(0.5)
    expect(unlikeness(db, region(6.2, 2), region(6.2, 2))).toBeLessThan(0.25)
    // Under 0.8 s there is too little to tell.
    expect(unlikeness(db, region(6.2, 0.3), region(15.2, 1.9))).toBe(Infinity)
  })
})
