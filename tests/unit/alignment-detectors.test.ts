// The alignment engine's detectors on synthetic signals: tones and music are not speech, the echo
// path's delay is measured, and a long stretch nobody speaks cannot shift the turns after it.
import { describe, expect, it } from 'vitest'
import { tonalShare } from '../../electron/main/services/alignment/tonality'
import { CUSTOMER_MUSIC_AFTER_HOPS, CUSTOMER_MUSIC_SPAN_SHARE, echoLag, fullTrackRegions, isQuiet, markQuiet, QUIET_REGION_DB, speechWithoutMusic, withOnsets, withoutMusic, type Region } from '../../electron/main/services/alignment/speech-regions'
import { framePower, toDb } from '../../electron/main/services/alignment/frame-power'
import { maskToSpans } from '../../electron/main/services/alignment/voice-activity'
import { alignSequence, quietShare, talkOnCost, type RunPrice, type UtteranceSpec } from '../../electron/main/services/alignment/sequence-alignment'
import { loudestStretch, placeTurns, withBargeIns, withReplyOpenings } from '../../electron/main/services/alignment/turn-placement'
import { syllablesIn } from '../../electron/main/services/alignment/syllables'
import { unlikeBackground } from '../../electron/main/services/alignment/background-shape'
import { VoiceSpectra } from '../../electron/main/services/alignment/robot-voice'
import { initialRates } from '../../electron/main/services/alignment'
import { levelTrack } from '../support/levels'
import { utteranceLength } from '../../shared/utterance-length'

const RATE = 8000
const hopsOf = (samples: Float32Array) => Math.floor(samples.length / 80)
/** The level per hop (dB), one value for each of hopsOf's hops. */
const levels = (samples: Float32Array) => toDb(framePower(samples, 1, RATE)).subarray(0, hopsOf(samples))
const mean = (values: Float64Array, from = 0, to = values.length) => values.subarray(from, to).reduce((a, b) => a + b, 0) / Math.max(1, to - from)

function synth(seconds: number, at: (t: number) => number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => at(i / RATE))
}
/** Uniform noise in ±0.5 from a seeded generator (each test block that builds its signal up front takes its own). */
const noiseFrom = (start: number) => {
  let seed = start
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff - 0.5
  }
}
const noise = noiseFrom(12345)
/** Speech-like: a voiced buzz whose pitch glides up and down syllable by syllable, with a syllabic envelope. */
function glidingVoice(seconds: number, rand = noise): Float32Array {
  let phase = 0
  return synth(seconds, (t) => {
    const f0 = 180 + 60 * Math.sin(2 * Math.PI * 2.3 * t) + 25 * Math.sin(2 * Math.PI * 5.1 * t)
    phase += (2 * Math.PI * f0) / RATE
    let v = 0
    for (let h = 1; h <= 15; h++) v += Math.sin(h * phase) / h
    return 0.2 * v * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t)) + 0.01 * rand()
  })
}

describe('tonal share', () => {
  it('calls the ring-back tone and a dual-tone ring-back tonal', () => {
    const single = synth(3, (t) => 0.3 * Math.sin(2 * Math.PI * 450 * t))
    const dual = synth(3, (t) => 0.2 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * 480 * t))
    // After the first 0.2 s (a tone must last before it counts), nearly all of the energy is tonal.
    expect(mean(tonalShare(single, 1, RATE, hopsOf(single)), 30)).toBeGreaterThan(0.9)
    expect(mean(tonalShare(dual, 1, RATE, hopsOf(dual)), 30)).toBeGreaterThan(0.8)
  })

  it('calls a chord of steady notes tonal, at 16 kHz too', () => {
    const chord = (rate: number) => Float32Array.from({ length: 3 * rate }, (_, i) => [392, 494, 587].reduce((v, hz) => v + 0.1 * Math.sin((2 * Math.PI * hz * i) / rate) + 0.05 * Math.sin((4 * Math.PI * hz * i) / rate), 0))
    expect(mean(tonalShare(chord(RATE), 1, RATE, 300), 30)).toBeGreaterThan(0.8)
    expect(mean(tonalShare(chord(16000), 1, 16000, 300), 30)).toBeGreaterThan(0.8)
  })

  it('does not call a gliding voice or noise tonal', () => {
    const voice = glidingVoice(4)
    expect(mean(tonalShare(voice, 1, RATE, hopsOf(voice)))).toBeLessThan(0.1)
    const hiss = synth(3, () => 0.1 * noise())
    expect(mean(tonalShare(hiss, 1, RATE, hopsOf(hiss)))).toBeLessThan(0.05)
  })

  it('leaves hops nobody asks about at zero', () => {
    const tone = synth(2, (t) => 0.3 * Math.sin(2 * Math.PI * 450 * t))
    const wanted = new Uint8Array(200)
    wanted.fill(1, 100, 200)
    const share = tonalShare(tone, 1, RATE, 200, wanted)
    expect(mean(share, 0, 100)).toBe(0)
    expect(mean(share, 130, 200)).toBeGreaterThan(0.9)
  })
})

describe('withoutMusic', () => {
  it('clears ring-back from a speech mask and keeps the voice after it', () => {
    const tone = synth(4, (t) => (t % 5 < 1 ? 0.3 * Math.sin(2 * Math.PI * 450 * t) : 0))
    const voice = glidingVoice(2)
    const samples = new Float32Array(tone.length + voice.length)
    samples.set(tone.subarray(0, RATE))
    samples.set(voice, tone.length)
    const mask = new Uint8Array(hopsOf(samples))
    mask.fill(1, 0, 100) // the tone's second
    mask.fill(1, 400, 600) // the voice
    const kept = withoutMusic(mask, { samples, scale: 1, sampleRate: RATE })
    expect(mean(Float64Array.from(kept.subarray(0, 100)))).toBeLessThan(0.2)
    expect(mean(Float64Array.from(kept.subarray(400, 600)))).toBe(1)
  })
})

describe('withoutMusic on a melody in pieces', () => {
  it('clears a tune whose notes come apart, each shorter than a second, and keeps the voice after it', () => {
    // Six notes of 0.7 s with 0.4 s breaths between them, then a voice.
    const notes = [392, 440, 494, 440, 392, 330]
    const tune = synth(6.6, (t) => {
      const k = Math.floor(t / 1.1)
      return t - k * 1.1 < 0.7 ? 0.3 * Math.sin(2 * Math.PI * (notes[k] ?? 330) * t) : 0
    })
    const voice = glidingVoice(2)
    const samples = new Float32Array(tune.length + voice.length)
    samples.set(tune)
    samples.set(voice, tune.length)
    const mask = new Uint8Array(hopsOf(samples))
    notes.forEach((_, k) => mask.fill(1, k * 110, k * 110 + 70))
    mask.fill(1, 660, 860)
    const kept = withoutMusic(mask, { samples, scale: 1, sampleRate: RATE })
    expect(mean(Float64Array.from(kept.subarray(0, 660)))).toBeLessThan(0.1)
    expect(mean(Float64Array.from(kept.subarray(660, 860)))).toBeGreaterThan(0.95)
  })
})

describe('withoutMusic on short steady sounds', () => {
  it('keeps a steady sound shorter than a second: a held syllable is not a tune', () => {
    const samples = synth(2, (t) => (t >= 0.5 && t < 1.1 ? 0.3 * Math.sin(2 * Math.PI * 300 * t) : 0))
    const mask = new Uint8Array(hopsOf(samples))
    mask.fill(1, 50, 110)
    expect(Array.from(withoutMusic(mask, { samples, scale: 1, sampleRate: RATE }))).toEqual(Array.from(mask))
  })

  it('keeps a phrase of a voice that holds its pitch fairly steady, as synthetic voices do', () => {
    // 1.5 s of a buzz whose pitch sways ±15 % three times a second: about half its energy reads as tonal.
    let phase = 0
    const samples = synth(1.5, (t) => {
      const f0 = 200 * (1 + 0.15 * Math.sin(2 * Math.PI * 3 * t))
      phase += (2 * Math.PI * f0) / RATE
      let v = 0
      for (let h = 1; h * f0 < 3400; h++) v += Math.sin(h * phase) / h
      return 0.2 * v * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) + 0.005 * noise()
    })
    const share = tonalShare(samples, 1, RATE, hopsOf(samples))
    expect(mean(share)).toBeGreaterThan(0.3)
    const mask = new Uint8Array(hopsOf(samples)).fill(1)
    expect(Array.from(withoutMusic(mask, { samples, scale: 1, sampleRate: RATE }))).toEqual(Array.from(mask))
  })
})

