// Telling the robot's voice from the customer's on a full track alone: the spectra the tonality
// pass takes are reused exactly, a model taught from a few seconds of each voice labels the rest,
// regions are cut where the voice changes (not at a blip), a one-track call whose reply follows
// the robot without a pause gets the reply's start and its own lane, and one whose lines the
// voices do not fit is started again from other speaking rates.
import { describe, expect, it } from 'vitest'
import { encodeWav16 } from '../../electron/main/services/wav'
import { tonalShare } from '../../electron/main/services/alignment/tonality'
import { cheaperRound, fromOtherStarts, learnVoices, mirroredDct, placeOnVoices, REFIT_COST_PER_LINE, REFIT_MAX_SEC, REFIT_RATE_FACTORS, splitByVoice, teachingFrames, voiceFrames, voiceScores, VoiceSpectra } from '../../electron/main/services/alignment/robot-voice'
import type { Region } from '../../electron/main/services/alignment/speech-regions'
import type { DecodedTrack } from '../../electron/main/services/alignment/wav-input'
import { alignCall, type VoiceRoundsNote } from '../../electron/main/services/alignment'
import { ringingEnd } from '../../electron/main/services/alignment/ring-back'
import { fullTrackRegions } from '../../electron/main/services/alignment/speech-regions'
import { concat } from '../../scripts/heldout/line-call'
import { UNCERTAIN_BELOW } from '../../renderer/src/timing/turn-timing'

const RATE = 8000
let seed = 987
const noise = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff - 0.5
}

interface Voice {
  f0: number
  formants: [number, number]
}
/** The robot's voice and the customer's: a gliding buzz through two resonances each, different ones. */
const ROBOT: Voice = { f0: 130, formants: [500, 1500] }
const CUSTOMER: Voice = { f0: 230, formants: [800, 2500] }

/** `seconds` of a voice: its buzz glides, through its formants, syllable by syllable (dips of 20 dB between). */
function speak(voice: Voice, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE))
  let phase = 0
  const state = voice.formants.map(() => [0, 0])
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE
    phase += (2 * Math.PI * voice.f0 * (1 + 0.33 * Math.sin(2 * Math.PI * 2.3 * t) + 0.14 * Math.sin(2 * Math.PI * 5.1 * t))) / RATE
    let v = (phase % (2 * Math.PI)) / Math.PI - 1 + 0.05 * noise()
    voice.formants.forEach((hz, k) => {
      const r = 0.97
      const s = state[k] as number[]
      const y = v + 2 * r * Math.cos((2 * Math.PI * hz) / RATE) * (s[0] as number) - r * r * (s[1] as number)
      s[1] = s[0] as number
      s[0] = y
      v = y * (1 - r)
    })
    out[i] = v * (0.1 + 0.9 * Math.max(0, Math.sin(2 * Math.PI * 3.5 * t)))
  }
  // Both voices at one level (−20 dBFS): level must not tell them apart.
  const rms = Math.sqrt(out.reduce((sum, v) => sum + v * v, 0) / out.length)
  return out.map((v) => (0.1 * v) / rms)
}

const silence = (seconds: number) => Float32Array.from({ length: Math.round(seconds * RATE) }, () => 0.0005 * noise())
const trackOf = (samples: Float32Array): DecodedTrack => ({ samples, scale: 1, sampleRate: RATE })

describe('voice spectra', () => {
  it('keeps the spectra the tonality pass takes, the very ones it would take itself', () => {
    const track = trackOf(concat([speak(ROBOT, 2), speak(CUSTOMER, 2)]))
    const hops = Math.floor(track.samples.length / 80)
    const heard = new VoiceSpectra(track)
    const wanted = new Uint8Array(hops).fill(1, 0, 250)
    tonalShare(track.samples, 1, RATE, hops, wanted, heard.listener)
    const regions: Region[] = [{ stream: 0, start: 0.5, end: 3.5 }]
    const shared = voiceFrames(heard, regions)
    const own = voiceFrames(new VoiceSpectra(track), regions)
    expect(shared.hops.length).toBe(150)
    expect(Array.from(shared.cepstra)).toEqual(Array.from(own.cepstra))
    expect(Array.from(shared.voiced)).toEqual(Array.from(own.voiced))
  })
})

