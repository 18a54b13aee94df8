// The alignment engine on a busy line: babble under the customer on their side of the call, which
// the full track carries too (it is the two sides mixed). The customer's turns must be found and
// the babble in the pauses and under the robot must not become customer speech.
import { describe, expect, it } from 'vitest'
import { fullTrackRegions, isQuiet, mixResidual, twoTrackRegions, type MixResidual, type Region } from '../../electron/main/services/alignment/speech-regions'
import { BUSY_LIFT_DB, measureVoices } from '../../electron/main/services/alignment'
import { levelTrack } from '../support/levels'
import { backgroundFloorDb, noiseFloorDb } from '../../electron/main/services/alignment/voice-activity'
import { framePower, toDb } from '../../electron/main/services/alignment/frame-power'

const RATE = 8000
const SECONDS = 20
let seed = 4242
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}

/** A talker: a gliding voiced buzz, syllables at about 4 Hz with a dip between each, words with short gaps. */
function talker(seconds: number, f0: number, rate: number, level: number, spans?: [number, number][]): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE))
  let phase = 0
  const offset = random() * 10
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE
    if (spans && !spans.some(([a, b]) => t >= a && t < b)) continue
    // A pause of a third of a second every two seconds or so, unless told when to talk.
    if (!spans && (t + offset) % 2.1 > 1.8) continue
    const pitch = f0 * (1 + 0.15 * Math.sin(2 * Math.PI * 1.7 * (t + offset)) + 0.06 * Math.sin(2 * Math.PI * 5.3 * t))
    phase += (2 * Math.PI * pitch) / RATE
    let v = 0
    for (let h = 1; h * pitch < 3400; h++) v += Math.sin(h * phase) / h
    const syllable = Math.max(0, Math.sin(2 * Math.PI * rate * (t + offset)))
    out[i] = level * v * Math.sqrt(syllable) + level * 0.05 * (random() - 0.5)
  }
  return out
}

function add(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts[0]?.length ?? 0)
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (p[i] ?? 0)
  return out
}

const CUSTOMER: [number, number][] = [
  [6, 7.5],
  [14.2, 16],
]
const ROBOT: [number, number][] = [
  [1, 5],
  [9, 13],
  [17, 19.5],
]

function busyCall(robotLevel = 0.1, babbleLevel = 0.025) {
  seed = 4242
  // Four people talking in the room, by default 12 dB under the customer.
  const babble = add(...[140, 175, 210, 250].map((f0, k) => talker(SECONDS, f0, 3.6 + 0.4 * k, babbleLevel)))
  const customer = talker(SECONDS, 190, 4.2, 0.1, CUSTOMER)
  const robot = talker(SECONDS, 220, 4.5, robotLevel, ROBOT)
  const echo = new Float32Array(robot.length)
  for (let i = 400; i < robot.length; i++) echo[i] = 0.05 * (robot[i - 400] as number)
  const side = add(babble, customer, echo)
  return { full: { samples: add(robot, side), scale: 1, sampleRate: RATE }, customer: { samples: side, scale: 1, sampleRate: RATE } }
}

const overlap = (r: Region, [a, b]: [number, number]) => Math.max(0, Math.min(r.end, b) - Math.max(r.start, a))