describe('withoutMusic on a full track, against the voice the call carries', () => {
  /** Six seconds of voice, the music, six more of voice (hops 600-1000 the music), all in the mask. */
  const betweenVoices = (music: Float32Array) => {
    const parts = [glidingVoice(6), music, glidingVoice(6)]
    const samples = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0))
    parts.reduce((at, p) => (samples.set(p, at), at + p.length), 0)
    return { mask: new Uint8Array(hopsOf(samples)).fill(1), track: { samples, scale: 1, sampleRate: RATE } }
  }
  const share = (kept: Uint8Array, from: number, to: number) => mean(Float64Array.from(kept.subarray(from, to)))

  it('clears hold music through a noisy stretch, far more tonal than the voice around it, and keeps the voice', () => {
    // Hold music: a second clear, two through line noise (less tonal there), a second clear; a
    // voice before and after it, as the robot talks most of a call.
    const music = synth(4, (t) => 0.1 * Math.sin(2 * Math.PI * (t < 2 ? 440 : 494) * t) + (t >= 1 && t < 3 ? 0.3 : 0.02) * noise())
    const { mask, track } = betweenVoices(music)
    // At the full track's fixed bar the noisy middle stays speech.
    const fixed = withoutMusic(mask, track, { threshold: 0.45 })
    expect(share(fixed, 600, 1000)).toBeGreaterThan(0.2)
    const relative = withoutMusic(mask, track, { threshold: 0.45, aboveSpeech: 0.25 })
    expect(share(relative, 600, 1000)).toBeLessThan(0.05)
    expect(share(relative, 0, 600)).toBeGreaterThan(0.95)
    expect(share(relative, 1000, mask.length)).toBeGreaterThan(0.9)
  })

  it('clears hold music wholly through line noise, under the fixed bar on average, and keeps the voice', () => {
    const music = synth(4, (t) => 0.1 * Math.sin(2 * Math.PI * (t < 2 ? 440 : 494) * t) + 0.4 * noise())
    const { mask, track } = betweenVoices(music)
    expect(mean(tonalShare(music, 1, RATE, 400), 30)).toBeLessThan(0.45)
    expect(share(withoutMusic(mask, track, { threshold: 0.45 }), 600, 1000)).toBeGreaterThan(0.9)
    const relative = withoutMusic(mask, track, { threshold: 0.45, aboveSpeech: 0.25 })
    expect(share(relative, 600, 1000)).toBeLessThan(0.3)
    expect(share(relative, 0, 600)).toBeGreaterThan(0.95)
    expect(share(relative, 1000, mask.length)).toBeGreaterThan(0.9)
  })
})

describe('echoLag', () => {
  it('finds the delay at which the customer track repeats the full track', () => {
    const n = 3000
    const full = new Float64Array(n)
    for (let i = 0; i < n; i++) full[i] = -60 + (Math.floor(i / 37) % 3 === 0 ? 40 : 0) + 3 * Math.sin(i / 5)
    const customer = new Float64Array(n).fill(-70)
    for (let i = 23; i < n; i++) customer[i] = Math.max(-70, (full[i - 23] as number) - 15)
    expect(echoLag(full, customer)).toBe(23)
  })

  it('says 0 when the customer track does not follow the full track', () => {
    const full = Float64Array.from({ length: 2000 }, (_, i) => (Math.floor(i / 40) % 2 ? -20 : -60))
    const customer = Float64Array.from({ length: 2000 }, (_, i) => (Math.floor(i / 97) % 3 === 1 ? -25 : -65))
    expect(echoLag(full, customer)).toBe(0)
  })
})

describe('alignSequence with a long stretch nobody speaks', () => {
  it('skips a long noise or music region instead of shifting every turn after it', () => {
    const r = (stream: 0 | 1, start: number, end: number): Region => ({ stream, start, end })
    // Robot, customer, robot, customer; 18 s of hold music on the customer's side between them.
    const robot = [r(0, 0, 4), r(0, 30, 34)]
    const customer = [r(1, 5, 6.5), r(1, 10, 28), r(1, 35, 36)]
    const specs: UtteranceSpec[] = [
      { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
      { stream: 1, speaker: 1, units: 6, pauseSec: 0 },
      { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
      { stream: 1, speaker: 1, units: 5, pauseSec: 0 },
    ]
    const { runs } = alignSequence(specs, [robot, customer], [0.25, 0.25], false)
    const customerRuns = runs.filter((run) => run.stream === 1).map((run) => [run.first, run.from, run.to])
    expect(customerRuns).toEqual([
      [1, 0, 1],
      [3, 2, 3],
    ])
  })
})

/** Regions as a development call's dump gives them: [start, end, syllables] rows of one stream. */
const regionOf = (stream: 0 | 1) => ([start, end, syllables]: number[]): Region => ({ stream, start: start as number, end: end as number, syllables: syllables as number })
/** A robot line and a customer reply as the engine specifies them (syllables: as many as units unless said). */
const line = (units: number, pauseSec: number, syllables: number): UtteranceSpec => ({ stream: 0, speaker: 0, units, pauseSec, syllables })
const reply = (units: number, syllables = units): UtteranceSpec => ({ stream: 1, speaker: 1, units, pauseSec: 0, syllables })

describe('alignSequence with a long robot line never played', () => {
  it('misses the line rather than give it the audio of the next line and shift every turn after it', () => {
    // A development call's second placement: regions (start, end, syllables) per stream, and its
    // lines (units, pause, syllables). The robot's third line (8 s of text) was never played.
    const robot = [
      [0.31, 0.46, 1], [0.63, 0.9, 1], [1.07, 2.31, 5], [2.47, 3.29, 4], [3.48, 4.27, 3], [4.46, 6.93, 10],
      [11.25, 11.54, 1], [11.75, 13.44, 8], [13.6, 14.97, 6], [15.18, 15.84, 3], [16.04, 16.46, 2], [16.7, 18.38, 6],
      [22.8, 22.95, 1], [23.14, 23.71, 3], [23.87, 25.43, 7], [25.78, 27.7, 8], [27.94, 28.31, 2],
      [31.26, 33.47, 9], [33.66, 35.75, 9], [36.89, 40.04, 12], [43.42, 43.74, 2], [43.95, 45.41, 7], [45.6, 47.25, 6], [47.52, 48.01, 2],
    ].map(regionOf(0))
    const customer = [[7.66, 8.14, 4], [8.35, 8.63, 2], [9.55, 10.04, 4], [19.99, 20.47, 4], [20.68, 20.96, 2], [28.28, 29.15, 6], [40.43, 41.3, 6]].map(regionOf(1))
    const specs = [line(25.4, 0, 24), reply(7), line(30, 1, 30), reply(4), line(29.4, 0, 28), reply(7), line(29.4, 0, 28), reply(7), line(30, 1, 30), reply(6), line(19.1, 0, 17)]
    const { runs } = alignSequence(specs, [robot, customer], [0.26, 0.145], false)
    // Each line heard (all but the third) starts on its own first region.
    expect(runs.map((run) => [run.first, run.stream, run.from])).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [3, 1, 2],
      [4, 0, 6],
      [5, 1, 3],
      [6, 0, 12],
      [7, 1, 5],
      [8, 0, 17],
      [9, 1, 6],
      [10, 0, 20],
    ])
  })
})

describe('alignSequence with a customer blip inside a robot line', () => {
  it('does not take a blip over the middle of a line for the customer breaking in', () => {
    // A development call's second placement. The customer track's 0.26 s blip at 12.7 s lies
    // inside the robot's second line (11.1-18.3 s). Taking it for a break-in let that line pass
    // as cut short with the next line's text in it too, and every turn after it shifted by one.
    const robot = [[1.33, 8.07, 24], [11.12, 18.29, 28], [18.62, 24.85, 23], [25.5, 32.82, 28], [36.12, 40.73, 19], [41.7, 45, 12], [46.85, 53.31, 23]].map(regionOf(0))
    const customer = [[8.56, 9.26, 3], [12.68, 12.94, 2], [13.12, 14.31, 7], [24.16, 25.17, 7], [33.45, 34.53, 7], [45.89, 46.48, 4], [53.47, 53.74, 1]].map(regionOf(1))
    const specs = [line(25.4, 0, 24), reply(3.7, 3), line(29.4, 0, 28), line(29.4, 0, 28), reply(7, 7), line(29.4, 0, 28), line(29.4, 0, 28), reply(7, 7), line(30, 1, 30), reply(4, 4), line(25.1, 0, 23)]
    const { runs } = alignSequence(specs, [robot, customer], [0.263, 0.154], false)
    const on = (first: number) => runs.find((run) => run.first <= first && first < run.first + run.count)
    // The robot's second and third lines each on their own stretch, the replies on theirs.
    expect([2, 3].map((i) => on(i)?.from)).toEqual([1, 2])
    expect([4, 7, 9].map((i) => on(i)?.from)).toEqual([3, 4, 5])
    expect(on(2)?.truncatable).toBe(false)
  })
})