describe('cepstra from half the DCT', () => {
  // The textbook DCT-II, term by term.
  const direct = (logMel: Float64Array, coefficients: number) =>
    Array.from({ length: coefficients }, (_, c) => logMel.reduce((sum, v, f) => sum + v * Math.cos((Math.PI * (c + 1) * (f + 0.5)) / logMel.length), 0))
  it.each([20, 21, 7])('equals the direct sum over %i filters, an odd count\'s middle filter included', (filters) => {
    const logMel = Float64Array.from({ length: filters }, () => noise() * 20)
    const out = new Float64Array(14)
    mirroredDct(filters, 12)(logMel, out, 2)
    const want = direct(logMel, 12)
    want.forEach((v, c) => expect(out[c + 2]).toBeCloseTo(v, 9))
    expect([out[0], out[1]]).toEqual([0, 0])
  })
})

describe('the two voices', () => {
  const parts = [speak(ROBOT, 3), speak(CUSTOMER, 2), speak(ROBOT, 3), speak(CUSTOMER, 2)]
  const track = trackOf(concat(parts))
  const regions: Region[] = [{ stream: 0, start: 0, end: 10 }]
  const frames = voiceFrames(new VoiceSpectra(track), regions)

  it('teaches the robot only confident lines inside their edges, and the customer what lies away from every robot line', () => {
    const lines = [
      { start: 0, end: 3, speaker: 0 as const, confidence: 0.9 },
      { start: 3, end: 5, speaker: 1 as const, confidence: 0.3 },
      { start: 5, end: 8, speaker: 0 as const, confidence: 0.4 },
    ]
    const [robot, customer] = teachingFrames(frames, lines, 0.8, 0.15)
    const at = (side: Uint8Array, sec: number) => side[frames.hops.indexOf(Math.round(sec * 50) * 2)]
    expect(at(robot, 1.5)).toBe(1)
    expect(at(robot, 0.1)).toBe(0) // the edge
    expect(at(robot, 6.5)).toBe(0) // an unsure line
    expect(at(customer, 4)).toBe(1)
    expect(at(customer, 3.2)).toBe(0) // near a robot line
    expect(at(customer, 6.5)).toBe(0) // inside an unsure robot line: still the robot's
    expect(at(customer, 9)).toBe(1)
  })

  it('labels the voices it was not taught from', () => {
    const lines = [
      { start: 0, end: 3, speaker: 0 as const, confidence: 0.9 },
      { start: 5, end: 8, speaker: 0 as const, confidence: 0.2 },
    ]
    const [robot, customer] = teachingFrames(frames, lines, 0.8, 0.15)
    // The customer is taught from everything away from robot lines: both of their stretches. The
    // robot's second line was not taught at all.
    const model = learnVoices(frames, robot, customer)
    expect(model).not.toBeNull()
    const scores = voiceScores(frames, model as NonNullable<typeof model>)
    const share = (from: number, to: number, robotSide: boolean) => {
      let hit = 0
      let all = 0
      frames.hops.forEach((h, n) => {
        if (h < from * 100 || h >= to * 100 || !frames.voiced[n]) return
        all++
        if (((scores[n] as number) > 0) === robotSide) hit++
      })
      return hit / all
    }
    expect(share(5.3, 7.7, true)).toBeGreaterThan(0.9)
    expect(share(8.3, 9.7, false)).toBeGreaterThan(0.9)
  })

  it('learns nothing from too little of either voice', () => {
    const robot = new Uint8Array(frames.hops.length).fill(1, 0, 100)
    const customer = new Uint8Array(frames.hops.length).fill(1, 200, 210)
    expect(learnVoices(frames, robot, customer)).toBeNull()
  })

  it('cuts a region where the voice changes, and not at a blip of the other voice; its onset stays with the first piece', () => {
    const change = trackOf(concat([speak(ROBOT, 2), speak(CUSTOMER, 1.5), speak(ROBOT, 1), speak(CUSTOMER, 0.16), speak(ROBOT, 1)]))
    const all: Region[] = [{ stream: 0, start: 0.1, end: 5.66, onset: 0.04 }]
    const f = voiceFrames(new VoiceSpectra(change), all)
    const teach = (from: number, to: number) => Uint8Array.from(f.hops, (h) => (h >= from * 100 && h < to * 100 ? 1 : 0))
    const model = learnVoices(f, teach(0.2, 1.8), teach(2.2, 3.3))
    const cut = splitByVoice(all, f, voiceScores(f, model as NonNullable<typeof model>))
    expect(cut.map((r) => r.stream)).toEqual([0, 1, 0])
    expect(cut[0]?.start).toBe(0.1)
    expect(cut.map((r) => r.onset)).toEqual([0.04, undefined, undefined])
    expect(Math.abs((cut[1]?.start as number) - 2)).toBeLessThan(0.15)
    expect(Math.abs((cut[1]?.end as number) - 3.5)).toBeLessThan(0.15)
    expect(cut[2]?.end).toBe(5.66)
  })
})