describe('customer speech over babble', () => {
  it('finds the customer turns and leaves the babble in the pauses and under the robot alone', () => {
    const { full, customer } = busyCall()
    const regions = twoTrackRegions(full, customer).regions
    const said = regions.filter((r) => r.stream === 1)
    // Each turn found, starting within 0.15 s of when it does.
    for (const turn of CUSTOMER) {
      const first = said.filter((r) => overlap(r, turn) > 0).sort((a, b) => a.start - b.start)[0]
      expect(first, `turn at ${turn[0]}`).toBeDefined()
      expect(Math.abs((first as Region).start - turn[0])).toBeLessThan(0.15)
    }
    // Little customer speech outside the turns (a few babble peaks at most).
    const outside = said.reduce((sum, r) => sum + (r.end - r.start) - CUSTOMER.reduce((o, t) => o + overlap(r, t), 0), 0)
    expect(outside).toBeLessThan(1)
  })

  it('finds the robot under the babble, every line of it', () => {
    const { full, customer } = busyCall()
    const robot = twoTrackRegions(full, customer).regions.filter((r) => r.stream === 0)
    for (const line of ROBOT) expect(robot.some((r) => overlap(r, line) > 0.5), `line at ${line[0]}`).toBe(true)
    const outside = robot.reduce((sum, r) => sum + (r.end - r.start) - ROBOT.reduce((o, t) => o + overlap(r, t), 0), 0)
    expect(outside).toBeLessThan(0.6)
  })

  it('finds the robot when the customer side, babble lifted by AGC, is louder than the robot', () => {
    // The robot 14 dB under the customer, the babble (lifted) 6 dB above the robot: on the full
    // track the robot hardly rises above the floor the babble makes.
    const { full, customer } = busyCall(0.02, 0.04)
    const robot = twoTrackRegions(full, customer).regions.filter((r) => r.stream === 0)
    for (const line of ROBOT) {
      const covered = robot.reduce((sum, r) => sum + overlap(r, line), 0)
      expect(covered, `line at ${line[0]}`).toBeGreaterThan(0.6 * (line[1] - line[0]))
    }
  })
})

describe('a quiet robot on a noisy line', () => {
  it('finds the customer even where the loudest frames of the full track are theirs', () => {
    // No echo on the customer's side; on the full track a hiss, the robot not far above it, and
    // the customer (2 ms later than on their own track, so the tracks do not cancel) well above.
    seed = 99
    const customer = talker(SECONDS, 190, 4.2, 0.1, CUSTOMER)
    const robot = talker(SECONDS, 220, 4.5, 0.012, ROBOT)
    const hiss = Float32Array.from({ length: robot.length }, () => 0.02 * (random() - 0.5))
    const late = new Float32Array(customer.length)
    late.set(customer.subarray(0, customer.length - 16), 16)
    const side = add(customer, Float32Array.from({ length: robot.length }, () => 0.004 * (random() - 0.5)))
    const regions = twoTrackRegions({ samples: add(robot, late, hiss), scale: 1, sampleRate: RATE }, { samples: side, scale: 1, sampleRate: RATE }).regions
    const said = regions.filter((r) => r.stream === 1)
    for (const turn of CUSTOMER) expect(said.some((r) => overlap(r, turn) > 0.5 * (turn[1] - turn[0])), `turn at ${turn[0]}`).toBe(true)
  })
})

describe('a quiet line with a few loud moments over the robot', () => {
  it('keeps the customer bar where the line is: a handful of loud frames under the robot are not a busy background', () => {
    // A quiet line, a strong echo, and a loud "嗯" now and then over the robot's lines (a fifteenth
    // of its talk). The bar was raised above them, and every customer turn was lost.
    seed = 7
    const seconds = 36
    const robotLines: [number, number][] = [
      [1, 10],
      [12, 21],
      [23.5, 33],
    ]
    const turns: [number, number][] = [
      [10.6, 11.6],
      [21.6, 23],
    ]
    const over: [number, number][] = robotLines.flatMap(([a]) => [0, 1, 2, 3, 4].map((k): [number, number] => [a + 1.2 + 1.6 * k, a + 1.36 + 1.6 * k]))
    const robot = talker(seconds, 220, 4.5, 0.1, robotLines)
    const echo = new Float32Array(robot.length)
    for (let i = 200; i < robot.length; i++) echo[i] = 0.1 * (robot[i - 200] as number)
    const side = add(
      talker(seconds, 190, 4.2, 0.06, turns),
      talker(seconds, 170, 4.2, 0.25, over),
      echo,
      Float32Array.from({ length: robot.length }, () => 0.002 * (random() - 0.5)),
    )
    const regions = twoTrackRegions({ samples: add(robot, side), scale: 1, sampleRate: RATE }, { samples: side, scale: 1, sampleRate: RATE }).regions
    const said = regions.filter((r) => r.stream === 1)
    for (const turn of turns) expect(said.some((r) => overlap(r, turn) > 0.5 * (turn[1] - turn[0])), `turn at ${turn[0]}`).toBe(true)
  })
})