describe('alignSequence with a robot that talks on over a remark', () => {
  it('does not take a line the robot goes on from for one the customer cut short', () => {
    // A development call's second placement (rates measured): a robot line never played repeats
    // the text of the line before it. Giving it the next line's audio (35.6-44.5 s) and that line
    // the start of the last one (47.7-49.8 s), cut short where an untranscribed remark began
    // (49.74 s), shifted the reply and every line after it, though the robot talked on at 49.99 s,
    // before the remark was over: nobody had stopped it.
    const robot = [[1.19, 5.46, 15], [6.14, 13.4, 28], [14.04, 21.3, 28], [24.65, 31.98, 28], [35.57, 40.19, 19], [41.16, 44.45, 12], [47.73, 49.81, 9], [49.99, 52.44, 8]].map(regionOf(0))
    const customer = [[4.8, 4.96, 1], [5.24, 5.67, 3], [6, 6.32, 2], [6.65, 7.15, 3], [21.62, 22.57, 4], [33.14, 34.05, 6], [45.15, 45.71, 4], [49.74, 50.21, 3]].map(regionOf(1))
    const specs = [line(25.4, 0, 24), reply(4.7, 4), line(29.4, 0, 28), line(29.4, 0, 28), reply(3.7, 3), line(29.4, 0, 28), line(29.4, 0, 28), reply(6), line(30, 1, 30), reply(4), line(19.1, 0, 17)]
    const { runs } = alignSequence(specs, [robot, customer], [0.247, 0.152], false)
    const on = (first: number) => runs.find((run) => run.first <= first && first < run.first + run.count)
    // The reply after the line never played on its own audio (33.1 s), the robot's next line on
    // 35.6-44.5 s, the next reply at 45.2 s and the last line on all of 47.7-52.4 s.
    expect([7, 8, 9, 10].map((i) => [on(i)?.stream, on(i)?.from, on(i)?.to])).toEqual([
      [1, 5, 6],
      [0, 4, 6],
      [1, 6, 7],
      [0, 6, 8],
    ])
  })
})

describe('alignSequence on a full track alone, where a reply follows a breath', () => {
  const r = (start: number, end: number): Region => ({ stream: 0, start, end })
  // The robot's line ends on a short phrase after a 0.2 s pause (a comma); the reply comes 0.9 s
  // later, then the robot's next line. By length alone the reply could as well be that short
  // phrase, and the reply the next line's head.
  const regions = [r(0, 2), r(2.2, 2.8), r(3.7, 4.3), r(5.1, 8.1)]
  const specs: UtteranceSpec[] = [
    { stream: 0, speaker: 0, units: 8.8, pauseSec: 0 },
    { stream: 0, speaker: 1, units: 2.4, pauseSec: 0 },
    { stream: 0, speaker: 0, units: 14.8, pauseSec: 0 },
  ]
  const placed = (fullTrack: boolean) => alignSequence(specs, [regions, []], [0.25, 0.25], true, { fullTrack }).runs.map((run) => [run.first, run.from, run.to])

  it('takes a speaker change after a silence shorter than a breath as unlikely', () => {
    expect(placed(true)).toEqual([
      [0, 0, 2],
      [1, 2, 3],
      [2, 3, 4],
    ])
  })

  it('by length alone (the regions not from one track) takes the short phrase for the reply', () => {
    expect(placed(false)).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [2, 2, 4],
    ])
  })
})

describe('syllablesIn', () => {
  it('counts the syllables of a voice by the peaks of its level, whatever its pace', () => {
    // Syllables of 0.12 to 0.3 s, their level rising 18 dB from the dip between them.
    const level = (lengths: number[]) => {
      const db: number[] = []
      for (const hops of lengths) for (let h = 0; h < hops; h++) db.push(-40 + 18 * Math.sin((Math.PI * h) / hops))
      return Float64Array.from(db)
    }
    expect(syllablesIn(level([20, 20, 20, 20]), 0, 80)).toBe(4)
    expect(syllablesIn(level([12, 30, 15, 25, 12, 18, 28]), 0, 140)).toBe(7)
    // Only the hops asked about, and a level that barely moves has none.
    expect(syllablesIn(level([20, 20, 20, 20]), 0, 40)).toBe(2)
    expect(syllablesIn(Float64Array.from({ length: 100 }, (_, h) => -30 + Math.sin(h)), 0, 100)).toBe(0)
  })
})

describe('alignSequence with a reply and a 喂 after it on the customer track', () => {
  // The reply (4 syllables) and, 0.3 s later, an untranscribed 喂，喂 (2): by length alone the reply
  // may as well take both; its text says four syllables, and six are heard.
  const r = (stream: 0 | 1, start: number, end: number, syllables?: number): Region => ({ stream, start, end, ...(syllables === undefined ? {} : { syllables }) })
  const specs: UtteranceSpec[] = [
    { stream: 0, speaker: 0, units: 12, pauseSec: 0, syllables: 12 },
    { stream: 1, speaker: 1, units: 4.7, pauseSec: 0, syllables: 4 },
    { stream: 0, speaker: 0, units: 12, pauseSec: 0, syllables: 12 },
  ]
  const replyRegions = (withSyllables: boolean) => {
    const customer = withSyllables ? [r(1, 3.5, 4.5, 4), r(1, 4.8, 5.3, 2)] : [r(1, 3.5, 4.5), r(1, 4.8, 5.3)]
    const { runs } = alignSequence(specs, [[r(0, 0, 3), r(0, 6, 9)], customer], [0.25, 0.3], false)
    return runs.filter((run) => run.stream === 1).map((run) => [run.from, run.to])
  }

  it('leaves the extra syllables out of the reply', () => {
    expect(replyRegions(true)).toEqual([[0, 1]])
  })

  it('takes them in when the regions carry no syllables (by length alone)', () => {
    expect(replyRegions(false)).toEqual([[0, 2]])
  })
})