const wavAt = (samples: Float32Array) => encodeWav16(samples, RATE)

/** A call's lines: who says them, for how long (s), and the transcript's text. */
const SCRIPT: [Voice, number, string][] = [
  [ROBOT, 3.2, '您好，这里是客服中心，请问是本人吗'],
  [CUSTOMER, 2.4, '是我本人，有什么事'],
  [ROBOT, 3.6, '我们这边有一个新的活动想跟您介绍一下'],
  [CUSTOMER, 2.2, '你说吧，我听着呢'],
  [ROBOT, 3.4, '活动期间办理可以享受八折的优惠价格'],
  [CUSTOMER, 2.6, '好的，你发过来我看看'],
  [ROBOT, 2.8, '那我稍后把详情发到您的手机上'],
]
const utterancesOf = (script: readonly [Voice, number, string][]) => script.map(([voice, , text], i) => ({ callDetailId: i + 1, type: voice === ROBOT ? 'ROBOT' : 'PERSON', text }))

describe('a call on the full track alone', () => {
  it('starts a reply that follows the robot without a pause where the voice changes, and gives it its own lane', () => {
    // The customer answers more slowly than the robot talks (its syllables, 3.5 a second, as many as
    // the text has), each time straight after the robot: by text alone the reply would start too early.
    const script = SCRIPT
    const parts: Float32Array[] = [silence(0.5)]
    const truth: number[] = []
    let at = 0.5
    script.forEach(([voice, seconds], i) => {
      truth.push(at)
      parts.push(speak(voice, seconds))
      at += seconds
      if (voice === CUSTOMER || i === script.length - 1) {
        parts.push(silence(1))
        at += 1
      }
    })
    const result = alignCall({
      full: wavAt(concat(parts)),
      customer: null,
      utterances: utterancesOf(script),
    })
    expect(result.method).toBe('full-track')
    result.turns.forEach((t, i) => expect(Math.abs(t.start - (truth[i] as number))).toBeLessThan(0.2))
    // Each reply has a lane of its own: customer speech from its start to near the robot's next line.
    for (const i of [1, 3, 5]) {
      const lane = result.regions.find((r) => r.speaker === 'customer' && Math.abs(r.start - (truth[i] as number)) < 0.2)
      expect(lane).toBeDefined()
    }
  })
})

describe('a call on the full track alone, on a line as loud as its voices', () => {
  it('shows its turns as uncertain: the level cannot tell where they are', () => {
    const clean = concat([silence(0.5), ...SCRIPT.flatMap(([voice, seconds]) => [speak(voice, seconds), silence(0.8)])])
    const sure = alignCall({ full: wavAt(clean), customer: null, utterances: utterancesOf(SCRIPT) })
    expect(sure.turns.some((t) => (t.confidence ?? 0) >= UNCERTAIN_BELOW)).toBe(true)
    // Noise (AGC, clipping) as loud as the voices all through the call.
    const loud = clean.map((v) => v + 0.6 * noise())
    const flat = alignCall({ full: wavAt(loud), customer: null, utterances: utterancesOf(SCRIPT) })
    expect(flat.method).toBe('full-track')
    expect(flat.turns.every((t) => (t.confidence ?? 1) < UNCERTAIN_BELOW)).toBe(true)
  })
})