describe('a busy line with no customer track', () => {
  it('finds the robot and the customer on the full track alone, and little of the babble', () => {
    const { full } = busyCall(0.1, 0.025)
    const { regions } = fullTrackRegions(full)
    const spoken = [...ROBOT, ...CUSTOMER]
    for (const turn of spoken) expect(regions.some((r) => overlap(r, turn) > 0), `turn at ${turn[0]}`).toBe(true)
    const outside = regions.reduce((sum, r) => sum + (r.end - r.start) - spoken.reduce((o, t) => o + overlap(r, t), 0), 0)
    expect(outside).toBeLessThan(4.5)
  })
})

describe('how busy a full track alone is', () => {
  // The line's own hiss, which a clean call has in its pauses too.
  const hiss = () => Float32Array.from({ length: SECONDS * RATE }, () => 0.002 * (random() - 0.5))
  const withHiss = (samples: Float32Array) => ({ samples: add(samples, hiss()), scale: 1, sampleRate: RATE })

  it('measures how far babble lifts the floor over the plain noise floor, and a clean line as not lifted', () => {
    const busy = fullTrackRegions(withHiss(busyCall().full.samples))
    const clean = fullTrackRegions(withHiss(busyCall(0.1, 0).full.samples))
    expect(busy.lift).toBeGreaterThanOrEqual(BUSY_LIFT_DB)
    expect(clean.lift).toBeLessThan(2)
  })

  it("judges each voice's stretches against its loud ones only on a busy line, and counts syllables on both", () => {
    // The level: the robot at -15 dB, a reply at -20 dB, a babble fragment the customer's voice
    // model took at -35 dB (15 dB under the reply)...
    // ...and one the robot's voice model took at -30 dB, 15 dB under the robot.
    const db = levelTrack(600, -60, [[-15, 0, 100], [-20, 200, 300], [-35, 400, 420], [-30, 500, 520]])
    const voices = (): Region[] => [
      { stream: 0, start: 0, end: 1 },
      { stream: 1, start: 2, end: 3 },
      { stream: 1, start: 4, end: 4.2 },
      { stream: 0, start: 5, end: 5.2 },
    ]
    const busy = measureVoices(voices(), db, BUSY_LIFT_DB + 1)
    // Each voice judged against its own loud stretches.
    expect(busy.map((r) => isQuiet(r))).toEqual([false, false, true, true])
    expect(busy.map((r) => r.under)).toEqual([0, 0, 15, 15])
    const clean = measureVoices(voices(), db, 1)
    expect(clean.map((r) => r.under ?? r.peak)).toEqual([undefined, undefined, undefined, undefined])
    for (const list of [busy, clean]) expect(list.every((r) => r.syllables !== undefined)).toBe(true)
  })
})

/** The full track as the robot, the customer's side and the full track's own noise mixed, and the
 * levels of what is left once the side is taken out (which must be judged a mix). */
function residualOf(robot: Float32Array, side: Float32Array, ownNoise: Float32Array): { fullDb: Float64Array; db: Float64Array } {
  const full = { samples: add(robot, side, ownNoise), scale: 1, sampleRate: RATE }
  const fullDb = toDb(framePower(full.samples, 1, RATE))
  const residual = mixResidual(full, { samples: side, scale: 1, sampleRate: RATE }, fullDb, toDb(framePower(side, 1, RATE)))
  expect(residual).not.toBeNull()
  return { fullDb, db: toDb((residual as MixResidual).power) }
}