describe('a customer region far quieter than the customer', () => {
  const r = (stream: 0 | 1, start: number, end: number, quiet?: boolean): Region => ({ stream, start, end, ...(quiet ? { under: QUIET_REGION_DB + 1 } : {}) })
  /** Robot, a reply of `units` (0.25 s each), robot: the customer's runs ([from, to]) on these customer regions. */
  const replyRuns = (units: number, customer: Region[]) => {
    const specs: UtteranceSpec[] = [
      { stream: 0, speaker: 0, units: 24, pauseSec: 0 },
      { stream: 1, speaker: 1, units, pauseSec: 0 },
      { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
    ]
    return alignSequence(specs, [[r(0, 0, 6), r(0, 12, 16)], customer], [0.25, 0.25], false).runs.filter((run) => run.stream === 1).map((run) => [run.from, run.to])
  }

  it('is marked quiet: 8 dB or more under the loud regions', () => {
    // Level per hop: −20 dB in the replies, −29 dB in the babble fragment, −31 dB between.
    const db = levelTrack(1000, -31, [[-20, 100, 200], [-20, 500, 600], [-29, 300, 350], [-21, 800, 850]])
    const regions = [r(1, 1, 2), r(1, 3, 3.5), r(1, 5, 6), r(1, 8, 8.5)]
    markQuiet(regions, db)
    expect(regions.map((x) => isQuiet(x))).toEqual([false, true, false, false])
    // How far under, for every region: the skip price falls with it.
    expect(regions.map((x) => x.under)).toEqual([0, 9, 0, 1])
  })

  it('costs less to skip the further under the replies it is, though not quiet: a run of babble fragments gives way to the reply', () => {
    // Robot, a 4-syllable reply (1 s at this rate), robot. The customer's side: the reply (1 s,
    // as loud as the loud regions), then three fragments of babble 5 dB under it, spanning 1.3 s.
    // At the full price, skipping three fragments (4.65) costs more than skipping the reply (3.3)
    // and taking the fragments for it (their span near enough to the text's): a reply lost.
    const fragment = (start: number, under: number): Region => ({ stream: 1, start, end: start + 0.3, under })
    const reply = (under: number) => replyRuns(4, [{ stream: 1, start: 7, end: 8, under: 0 }, fragment(9, under), fragment(9.5, under), fragment(10, under)])
    expect(reply(5)).toEqual([[0, 1]])
    // Within 2 dB of the loud regions they cost the full price, and take the reply.
    expect(reply(1)).toEqual([[1, 4]])
  })

  it('keeps its full price under the robot\'s speech unless quiet: a customer breaking in starts softly', () => {
    const region = (under: number): Region => ({ stream: 1, start: 1, end: 1.2, under })
    expect(quietShare(region(5), 0, undefined)).toBeCloseTo(0.65)
    expect(quietShare(region(5), 0.4, undefined)).toBeCloseTo(0.65)
    expect(quietShare(region(5), 0.9, undefined)).toBe(1)
    expect(quietShare(region(12), 0.9, undefined)).toBeCloseTo(0.3)
    expect(quietShare(region(1), 0, undefined)).toBe(1)
  })

  it('keeps its full price a breath before a region as loud as the replies: the reply\'s soft first syllable', () => {
    const soft: Region = { stream: 1, start: 1, end: 1.2, under: 5 }
    const next = (start: number, under: number): Region => ({ stream: 1, start, end: start + 0.5, under })
    expect(quietShare(soft, 0, next(1.4, 0))).toBe(1)
    // Further off, or before more babble, it is priced by its level.
    expect(quietShare(soft, 0, next(1.6, 0))).toBeCloseTo(0.65)
    expect(quietShare(soft, 0, next(1.4, 5))).toBeCloseTo(0.65)
  })

  it('is skipped for the reply after it, though its length fits the text better', () => {
    // Robot, customer (a 3-syllable reply, 0.75 s at this rate), robot; on the customer's side a
    // babble fragment of just that length, then the reply, cut a little short.
    const reply = (quiet: boolean) => replyRuns(3, [r(1, 7, 7.75, quiet), r(1, 9, 9.5)])
    expect(reply(false)).toEqual([[0, 1]])
    expect(reply(true)).toEqual([[1, 2]])
  })
})

describe('a robot region far quieter than the robot (babble its voice model took, on a busy full track alone)', () => {
  it('is skipped for the robot line after it, though its length fits the text better', () => {
    // A 12-unit robot line (3 s at this rate); on the robot's stream a stretch of just that length,
    // then the line itself, a little shorter. Unmarked, the stretch takes the line.
    const line: UtteranceSpec[] = [{ stream: 0, speaker: 0, units: 12, pauseSec: 0 }]
    const robotRun = (quiet: boolean) => {
      const robot: Region[] = [{ stream: 0, start: 1, end: 4, ...(quiet ? { under: 12 } : {}) }, { stream: 0, start: 5, end: 7.5 }]
      return alignSequence(line, [robot, []], [0.25, 0.25], false, { fullTrack: true }).runs.map((run) => [run.from, run.to])
    }
    expect(robotRun(false)).toEqual([[0, 1]])
    expect(robotRun(true)).toEqual([[1, 2]])
  })
})

describe('placeTurns with a customer turn nobody heard', () => {
  const r = (stream: 0 | 1, start: number, end: number): Region => ({ stream, start, end })
  const specs: UtteranceSpec[] = [
    { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
    { stream: 1, speaker: 1, units: 4, pauseSec: 0 },
    { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
  ]
  const missedReply = (customer: Region[], robot = [r(0, 0, 4), r(0, 8, 12)], customerDb?: Float64Array) =>
    placeTurns({
      utterances: specs,
      expected: [4, 1, 4],
      leadingPause: [0, 0, 0],
      trailingPause: [0, 0, 0],
      streams: [robot, customer],
      runs: [
        { first: 0, count: 1, stream: 0, from: 0, to: 1, truncatable: false },
        { first: 2, count: 1, stream: 0, from: robot.length - 1, to: robot.length, truncatable: false },
      ],
      durationSec: 13,
      ...(customerDb ? { customerDb } : {}),
    })[1]

  it('lays it in the middle of the gap between the turns heard around it', () => {
    // The 4 s gap holds the missed 1 s reply in its middle, not half a second after the robot.
    expect(missedReply([])).toEqual({ start: 5.5, end: 6.5, matched: false })
  })

  it('ends it where the longest of its speaker\'s regions no run claimed in the gap ends (what was heard of it)', () => {
    // A blip at 4.5 s and 0.2 s of the reply under music at 7.3 s, both too little to match.
    expect(missedReply([r(1, 4.5, 4.6), r(1, 7.3, 7.5)])).toEqual({ start: 6.5, end: 7.5, matched: false })
    // Within the gap still: a region at its very start puts the reply at the start.
    expect(missedReply([r(1, 4.1, 4.4)])).toEqual({ start: 4, end: 5, matched: false })
    // The other speaker's unclaimed regions, and the speaker's outside the gap, do not count.
    expect(missedReply([r(1, 2, 3)], [r(0, 0, 4), r(0, 6, 6.5), r(0, 8, 12)])).toEqual({ start: 5.5, end: 6.5, matched: false })
  })

  // The customer track's level per 10 ms hop over 13 s: babble at -30 dB, and `bumps` [from, to, dB].
  const babbleWith = (bumps: [number, number, number][]) => Float64Array.from({ length: 1300 }, (_, h) => bumps.find(([a, b]) => h / 100 >= a && h / 100 < b)?.[2] ?? -30 + 2 * Math.sin(h / 7))

  it('with a customer track and nothing of it heard, lays it on the loudest stretch of the track in the gap (a reply under the bar babble raised)', () => {
    // The reply 5 dB over the babble at 6.6-7.6 s: found, not the gap's middle (5.5 s).
    const found = missedReply([], undefined, babbleWith([[6.6, 7.6, -25]]))
    expect(found?.start).toBeCloseTo(6.6, 6)
    expect(found?.end).toBeCloseTo(7.6, 6)
    expect(found?.matched).toBe(false)
    // What was heard of it still comes first.
    expect(missedReply([r(1, 4.1, 4.4)], undefined, babbleWith([[6.6, 7.6, -25]]))).toEqual({ start: 4, end: 5, matched: false })
  })

  it('keeps to the middle where nothing in the gap rises 3 dB over its median, or the loudest is the turns\' own edges', () => {
    // A line held level (AGC): 2 dB is not a reply.
    expect(missedReply([], undefined, babbleWith([[6.6, 7.6, -28]]))).toEqual({ start: 5.5, end: 6.5, matched: false })
    // The robot's echo tail and AGC lifting the line as it stops: the first 0.3 s of the gap are not looked at.
    expect(missedReply([], undefined, babbleWith([[4, 4.3, -10]]))).toEqual({ start: 5.5, end: 6.5, matched: false })
  })
})

describe('loudestStretch', () => {
  const flat = (length: number, level: number) => new Float64Array(length).fill(level)

  it('finds where the stretch of the length asked for is loudest on average, inside the margins', () => {
    const db = flat(1000, -40)
    db.fill(-30, 420, 470)
    db.fill(-20, 300, 305)
    // 0.5 s: the half second at 4.2 s (mean -30), not the 50 ms burst at 3 s (mean over 0.5 s -38).
    expect(loudestStretch(db, 1, 9, 0.5)).toBeCloseTo(4.2, 6)
    // No room for the stretch within the margins, or no rise over the median: none.
    expect(loudestStretch(db, 4, 4.9, 0.5)).toBeNull()
    expect(loudestStretch(flat(1000, -40), 1, 9, 0.5)).toBeNull()
    // Digital silence (a padded track) counts as the floor, not as -120 dB.
    const padded = flat(1000, -120)
    padded.fill(-40, 0, 600)
    padded.fill(-35, 200, 260)
    expect(loudestStretch(padded, 1, 9, 0.5)).toBeCloseTo(2, 6)
  })
})

describe('alignSequence with customer sounds that are not transcript lines', () => {
  const r = (stream: 0 | 1, start: number, end: number): Region => ({ stream, start, end })
  const customerRuns = (runs: ReturnType<typeof alignSequence>['runs']) => runs.filter((run) => run.stream === 1).map((run) => [run.first, run.from, run.to])
  /** A robot line, a reply of `units`, a robot line. */
  const oneReply = (units: number): UtteranceSpec[] => [
    { stream: 0, speaker: 0, units: 24, pauseSec: 0 },
    { stream: 1, speaker: 1, units, pauseSec: 0 },
    { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
  ]

  it('skips a leak the robot talks all over for the reply after the robot stops', () => {
    // Robot, customer, robot; on the customer's side an echo leak as long as the reply, under the robot.
    const robot = [r(0, 0, 6), r(0, 10, 14)]
    const customer = [r(1, 1, 2.5), r(1, 7, 8.2)]
    expect(customerRuns(alignSequence(oneReply(6), [robot, customer], [0.25, 0.25], false).runs)).toEqual([[1, 1, 2]])
  })

  it('does not take a sound under the robot for a reply where the robot talks on well after it (a robot broken in on stops)', () => {
    // Robot, customer, robot; a half-second sound 1 s into the robot's 6 s line, the length the
    // reply's text takes, and a 1.5 s sound after the robot stops: the robot talked on 3.5 s over the first.
    const robot = [r(0, 0, 6), r(0, 10, 14)]
    const customer = [r(1, 2, 2.5), r(1, 7, 8.5)]
    const specs = oneReply(2)
    expect(customerRuns(alignSequence(specs, [robot, customer], [0.25, 0.25], false).runs)).toEqual([[1, 1, 2]])
    // A robot that stops within half a second of the sound ending was broken in on: the sound is the reply.
    const stopped = [r(0, 0, 3), r(0, 10, 14)]
    expect(customerRuns(alignSequence(specs, [stopped, customer], [0.25, 0.25], false).runs)).toEqual([[1, 0, 1]])
    expect([talkOnCost(0.5), talkOnCost(1.5), talkOnCost(-2)]).toEqual([0, 10, 0])
  })

  it('does not take a sound under a robot line not yet taken for the reply before it, where that line talks on over it', () => {
    // Robot A (0-4 s), a reply, robot B (5.6-12 s); the reply is not heard, only a half-second sound
    // under B's first words, which B talks on over for 5.4 s: the reply is missed rather than laid on it.
    const specs = oneReply(2)
    expect(customerRuns(alignSequence(specs, [[r(0, 0, 4), r(0, 5.6, 12)], [r(1, 6, 6.6)]], [0.25, 0.25], false).runs)).toEqual([])
    // Where B stops within half a second of the sound (broken in on), the sound is the reply.
    expect(customerRuns(alignSequence(specs, [[r(0, 0, 4), r(0, 5.6, 7)], [r(1, 6, 6.6)]], [0.25, 0.25], false).runs)).toEqual([[1, 0, 1]])
  })

  it('does not take the robot\'s last words heard back (a sound that ends as the robot does) for the reply after them', () => {
    // Robot 0-6 s, a reply, robot 10-14 s; on the customer's side a 1.6 s sound from 4.5 s that ends
    // 0.1 s after the robot (its echo, lifted by AGC), and the reply at 7-8.5 s.
    const robot = [r(0, 0, 6), r(0, 10, 14)]
    expect(customerRuns(alignSequence(oneReply(6), [robot, [r(1, 4.5, 6.1), r(1, 7, 8.5)]], [0.25, 0.25], false).runs)).toEqual([[1, 1, 2]])
    // A reply that broke in talks on after the robot stops: that sound is the reply.
    expect(customerRuns(alignSequence(oneReply(6), [robot, [r(1, 4.5, 6.6), r(1, 7, 8.5)]], [0.25, 0.25], false).runs)[0]?.[1]).toBe(0)
  })

  it('tells a diagnostic each region\'s skip price and every run it priced, by part', () => {
    const robot = [r(0, 0, 6), r(0, 10, 14)]
    const customer = [r(1, 2, 2.5), r(1, 7, 8.5)]
    const skips: number[][] = []
    const runs: RunPrice[] = []
    const placed = alignSequence(oneReply(2), [robot, customer], [0.25, 0.25], false, { fullTrack: false, probe: { skips: (prices) => skips.push(...prices.map((p) => [...p])), run: (price) => runs.push(price) } })
    expect(skips.map((p) => p.length)).toEqual([2, 2])
    // The sound under the robot, as the reply: the robot talked on 3.5 s after it, 3 s past the grace.
    const under = runs.find((p) => p.stream === 1 && p.first === 1 && p.count === 1 && p.from === 0 && p.to === 1)
    expect(under?.parts.talkOn).toBeCloseTo(30, 6)
    // The run the placement took is among those priced, and the cheapest pricing of it is within what the whole placement paid.
    const taken = placed.runs.find((run) => run.stream === 1) as (typeof placed.runs)[number]
    const totals = runs.filter((p) => p.stream === 1 && p.from === taken.from && p.to === taken.to).map((p) => p.before + Object.values(p.parts).reduce((sum, v) => sum + v, 0))
    expect(totals.length).toBeGreaterThan(0)
    expect(Math.min(...totals)).toBeLessThanOrEqual(placed.cost + 1e-9)
  })

  it('takes the reply\'s first words under the robot\'s last ones where the robot stops then (broken in on), not a remark after the reply', () => {
    // The robot stops at 6 s, 0.5 s into the customer's 5.5-6.2 s sound; the reply goes on at
    // 6.4-7.1 s; an untranscribed remark at 7.6-8.2 s. The reply's text takes 1.5 s.
    const customer = [r(1, 5.5, 6.2), r(1, 6.4, 7.1), r(1, 7.6, 8.2)]
    expect(customerRuns(alignSequence(oneReply(6), [[r(0, 0, 6), r(0, 10, 14)], customer], [0.25, 0.25], false).runs)).toEqual([[1, 0, 2]])
  })

  it('does not take a sound over before the line it would answer starts', () => {
    // Robot, robot, customer, robot; the only customer sound ends just before the second robot line.
    const robot = [r(0, 0, 4), r(0, 6, 10), r(0, 14, 18)]
    const customer = [r(1, 5.6, 5.9)]
    const specs: UtteranceSpec[] = [
      { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
      { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
      { stream: 1, speaker: 1, units: 3, pauseSec: 0 },
      { stream: 0, speaker: 0, units: 16, pauseSec: 0 },
    ]
    expect(customerRuns(alignSequence(specs, [robot, customer], [0.25, 0.25], false).runs)).toEqual([])
  })

  it('takes a robot line whole across a blip on the customer side inside it', () => {
    // Robot (12 s, in three stretches), customer, robot; a 80 ms blip on the customer's side
    // between the first line's stretches must not cut it off at the blip.
    const robot = [r(0, 0.7, 2.9), r(0, 3.1, 8), r(0, 9, 12.9), r(0, 18.5, 23.5)]
    const customer = [r(1, 8.5, 8.58), r(1, 14, 16)]
    const specs: UtteranceSpec[] = [
      { stream: 0, speaker: 0, units: 48, pauseSec: 0 },
      { stream: 1, speaker: 1, units: 8, pauseSec: 0 },
      { stream: 0, speaker: 0, units: 20, pauseSec: 0 },
    ]
    const { runs } = alignSequence(specs, [robot, customer], [0.25, 0.25], false)
    expect(runs.map((run) => [run.first, run.stream, run.from, run.to])).toEqual([
      [0, 0, 0, 3],
      [1, 1, 1, 2],
      [2, 0, 3, 4],
    ])
    expect(runs[0]?.truncatable).toBe(false)
  })
})

describe('withoutMusic on what is left of quiet music', () => {
  // Steady notes of 0.6 s one after another, as hold music plays on.
  const tune = (seconds: number) => synth(seconds, (t) => 0.3 * Math.sin(2 * Math.PI * [392, 440, 494, 330][Math.floor(t / 0.6) % 4]! * t) + 0.002 * noise())

  it('clears a loud note of music that plays on, quieter, outside the mask', () => {
    const samples = tune(4)
    const mask = new Uint8Array(hopsOf(samples))
    mask.fill(1, 180, 240) // one note crossed the threshold
    expect(Array.from(withoutMusic(mask, { samples, scale: 1, sampleRate: RATE }))).toEqual(Array.from(mask))
    expect(mean(Float64Array.from(withoutMusic(mask, { samples, scale: 1, sampleRate: RATE }, { remnants: levels(samples) })))).toBe(0)
  })

  it('clears the first notes of music that plays on, quieter, after them only', () => {
    // Silence, then music whose first 1.7 s are loud enough for the mask (the floor then rises to
    // it): notes with short rests, tonal on the whole but not clearly enough to be cleared alone.
    // It plays on after them in shorter notes; before them there is only silence.
    const note = (t: number) => 0.3 * Math.sin(2 * Math.PI * [392, 440, 494, 330][Math.floor(t / 0.6) % 4]! * t)
    const samples = synth(5, (t) => (t >= 1 && (t < 2.7 ? (t - 1) % 0.6 < 0.5 : (t - 2.7) % 0.8 < 0.4) ? note(t) : 0) + 0.002 * noise())
    const mask = new Uint8Array(hopsOf(samples))
    mask.fill(1, 100, 270)
    expect(mean(Float64Array.from(withoutMusic(mask, { samples, scale: 1, sampleRate: RATE }, { remnants: levels(samples) })))).toBe(0)
  })

  it('keeps a steady sound with only noise around it', () => {
    const samples = synth(4, (t) => (t >= 1.8 && t < 2.4 ? 0.3 * Math.sin(2 * Math.PI * 300 * t) : 0) + 0.002 * noise())
    const mask = new Uint8Array(hopsOf(samples))
    mask.fill(1, 180, 240)
    expect(Array.from(withoutMusic(mask, { samples, scale: 1, sampleRate: RATE }, { remnants: levels(samples) }))).toEqual(Array.from(mask))
  })

  it('keeps a reply that rises over the music as it stops, tonal on average with the music in it', () => {
    // The tune at a third of its level until 2.4 s, then a voice 10 dB over it: the mask took the
    // tune's last note with the voice.
    const voice = glidingVoice(1)
    const music = tune(4)
    const samples = synth(4, (t) => (t < 2.4 ? (music[Math.round(t * RATE)] as number) / 3 : t < 3.4 ? (voice[Math.round((t - 2.4) * RATE)] ?? 0) : 0) + 0.002 * noise())
    const mask = new Uint8Array(hopsOf(samples))
    mask.fill(1, 160, 300)
    const track = { samples, scale: 1, sampleRate: RATE }
    expect(mean(tonalShare(samples, 1, RATE, hopsOf(samples)), 160, 300)).toBeGreaterThan(0.3)
    expect(Array.from(withoutMusic(mask, track, { remnants: levels(samples) }))).toEqual(Array.from(mask))
  })
})

describe('fullTrackRegions with hold music and a voice over it', () => {
  // A voice, 3 s of line noise, 8 s of hold music (steady notes, quieter than the voice) with the
  // voice again over its seconds 5.5 to 7, a second of noise, the voice: the background's bar
  // rises to the music, and the voice over it only partly clears that bar.
  const noise = noiseFrom(777)
  const note = (t: number) => 0.06 * Math.sin(2 * Math.PI * [392, 440, 494, 330][Math.floor(t / 0.6) % 4]! * t)
  const voice = glidingVoice(3, noise)
  const over = glidingVoice(1.5, noise)
  const parts = [
    voice,
    synth(3, () => 0.002 * noise()),
    synth(8, (t) => note(t) + (t >= 5.5 && t < 7 ? (over[Math.round((t - 5.5) * RATE)] ?? 0) : 0) + 0.002 * noise()),
    synth(1, () => 0.002 * noise()),
    voice,
  ]
  const samples = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0))
  parts.reduce((at, p) => (samples.set(p, at), at + p.length), 0)
  const { regions } = fullTrackRegions({ samples, scale: 1, sampleRate: RATE })
  const within = (from: number, to: number) => regions.reduce((sum, r) => sum + Math.max(0, Math.min(r.end, to) - Math.max(r.start, from)), 0)

  it('finds the voice over the music (under the bar the music sets), and the voices around it', () => {
    expect(within(11.5, 13)).toBeGreaterThan(1.3)
    expect(within(0, 3)).toBeGreaterThan(2.7)
    expect(within(15, 18)).toBeGreaterThan(2.7)
    expect(within(3.1, 11.4)).toBe(0)
    expect(within(13.1, 15)).toBe(0)
  })
})

/** Ten seconds: hold music from 1 to 7 s (a note every 0.6 s at `level`, through line noise of
 * `hiss`), a voice from `voiceAt` s for `voiceSec`, silence otherwise; with its hops and level. */
function musicThenVoice(seed: number, level: number, hiss: number, voiceAt: number, voiceSec: number) {
  const noise = noiseFrom(seed)
  const note = (t: number) => level * Math.sin(2 * Math.PI * [392, 440, 494, 330][Math.floor(t / 0.6) % 4]! * t) + hiss * noise()
  const voice = glidingVoice(voiceSec, noise)
  const samples = synth(10, (t) => (t >= 1 && t < 7 ? note(t) : t >= voiceAt && t < voiceAt + voiceSec ? (voice[Math.round((t - voiceAt) * RATE)] ?? 0) : 0) + 0.002 * noise())
  return { samples, track: { samples, scale: 1, sampleRate: RATE }, n: hopsOf(samples), db: levels(samples) }
}

describe('speechWithoutMusic on the first notes of hold music', () => {
  // Silence, 6 s of hold music through a noisy line (no more than fairly tonal, as such music is),
  // a voice louder than the music right after it stops, silence. The mask took the music's first
  // 1.3 s (before the background rose to it) and the voice.
  const { samples, track, n, db } = musicThenVoice(999, 0.05, 0.15, 7, 1.5)
  const heard = new Uint8Array(n)
  heard.fill(1, 100, 230)
  heard.fill(1, 700, 850)
  const options = { spanShare: 0.3 }

  it('the mask alone keeps the first notes: too short and too little tonal to be music', () => {
    expect(mean(tonalShare(samples, 1, RATE, n), 100, 700)).toBeLessThan(0.4)
    expect(mean(Float64Array.from(withoutMusic(heard, track, options).subarray(100, 230)))).toBe(1)
  })

  it('clears them as the music that plays on after them, and keeps the voice after the music', () => {
    const { mask: kept } = speechWithoutMusic(heard, { db, track, stretches: options, options, reuse: false })
    expect(mean(Float64Array.from(kept.subarray(100, 230)))).toBe(0)
    // The voice's dips between syllables fall under the music's level; its stretch is whole
    // (to the hop: it is found by its rise over the music now, not by the mask's bar).
    const spans = maskToSpans(kept, 15, 8)
    expect(spans).toHaveLength(1)
    expect(Math.abs((spans[0]?.from as number) - 700)).toBeLessThanOrEqual(2)
    expect(Math.abs((spans[0]?.to as number) - 850)).toBeLessThanOrEqual(2)
  })

  it('finds the start of a voice right as the music stops, where the raised bar missed it', () => {
    const late = heard.slice()
    late.fill(0, 700, 750)
    const { mask: kept } = speechWithoutMusic(late, { db, track, stretches: options, options, reuse: false })
    expect(Math.abs((maskToSpans(kept, 15, 8).find((span) => span.to > 700)?.from as number) - 700)).toBeLessThanOrEqual(2)
  })
})

describe("speechWithoutMusic on a customer's track, a reply as the hold music stops", () => {
  // Hold music (a note every 0.6 s) from 1 to 7 s, and from 7.05 s a reply no louder than the
  // music was: over the music's median level only at its syllables' peaks. The customer's own bar
  // heard the reply from 7.1 s.
  const { track, n, db } = musicThenVoice(4711, 0.25, 0, 7.05, 1.2)
  const heard = new Uint8Array(n)
  heard.fill(1, 710, 825)
  const options = { spanShare: CUSTOMER_MUSIC_SPAN_SHARE }
  const kept = (after?: number) => mean(Float64Array.from(speechWithoutMusic(heard, { db, track, stretches: options, options, reuse: false, after }).mask.subarray(710, 825)))

  it('keeps more of the reply: the bar over the music holds only a quarter second past it there', () => {
    expect(kept(CUSTOMER_MUSIC_AFTER_HOPS)).toBeGreaterThan(0.5)
    // Held half a second, as on the full track, it hid the reply's first half.
    expect(kept()).toBeLessThan(kept(CUSTOMER_MUSIC_AFTER_HOPS) - 0.15)
  })
})

describe('withOnsets', () => {
  // Line noise at -60 dB, then a voice rising 4 dB a hop from hop 100 to -20 dB.
  const db = Float64Array.from({ length: 300 }, (_, i) => (i < 100 ? -60 : Math.min(-20, -60 + 4 * (i - 100))))

  it('moves a start the bar set late back to where the level began its rise', () => {
    // A raised bar let the region start at hop 106 (-36 dB): the nearest hop 6 dB under that is
    // hop 104 (-44 dB), so the voice began at hop 105.
    const regions: Region[] = [{ stream: 1, start: 1.06, end: 2 }]
    withOnsets(regions, db)
    expect(regions[0]?.onset).toBeCloseTo(1.05, 6)
  })

  it('sets none where the level is as high all the way back, or the start is the rise itself', () => {
    const regions: Region[] = [
      { stream: 1, start: 2, end: 2.5 },
      { stream: 1, start: 1.01, end: 2 },
    ]
    withOnsets(regions, db)
    expect(regions.map((r) => r.onset)).toEqual([undefined, undefined])
  })
})

describe('placeTurns with an onset', () => {
  it('starts a turn at the onset of its first region, a turn split from a run too', () => {
    const regions: Region[] = [
      { stream: 0, start: 1, end: 3, onset: 0.9 },
      { stream: 0, start: 4, end: 6, onset: 3.95 },
    ]
    const one: UtteranceSpec = { stream: 0, speaker: 0, units: 8, pauseSec: 0 }
    const base = { expected: [2, 2], leadingPause: [0, 0], trailingPause: [0, 0], streams: [regions, []] as [Region[], Region[]], durationSec: 10 }
    const alone = placeTurns({ ...base, utterances: [one, one], runs: [
      { first: 0, count: 1, stream: 0, from: 0, to: 1, truncatable: false },
      { first: 1, count: 1, stream: 0, from: 1, to: 2, truncatable: false },
    ] })
    expect(alone.map((t) => t.start)).toEqual([0.9, 3.95])
    const run = placeTurns({ ...base, utterances: [one, one], runs: [{ first: 0, count: 2, stream: 0, from: 0, to: 2, truncatable: false }] })
    expect(run.map((t) => t.start)).toEqual([0.9, 3.95])
  })
})

describe('placeTurns with quiet fragments at a run\'s end', () => {
  it('ends a turn at its last region that is not quiet (babble matched with a reply), a run of lines too', () => {
    const regions: Region[] = [
      { stream: 1, start: 1, end: 1.1, under: QUIET_REGION_DB + 1 },
      { stream: 1, start: 1.5, end: 2.2 },
      { stream: 1, start: 2.6, end: 2.75, under: QUIET_REGION_DB + 1 },
      { stream: 1, start: 3.2, end: 3.4, under: QUIET_REGION_DB + 1 },
    ]
    const reply: UtteranceSpec = { stream: 1, speaker: 1, units: 4, pauseSec: 0 }
    const base = { utterances: [reply, reply], expected: [0.8, 0.8], leadingPause: [0, 0], trailingPause: [0, 0], streams: [[], regions] as [Region[], Region[]], durationSec: 10 }
    // A quiet region it starts with stays: a soft first syllable is the reply's.
    const alone = placeTurns({ ...base, utterances: [reply], runs: [{ first: 0, count: 1, stream: 1, from: 0, to: 4, truncatable: false }] })
    expect(alone[0]).toEqual({ start: 1, end: 2.2, matched: true })
    const run = placeTurns({ ...base, runs: [{ first: 0, count: 2, stream: 1, from: 0, to: 4, truncatable: false }] })
    expect(run[1]?.end).toBe(2.2)
    // A run of quiet regions alone keeps its first.
    const quietOnly = placeTurns({ ...base, utterances: [reply], runs: [{ first: 0, count: 1, stream: 1, from: 2, to: 4, truncatable: false }] })
    expect(quietOnly[0]).toEqual({ start: 2.6, end: 2.75, matched: true })
  })

  it('ends it too before a fragment 6 dB or more under the run\'s loudest region, quiet or not', () => {
    const withPeaks = (tail: number): Region[] => [
      { stream: 1, start: 1.5, end: 2.2, peak: -20 },
      { stream: 1, start: 2.6, end: 2.75, peak: tail },
    ]
    const reply: UtteranceSpec = { stream: 1, speaker: 1, units: 4, pauseSec: 0 }
    const end = (tail: number) =>
      placeTurns({ utterances: [reply], expected: [0.8], leadingPause: [0], trailingPause: [0], streams: [[], withPeaks(tail)], durationSec: 10, runs: [{ first: 0, count: 1, stream: 1, from: 0, to: 2, truncatable: false }] })[0]?.end
    expect(end(-27)).toBe(2.2)
    expect(end(-24)).toBe(2.75)
  })
})

describe('unlikeBackground, where AGC leaves the pauses as loud as the speech', () => {
  // A dull rumble (noise through a one-pole low-pass, as a line's lifted hum) as loud as the voice
  // all through (AGC lifted it): 2 s of it, a 3 s voice over it, 3 s of it, a 3 s voice, 2 s of
  // it. The level cannot tell; the shape can.
  const noise = noiseFrom(4242)
  let last = 0
  const rumble = () => (last = 0.97 * last + 0.2 * noise())
  const bed = (seconds: number) => synth(seconds, rumble)
  // The voice as a telephone line passes it (its low harmonics thinned: the first difference).
  const voiced = (seconds: number, gain = 4) => {
    const v = glidingVoice(seconds, noise)
    return v.map((x, i) => gain * (x - (v[i - 1] ?? 0)) + rumble())
  }
  const joined = (list: Float32Array[]) => {
    const out = new Float32Array(list.reduce((sum, p) => sum + p.length, 0))
    list.reduce((at, p) => (out.set(p, at), at + p.length), 0)
    return out
  }
  const parts = [bed(2), voiced(3), bed(3), voiced(3), bed(2)]
  const samples = joined(parts)
  const track = { samples, scale: 1, sampleRate: RATE }
  const db = toDb(framePower(samples, 1, RATE))
  const share = (mask: Uint8Array, from: number, to: number) => mask.subarray(from * 100, to * 100).reduce((sum, v) => sum + v, 0) / ((to - from) * 100)

  it('marks the voices and leaves the noise between them', () => {
    const sorted = Array.from(db).sort((a, b) => a - b)
    // The level is flat: its loud hops within 6 dB of its quiet ones.
    expect(sorted[Math.floor(sorted.length * 0.95)]! - sorted[Math.floor(sorted.length * 0.25)]!).toBeLessThan(6)
    const mask = unlikeBackground(() => new VoiceSpectra(track), db)
    expect(share(mask, 2.2, 4.8)).toBeGreaterThan(0.7)
    expect(share(mask, 8.2, 10.8)).toBeGreaterThan(0.7)
    expect(share(mask, 0, 1.8)).toBe(0)
    expect(share(mask, 5.3, 7.7)).toBe(0)
    expect(share(mask, 11.3, 13)).toBe(0)
  })

  it('marks a fainter voice too (its frames only 2-6 from the background, as a clipped reply under AGC), still not the noise', () => {
    const fainter = joined([bed(2), voiced(3, 2.6), bed(3), voiced(3, 2.6), bed(2)])
    const faintDb = toDb(framePower(fainter, 1, RATE))
    const mask = unlikeBackground(() => new VoiceSpectra({ samples: fainter, scale: 1, sampleRate: RATE }), faintDb)
    // With the bar at 4.5 (off 3) an eighth to a fifth of each voice was marked.
    expect(share(mask, 2.2, 4.8)).toBeGreaterThan(0.6)
    expect(share(mask, 8.2, 10.8)).toBeGreaterThan(0.6)
    expect(share(mask, 0, 1.8)).toBe(0)
    expect(share(mask, 5.3, 7.7)).toBe(0)
    expect(share(mask, 11.3, 13)).toBe(0)
  })

  it('looks at a track whose loud hops sit up to 7.5 dB over its quiet ones (a louder voice over a lifted bed, as babble under AGC leaves it)', () => {
    const louder = joined([bed(2), voiced(3, 5), bed(3), voiced(3, 5), bed(2)])
    const louderDb = toDb(framePower(louder, 1, RATE))
    const sorted = Array.from(louderDb).sort((a, b) => a - b)
    const spread = sorted[Math.floor(sorted.length * 0.95)]! - sorted[Math.floor(sorted.length * 0.25)]!
    expect(spread).toBeGreaterThan(6)
    expect(spread).toBeLessThan(7.5)
    const mask = unlikeBackground(() => new VoiceSpectra({ samples: louder, scale: 1, sampleRate: RATE }), louderDb)
    expect(share(mask, 2.2, 4.8)).toBeGreaterThan(0.7)
    expect(share(mask, 8.2, 10.8)).toBeGreaterThan(0.7)
    expect(share(mask, 5.3, 7.7)).toBe(0)
  })

  it('leaves a track whose level tells speech from its background alone, without taking its spectra', () => {
    const louder = joined(parts.map((p, i) => (i % 2 === 0 ? p.map((x) => x * 0.03) : p)))
    let taken = false
    const mask = unlikeBackground(() => {
      taken = true
      return new VoiceSpectra({ samples: louder, scale: 1, sampleRate: RATE })
    }, toDb(framePower(louder, 1, RATE)))
    expect(mask.every((v) => v === 0)).toBe(true)
    expect(taken).toBe(false)
  })
})

describe('the first speaking rates on two streams', () => {
  const specs: UtteranceSpec[] = [
    { stream: 0, speaker: 0, units: 40, pauseSec: 0 },
    { stream: 1, speaker: 1, units: 10, pauseSec: 0 },
  ]
  const robot: Region[] = [{ stream: 0, start: 0, end: 8 }]

  it('are each stream\'s speech over its lines\' units', () => {
    expect(initialRates(specs, [robot, [{ stream: 1, start: 9, end: 12 }]], false)).toEqual([0.2, 0.3])
  })

  it('hold the customer at twice the robot\'s seconds per unit at most: babble on their stream is not slow speech', () => {
    // 2 s of reply and 4 s of babble fragments: 0.6 s per unit, the slowest allowed, without the cap.
    const customer: Region[] = [{ stream: 1, start: 9, end: 11 }, ...[12, 13, 14, 15].map((t): Region => ({ stream: 1, start: t, end: t + 1 }))]
    expect(initialRates(specs, [robot, customer], false)).toEqual([0.2, 0.4])
    // Quiet regions (babble far under the replies, faint music) are not counted at all.
    expect(initialRates(specs, [robot, customer.map((c, i) => (i > 0 ? { ...c, under: QUIET_REGION_DB + 1 } : c))], false)).toEqual([0.2, 0.2])
    // One stream: one rate for all, no cap.
    expect(initialRates(specs, [[...robot, ...customer.map((c) => ({ ...c, stream: 0 as const }))], []], true)).toEqual([0.28, 0.28])
  })

  it('leave out what the robot\'s regions cover (echo fragments of its words), but not a reply that broke in', () => {
    // 2.5 s of reply after the robot, and 2.1 s of fragments under its line: 0.25 s per unit, not
    // the 0.4 the fragments would make it (0.46, held at twice the robot's).
    const fragments: Region[] = [1, 3, 5].map((t): Region => ({ stream: 1, start: t, end: t + 0.7 }))
    const reply: Region = { stream: 1, start: 9, end: 11.5 }
    expect(initialRates(specs, [robot, [...fragments, reply]], false)).toEqual([0.2, 0.25])
    // A reply that starts under the robot's last second and goes on 2 s after it counts whole.
    expect(initialRates(specs, [robot, [{ stream: 1, start: 7, end: 10 }]], false)).toEqual([0.2, 0.3])
  })
})

describe('alignSequence with two robot lines in a row', () => {
  it('parts them at the pause between them, not at a shorter one inside the first', () => {
    // A development call's slow robot (two-track): three lines in a row, each played after a
    // pause of half a second or more; inside a line the pauses are under a third of one. By
    // length alone the second line took the first one's last region (30.89–31.58), and the third
    // the second's (39.47–39.82).
    const robot = [
      [23.42, 23.57], [23.79, 25.63], [25.83, 26.08], [26.25, 26.7], [26.88, 27.02], [27.23, 27.69], [27.88, 28.33], [28.53, 28.71], [28.91, 29.01], [29.3, 30.15], [30.33, 30.66], [30.89, 31.58],
      [32.15, 32.58], [32.8, 33.99], [34.18, 35.62], [35.9, 36.71], [36.87, 37.22], [37.4, 37.84], [38.0, 39.3], [39.47, 39.82],
      [40.55, 42.24], [42.52, 43.55], [43.74, 45.51], [47.55, 48.09], [48.26, 49.12],
    ].map(([start, end]) => ({ stream: 0 as const, start: start as number, end: end as number }))
    const texts = ['您只需要在我们的公众号上填写行驶证信息，十分钟就能出保单。', '今年续保可以享受八五折优惠，还送一次免费洗车和道路救援服务。', '如果今天办理，还能额外领取一百元加油卡，（停顿2s）您看需要我帮您登记一下吗？']
    const specs: UtteranceSpec[] = texts.map((text) => {
      const l = utteranceLength(text)
      return { stream: 0, speaker: 0, units: l.units, pauseSec: l.pauseSec, syllables: l.syllables }
    })
    const { runs } = alignSequence(specs, [robot, []], [0.26, 0.26], false)
    expect(runs.map((run) => [run.first, run.from])).toEqual([
      [0, 0],
      [1, 12],
      [2, 20],
    ])
  })
})

/** A robot line and the reply after it as the placement hands them on: the line's run on its one
 * region (0 to `lineEnd` s), the runs on the customer's `regions` (`at` each one's region, `first`
 * the line it takes) and what each line's text takes (s). */
function lineThenReply(lineEnd: number, regions: Region[], runs: { first: number; at: number }[], expected: [number, number], durationSec: number) {
  const specs: UtteranceSpec[] = [
    { stream: 0, speaker: 0, units: 20, pauseSec: 0 },
    { stream: 1, speaker: 1, units: 5, pauseSec: 0 },
  ]
  return {
    utterances: specs,
    expected,
    leadingPause: [0, 0],
    trailingPause: [0, 0],
    streams: [[{ stream: 0 as const, start: 0, end: lineEnd }], regions] as [Region[], Region[]],
    runs: [
      { first: 0, count: 1, stream: 0 as const, from: 0, to: 1, truncatable: false },
      ...runs.map(({ first, at }) => ({ first, count: 1, stream: 1 as const, from: at, to: at + 1, truncatable: false })),
    ],
    durationSec,
  }
}

describe('withReplyOpenings', () => {
  // A robot line, then a reply whose first word (0.3 s) stands 0.5 s before the rest; the
  // placement took the rest alone.
  const r = (stream: 0 | 1, start: number, end: number, under?: number): Region => ({ stream, start, end, ...(under === undefined ? {} : { under }) })
  const replyStart = (opening: Region, { taken = false, withTrack = true }: { taken?: boolean; withTrack?: boolean } = {}) => {
    // Taken: the opening is a run of its own (a line the transcript has).
    const runs = [...(taken ? [{ first: 0, at: 0 }] : []), { first: 1, at: 1 }]
    const input = { ...lineThenReply(4, [opening, r(1, 5.3, 6.4, 0)], runs, [4, 1.3], 7), ...(withTrack ? { customerDb: new Float64Array(700) } : {}) }
    const turns = placeTurns(input)
    withReplyOpenings(turns, input)
    return (turns[1] as { start: number }).start
  }

  it('starts a reply at its first word, as loud as the replies, a comma\'s pause before the rest', () => {
    expect(replyStart(r(1, 4.5, 4.8, 1))).toBe(4.5)
  })

  it('leaves it where babble stands before it, a word a line took, a longer stretch or a longer pause, or without a customer track', () => {
    // Far under the loud regions: babble, not the reply's first word.
    expect(replyStart(r(1, 4.5, 4.8, 6))).toBe(5.3)
    expect(replyStart(r(1, 4.5, 4.8, 1), { taken: true })).toBe(5.3)
    // 0.8 s long, or 0.8 s before the rest: not one word parted by a comma.
    expect(replyStart(r(1, 4.0, 4.8, 1))).toBe(5.3)
    expect(replyStart(r(1, 4.2, 4.5, 1))).toBe(5.3)
    expect(replyStart(r(1, 4.5, 4.8, 1), { withTrack: false })).toBe(5.3)
  })
})

describe('withBargeIns', () => {
  // On a full track alone: a robot line (its text 5 s at the robot's rate, 3 s of it placed),
  // then a reply placed from where the voices changed, at 3 s.
  const r = (stream: 0 | 1, start: number, end: number): Region => ({ stream, start, end })
  const replyStart = ({ expected = 5, speech = [r(0, 0, 4)], matched = true, heard = true, heardAt = [3, 4], apply = true }: { expected?: number; speech?: Region[]; matched?: boolean; heard?: boolean; heardAt?: [number, number]; apply?: boolean } = {}) => {
    const input = lineThenReply(3, heard ? [r(1, ...heardAt)] : [], matched ? [{ first: 1, at: 0 }] : [], [expected, 1.2], 6)
    const turns = placeTurns(input)
    if (apply) withBargeIns(turns, input, speech)
    return (turns[1] as { start: number }).start
  }

  it('starts a reply that broke in on a robot line cut short before the voices changed', () => {
    expect(replyStart()).toBeCloseTo(2.7, 9)
  })

  it('starts so a reply heard only in part just after such a line (its first words went to the robot)', () => {
    // Heard 3.3–3.9 s: 0.6 s of the 1.2 its text takes, 0.3 s after the line.
    const partly = { heardAt: [3.3, 3.9] as [number, number], speech: [r(0, 0, 3), r(0, 3.3, 3.9)] }
    expect(replyStart({ ...partly, apply: false })).toBe(3.3)
    expect(replyStart(partly)).toBeCloseTo(2.7, 9)
    // Heard whole, or after a longer pause: where it is heard.
    expect(replyStart({ ...partly, heardAt: [3.3, 4.5], speech: [r(0, 0, 3), r(0, 3.3, 4.5)] })).toBe(3.3)
    expect(replyStart({ heardAt: [3.8, 4.4], speech: [r(0, 0, 3), r(0, 3.8, 4.4)] })).toBe(3.8)
  })

  it('leaves it where the robot line is whole, a pause parts the two, or the reply was not heard and speech follows the line', () => {
    expect(replyStart({ expected: 3.1 })).toBe(3)
    expect(replyStart({ speech: [r(0, 0, 3), r(0, 3, 4)] })).toBe(3)
    expect(replyStart({ matched: false })).toBe(replyStart({ matched: false, apply: false }))
  })

  it('lays a reply not heard over the robot line\'s last words where nothing is heard after the line', () => {
    // Laid into the silence after the line (0.5 s on); said over the line, it ends where the line ends.
    const unheard = { matched: false, heard: false, speech: [r(0, 0, 3)] }
    expect(replyStart({ ...unheard, apply: false })).toBeCloseTo(3.5, 9)
    expect(replyStart(unheard)).toBeCloseTo(3 - 1.2, 9)
    // Speech after the line (heard as the robot's): the reply may be there, and stays.
    expect(replyStart({ ...unheard, speech: [r(0, 0, 3), r(0, 4, 5)] })).toBeCloseTo(3.5, 9)
  })
})