describe('a probe of a full track alone (the diagnostic that puts in the truth step by step)', () => {
  const input = {
    full: wavAt(concat([silence(0.5), ...SCRIPT.flatMap(([voice, seconds]) => [speak(voice, seconds), silence(0.6)])])),
    customer: null,
    utterances: utterancesOf(SCRIPT),
  }

  it('changes nothing where it changes nothing, and sees every round of voices', () => {
    let taught = 0
    let scored = 0
    const seen = alignCall(input, { regions: (r) => r, teach: () => taught++, scores: () => scored++ })
    expect(seen).toEqual(alignCall(input))
    expect(taught).toBeGreaterThanOrEqual(2)
    expect(scored).toBe(taught)
  })

  it('places on the labels and the regions it gives', () => {
    // Every frame said to be the robot's: no customer lane is left (there is one without the probe).
    expect(alignCall(input).regions.some((r) => r.speaker === 'customer')).toBe(true)
    const robotOnly = alignCall(input, { scores: (_frames, scores) => scores.fill(5) })
    expect(robotOnly.regions.length).toBeGreaterThan(0)
    expect(robotOnly.regions.every((r) => r.speaker === 'robot')).toBe(true)
    // No speech after 5 s: the regions end there.
    const cut = alignCall(input, { regions: (regions) => regions.filter((r) => r.end <= 5) })
    expect(Math.max(...cut.regions.map((r) => r.end))).toBeLessThanOrEqual(5)
  })
})

describe('a call on the full track alone whose lines the voices do not fit', () => {
  const full = wavAt(concat([silence(0.5), ...SCRIPT.flatMap(([voice, seconds]) => [speak(voice, seconds), silence(0.6)])]))
  // Each line's start: after 0.5 s of silence, the lines with 0.6 s between them.
  const truth: number[] = []
  let at = 0.5
  for (const [, seconds] of SCRIPT) {
    truth.push(at)
    at += seconds + 0.6
  }

  it('starts the voices again at other speaking rates, and places every line where it was said', () => {
    let fitting = 0
    alignCall({ full, customer: null, utterances: utterancesOf(SCRIPT) }, { placement: { skips: () => fitting++ } })
    // The transcript gives the first line three times the text the robot said: a first placement
    // at the rate that text implies laid lines 2-6 up to 9 s late, and the voices learnt from it.
    const misfit = SCRIPT.map(([voice, seconds, text], i): [Voice, number, string] => [voice, seconds, i === 0 ? text.repeat(3) : text])
    let placed = 0
    let told: VoiceRoundsNote | undefined
    const result = alignCall({ full, customer: null, utterances: utterancesOf(misfit) }, { placement: { skips: () => placed++ }, voiceRounds: (note) => (told = note) })
    expect(placed).toBeGreaterThanOrEqual(fitting + 2 * REFIT_RATE_FACTORS.length)
    // The diagnostic says so: the first rounds did not fit, another start fits better (the first
    // line's long text still costs), and not so badly that the turns are doubted.
    expect(told?.startedAgain).toBe(true)
    expect(told?.costPerLine).toBeGreaterThan(REFIT_COST_PER_LINE)
    expect(told?.kept).not.toBe('first')
    expect(told?.keptCostPerLine).toBeLessThan(told?.costPerLine ?? 0)
    expect(told?.doubted).toBe(false)
    result.turns.forEach((t, i) => expect(Math.abs(t.start - (truth[i] as number))).toBeLessThan(0.1))
  })
})