describe('mixResidual', () => {
  it('takes the customer track out of a full track that mixes both sides, leaving the robot', () => {
    const { full, customer } = busyCall()
    const fullDb = toDb(framePower(full.samples, 1, RATE))
    const cDb = toDb(framePower(customer.samples, 1, RATE))
    const residual = mixResidual(full, customer, fullDb, cDb)
    expect(residual).not.toBeNull()
    const db = toDb((residual as MixResidual).power)
    // During the customer's first turn (no robot) the residual is far below the full track.
    expect((db[650] as number) - (fullDb[650] as number)).toBeLessThan(-30)
    // During the robot's line it is the full track, babble aside.
    expect(Math.abs((db[300] as number) - (fullDb[300] as number))).toBeLessThan(3)
  })

  it('counts a mix whose customer track AGC holds as loud in its pauses as in speech, the robot talking over most of it', () => {
    seed = 77
    const robot = talker(SECONDS, 220, 4.5, 0.1, [[0.5, 6], [7, 13], [14, 19.5]])
    // The robot's echo and the line's hiss lifted to near the voices' level, and two short replies:
    // the customer track's loudest frames are mostly the echo, under the robot.
    const echo = new Float32Array(robot.length)
    for (let i = 400; i < robot.length; i++) echo[i] = 0.7 * (robot[i - 400] as number)
    const hiss = Float32Array.from({ length: SECONDS * RATE }, () => 0.03 * (2 * random() - 1))
    const side = add(hiss, echo, talker(SECONDS, 190, 4.2, 0.1, [[6.2, 6.8], [13.2, 13.8]]))
    const { fullDb, db } = residualOf(robot, side, Float32Array.from({ length: SECONDS * RATE }, () => 0.002 * (2 * random() - 1)))
    // Between the robot's lines only the full track's own noise is left; during them, the robot.
    expect((db[1350] as number) - (fullDb[1350] as number)).toBeLessThan(-20)
    const loudest = (x: Float64Array) => Math.max(...x.subarray(950, 1050))
    expect(loudest(db) - loudest(fullDb)).toBeGreaterThan(-3)
  })

  it('counts a mix whose customer is quiet and says little, judged on the customer speaking', () => {
    seed = 78
    const seconds = 60
    const robot = talker(seconds, 220, 4.5, 0.1, [[0.5, 9], [10.5, 29], [30.5, 59]])
    // The customer's line noise and two short replies 13 dB over it (2 % of the call): the
    // customer track's loudest tenth is nearly all that noise, and the full track has noise of its
    // own as loud, which no customer track cancels.
    const hiss = Float32Array.from({ length: seconds * RATE }, () => 0.01 * (2 * random() - 1))
    const side = add(hiss, talker(seconds, 190, 4.2, 0.05, [[9.2, 9.8], [29.4, 30]]))
    const { fullDb, db } = residualOf(robot, side, Float32Array.from({ length: seconds * RATE }, () => 0.01 * (2 * random() - 1)))
    // The reply cancels down to the full track's own noise; the robot's line stays.
    expect((db[955] as number) - (fullDb[955] as number)).toBeLessThan(-8)
    expect(Math.abs((db[2000] as number) - (fullDb[2000] as number))).toBeLessThan(3)
  })

  it('says null when the customer track is not part of the full track', () => {
    const { full } = busyCall()
    const other = { samples: talker(SECONDS, 160, 4, 0.1), scale: 1, sampleRate: RATE }
    const fullDb = toDb(framePower(full.samples, 1, RATE))
    expect(mixResidual(full, other, fullDb, toDb(framePower(other.samples, 1, RATE)))).toBeNull()
  })
})

describe('backgroundFloorDb', () => {
  it('lifts the floor to where babble sits, and leaves a quiet line at its plain floor', () => {
    seed = 99
    // Babble: a level wandering between -40 and -28 dB; a quiet line: -60 dB with 1 dB of wobble.
    const babble = Float64Array.from({ length: 1200 }, (_, i) => -34 + 6 * Math.sin(i / 7) * Math.sin(i / 23))
    const quiet = Float64Array.from({ length: 1200 }, () => -60 + random())
    for (const db of [babble, quiet]) for (let i = 500; i < 650; i++) db[i] = -15
    const lifted = backgroundFloorDb(babble, noiseFloorDb(babble))
    // Over the plain floor babble rises 6 dB and more much of the time; over the lifted one it seldom does.
    const share = (floor: Float64Array) => babble.filter((v, i) => (i < 500 || i >= 650) && v - (floor[i] as number) > 6).length / 1050
    expect(share(noiseFloorDb(babble))).toBeGreaterThan(0.3)
    expect(share(lifted)).toBeLessThan(0.1)
    const plain = noiseFloorDb(quiet)
    const quietLifted = backgroundFloorDb(quiet, plain)
    expect(Math.max(...quietLifted.map((v, i) => v - (plain[i] as number)))).toBeLessThan(1.5)
  })
})