describe('voices that learnt each other side', () => {
  // Six seconds of speech: the robot's stretch and the customer's, labelled either way round.
  const regions = (robotSec: number): Region[] => [
    { stream: 0, start: 0, end: robotSec },
    { stream: 1, start: robotSec, end: 6 },
  ]
  // A placement whose cost says how well the labels fit: cheap where the robot has the long stretch.
  const placeBy = (calls: Region[][]) => (list: Region[]) => {
    calls.push(list)
    const robot = list.filter((r) => r.stream === 0).reduce((sum, r) => sum + r.end - r.start, 0)
    return { cost: robot >= 3 ? 10 : 50 }
  }

  it('keeps voices whose robot share is near the text’s, placing once', () => {
    const calls: Region[][] = []
    const voices = regions(5)
    const [placed, kept] = placeOnVoices(voices, 0.8, placeBy(calls))
    expect(kept).toBe(voices)
    expect(placed.cost).toBe(10)
    expect(calls).toHaveLength(1)
  })

  it('flips voices that gave the robot the customer’s share when the flipped placement costs less', () => {
    const calls: Region[][] = []
    const voices = regions(1)
    const [placed, kept] = placeOnVoices(voices, 0.8, placeBy(calls))
    expect(calls).toHaveLength(2)
    expect(placed.cost).toBe(10)
    expect(kept.map((r) => r.stream)).toEqual([1, 0])
    expect(kept.map((r) => [r.start, r.end])).toEqual([[0, 1], [1, 6]])
    // The voices given are left as they were.
    expect(voices.map((r) => r.stream)).toEqual([0, 1])
  })

  it('keeps them when the flipped placement costs more, or the share is only a little off', () => {
    const calls: Region[][] = []
    const voices = regions(1)
    const [, kept] = placeOnVoices(voices, 0.8, () => ({ cost: calls.push([]) === 1 ? 10 : 50 }))
    expect(kept).toBe(voices)
    // 0.5 against a text share of 0.7: flipped (0.5) fits no better.
    expect(placeOnVoices(regions(3), 0.7, placeBy([]))[1].map((r) => r.stream)).toEqual([0, 1])
  })
})

describe('one more round of voices', () => {
  const round = (cost: number, name: string, confidence = [0.9, 0.5]): [{ cost: number; confidence: number[] }, string] => [{ cost, confidence }, name]

  it('is not taught where the last round moved no line', () => {
    let taught = 0
    const last = round(10, 'third')
    expect(cheaperRound(last, false, () => (taught++, round(5, 'fourth')))).toBe(last)
    expect(taught).toBe(0)
  })

  it('is kept where its placement costs less, and not where it costs as much or more', () => {
    expect(cheaperRound(round(10, 'third'), true, () => round(9.5, 'fourth'))[1]).toBe('fourth')
    expect(cheaperRound(round(10, 'third'), true, () => round(10, 'fourth'))[1]).toBe('third')
    expect(cheaperRound(round(10, 'third'), true, () => round(12, 'fourth'))[1]).toBe('third')
    // Voices that could not be taught (too little of either) leave the last round.
    expect(cheaperRound(round(10, 'third'), true, () => null)[1]).toBe('third')
  })

  it('is not kept where it costs less but is less sure of its lines (every line shifted by one)', () => {
    expect(cheaperRound(round(10, 'third', [0.9, 0.8, 0.45]), true, () => round(8, 'fourth', [0.45, 0.45, 0.45]))[1]).toBe('third')
    expect(cheaperRound(round(10, 'third', [0.9, 0.8, 0.45]), true, () => round(8, 'fourth', [0.9, 0.9, 0.45]))[1]).toBe('fourth')
  })
})

describe('voices started again where the last placement did not fit', () => {
  const rounds = (cost: number, name: string) => ({ cost, name })
  const lines = 10
  const fitting = REFIT_COST_PER_LINE * lines
  const seconds = 60

  it('leaves rounds that fit their lines, or a call too long to start again, starting nothing', () => {
    const started: number[] = []
    const kept = rounds(fitting, 'kept')
    expect(fromOtherStarts(kept, seconds, lines, (f) => (started.push(f), rounds(1, 'other')), () => rounds(1, 'again'))).toBe(kept)
    const long = rounds(30, 'long')
    expect(fromOtherStarts(long, REFIT_MAX_SEC + 1, lines, (f) => (started.push(f), rounds(1, 'other')), () => rounds(1, 'again'))).toBe(long)
    expect(started).toEqual([])
  })

  it('starts from every other rate and keeps the cheapest, taught once more where that costs less', () => {
    const started: number[] = []
    // The second rate's start costs least, the first's less than the rounds it had.
    const cost = (f: number) => (f === REFIT_RATE_FACTORS[1] ? 12 : f === REFIT_RATE_FACTORS[0] ? 15 : 40)
    const cheapest = fromOtherStarts(rounds(30, 'kept'), REFIT_MAX_SEC, lines, (f) => (started.push(f), rounds(cost(f), `at ${f}`)), () => null)
    expect(started).toEqual([...REFIT_RATE_FACTORS])
    expect(cheapest.name).toBe(`at ${REFIT_RATE_FACTORS[1]}`)
    let taughtFrom = ''
    const again = fromOtherStarts(rounds(30, 'kept'), seconds, lines, (f) => rounds(cost(f), `at ${f}`), (last) => ((taughtFrom = last.name), rounds(11, 'again')))
    expect([taughtFrom, again.name]).toEqual([`at ${REFIT_RATE_FACTORS[1]}`, 'again'])
    expect(fromOtherStarts(rounds(30, 'kept'), seconds, lines, (f) => rounds(cost(f), `at ${f}`), () => rounds(12, 'again')).name).toBe(`at ${REFIT_RATE_FACTORS[1]}`)
  })

  it('keeps the rounds it had where no other start costs less or teaches both voices', () => {
    expect(fromOtherStarts(rounds(30, 'kept'), seconds, lines, () => rounds(30, 'other'), () => null).name).toBe('kept')
    expect(fromOtherStarts(rounds(30, 'kept'), seconds, lines, () => null, () => rounds(35, 'again')).name).toBe('kept')
  })
})

describe('the ring-back tone', () => {
  /** `seconds` of a tone at `hz`, on for one second from each of `onsets` (s), with `between` laid under the whole. */
  const ringing = (hz: number, seconds: number, onsets: number[], between: Float32Array) => {
    const out = new Float32Array(Math.round(seconds * RATE))
    for (let i = 0; i < out.length; i++) {
      const t = i / RATE
      const on = onsets.some((s) => t >= s && t < s + 1)
      out[i] = (on ? 0.1 * Math.sin(2 * Math.PI * hz * t) : 0) + (between[i] ?? 0)
    }
    return out
  }
  // The customer side's noise between the bursts, lifted to speech's level (AGC): a voice, quieter.
  const lifted = (seconds: number) => speak(CUSTOMER, seconds).map((v) => 0.4 * v)
  const endOf = (samples: Float32Array) => {
    const track = trackOf(samples)
    const share = tonalShare(track.samples, track.scale, track.sampleRate, Math.floor(samples.length / 80))
    return ringingEnd(share, track) / 100
  }

  it('ends the ringing at the last burst of 450 Hz, one second in five, from the call’s start', () => {
    expect(Math.abs(endOf(ringing(450, 14, [0, 5, 10], lifted(14))) - 11)).toBeLessThan(0.2)
    // One burst missing (one with speech under it is not counted): the cadence goes on to the next.
    expect(Math.abs(endOf(ringing(450, 19, [0.5, 5.5, 15.5], lifted(19))) - 16.5)).toBeLessThan(0.2)
  })

  it('is no ring-back at another pitch, another cadence, or a single burst', () => {
    expect(endOf(ringing(600, 14, [0, 5, 10], lifted(14)))).toBe(0)
    expect(endOf(ringing(450, 14, [0, 3, 9], lifted(14)))).toBe(0)
    expect(endOf(ringing(450, 14, [0], lifted(14)))).toBe(0)
    // A cadence that starts long after the call did is not the phone ringing.
    expect(endOf(ringing(450, 30, [12, 17, 22], lifted(30)))).toBe(0)
  })

  it('leaves no speech before the answer on a full track alone', () => {
    const robotLine = speak(ROBOT, 4)
    const call = (hz: number) => concat([ringing(hz, 11.5, [0, 5, 10], lifted(11.5)), robotLine, silence(1)])
    const before = (hz: number) => fullTrackRegions(trackOf(call(hz))).regions.filter((r) => r.start < 11)
    expect(before(450)).toEqual([])
    // The same noise under a tone that is not the ring-back is still heard as speech.
    expect(before(600).length).toBeGreaterThan(0)
  })
})
