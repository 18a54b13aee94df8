// The held-out line set's conditions (scripts/heldout/line-conditions.ts): which a call carries,
// deterministic from its seed, and that each signal treatment does what its name says.
import { describe, expect, it } from 'vitest'
import { createRng } from '../../electron/simulator'
import {
  activeRms,
  aLawDecode,
  aLawEncode,
  aLawRoundTrip,
  applyAgc,
  babble,
  clip,
  echoPath,
  LINE_CONDITIONS,
  LINE_RATE,
  music,
  planConditions,
  ringbackTone,
} from '../../scripts/heldout/line-conditions'

const rms = (x: Float32Array, fromAt = 0, toAt = x.length) => {
  const [from, to] = [Math.round(fromAt), Math.round(toAt)]
  let sum = 0
  for (let i = from; i < to; i++) sum += (x[i] as number) ** 2
  return Math.sqrt(sum / Math.max(1, to - from))
}
const sine = (hz: number, seconds: number, amp: number) => Float32Array.from({ length: seconds * LINE_RATE }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / LINE_RATE))
const noise = (seed: number, seconds: number, amp: number) => {
  const rng = createRng(seed)
  return Float32Array.from({ length: seconds * LINE_RATE }, () => amp * (rng.next() * 2 - 1) * Math.sqrt(3))
}

describe('planConditions', () => {
  it('gives each call its turn of every condition and labels it, the same for the same seed', () => {
    const plans = Array.from({ length: 26 }, (_, n) => planConditions(n, createRng(100 + n)))
    plans.forEach((plan, n) => {
      expect(plan).toContain(LINE_CONDITIONS[n % LINE_CONDITIONS.length])
      // Listed in the canonical order, each once.
      expect(plan).toEqual(LINE_CONDITIONS.filter((c) => plan.includes(c)))
    })
    for (const c of LINE_CONDITIONS) expect(plans.filter((p) => p.includes(c)).length).toBeGreaterThanOrEqual(2)
    expect(Array.from({ length: 26 }, (_, n) => planConditions(n, createRng(100 + n)))).toEqual(plans)
    expect(plans.some((p) => p.length > 1)).toBe(true)
  })
})

describe('ring-back and music', () => {
  it('rings 450 Hz for one second in five', () => {
    const tone = ringbackTone(10)
    expect(rms(tone, 0, LINE_RATE)).toBeCloseTo(1, 2)
    expect(rms(tone, LINE_RATE, 5 * LINE_RATE)).toBe(0)
    expect(rms(tone, 5 * LINE_RATE, 6 * LINE_RATE)).toBeCloseTo(1, 2)
    // 450 Hz: 900 zero crossings a second.
    let crossings = 0
    for (let i = 1; i < LINE_RATE; i++) if (Math.sign(tone[i] as number) !== Math.sign(tone[i - 1] as number)) crossings++
    expect(Math.abs(crossings - 900)).toBeLessThanOrEqual(2)
  })

  it('makes music at unit level, the same from the same seed and not from another', () => {
    const a = music(createRng(1), 4)
    expect(a.length).toBe(4 * LINE_RATE)
    expect(rms(a)).toBeCloseTo(1, 3)
    expect(music(createRng(1), 4)).toEqual(a)
    expect(music(createRng(2), 4)).not.toEqual(a)
    // It never stops: every half second carries sound.
    for (let s = 0; s < 8; s++) expect(rms(a, (s * LINE_RATE) / 2, ((s + 1) * LINE_RATE) / 2)).toBeGreaterThan(0.1)
  })
})

describe('babble', () => {
  it('keeps talking through the call at unit level', () => {
    // Stand-in "speech": bursts of tone with pauses between them.
    const clip1 = Float32Array.from({ length: LINE_RATE }, (_, i) => (i % 2000 < 1200 ? Math.sin(i / 3) : 0))
    const clip2 = Float32Array.from({ length: LINE_RATE * 2 }, (_, i) => (i % 3000 < 2000 ? Math.sin(i / 5) : 0))
    const bed = babble(createRng(5), [clip1, clip2], 12, 4)
    expect(bed.length).toBe(12 * LINE_RATE)
    expect(rms(bed)).toBeCloseTo(1, 3)
    for (let s = 0; s < 24; s++) expect(rms(bed, (s * LINE_RATE) / 2, ((s + 1) * LINE_RATE) / 2)).toBeGreaterThan(0.2)
  })
})

describe('AGC', () => {
  const settings = { targetRms: 0.1, maxGainDb: 18, releaseDbPerSec: 10 }

  it('lifts the noise in a pause up to its most gain, slowly', () => {
    const loud = sine(500, 1, 0.3)
    const quiet = noise(3, 4, 0.001)
    const input = new Float32Array(loud.length + quiet.length)
    input.set(loud)
    input.set(quiet, loud.length)
    const out = applyAgc(input, settings)
    // Loud speech is left as it is (no gain above the target).
    expect(rms(out, 0, LINE_RATE)).toBeCloseTo(0.3 / Math.SQRT2, 3)
    // Half a second into the pause the gain has climbed about 5 dB, at the end the full 18 dB.
    const at = (s: number) => 20 * Math.log10(rms(out, (1 + s) * LINE_RATE, (1 + s + 0.1) * LINE_RATE) / rms(input, (1 + s) * LINE_RATE, (1 + s + 0.1) * LINE_RATE))
    expect(at(0.45)).toBeGreaterThan(3.5)
    expect(at(0.45)).toBeLessThan(6.5)
    expect(at(3.8)).toBeCloseTo(18, 0)
  })

  it('drops its gain at once when speech comes back', () => {
    const input = new Float32Array(5 * LINE_RATE)
    input.set(noise(4, 4, 0.001))
    input.set(sine(500, 1, 0.3), 4 * LINE_RATE)
    const out = applyAgc(input, settings)
    // Within 20 ms of the speech's start, no more gain than the target allows.
    expect(rms(out, 4.02 * LINE_RATE, 5 * LINE_RATE)).toBeLessThan(0.3)
  })
})

describe('clipping, A-law and the echo path', () => {
  it('clips at the limit after the gain', () => {
    const out = clip(sine(300, 1, 0.2), 12, 0.4)
    expect(Math.max(...out)).toBeCloseTo(0.4, 6)
    expect(Math.min(...out)).toBeCloseTo(-0.4, 6)
    expect(out.filter((v) => Math.abs(v) >= 0.4).length).toBeGreaterThan(LINE_RATE / 3)
  })

  it('codes A-law as G.711 does', () => {
    expect(aLawEncode(0)).toBe(0xd5)
    expect(aLawDecode(0xd5)).toBe(8)
    expect(aLawEncode(32767)).toBe(0xaa)
    expect(aLawDecode(0xaa)).toBe(32256)
    expect(aLawDecode(aLawEncode(-1000))).toBe(-1008)
    // Relative error stays within A-law's step (about 3 %) above the smallest levels.
    const x = sine(440, 1, 0.5)
    const y = aLawRoundTrip(x)
    for (let i = 0; i < x.length; i++) if (Math.abs(x[i] as number) > 0.01) expect(Math.abs((y[i] as number) - (x[i] as number)) / Math.abs(x[i] as number)).toBeLessThan(0.035)
  })

  it('delays and attenuates the robot into the echo', () => {
    const robot = new Float32Array(LINE_RATE)
    robot.fill(1, 1000, 3000)
    const echo = echoPath(robot, 400, 0.2)
    expect(Math.max(...echo.subarray(0, 1400))).toBe(0)
    expect(Math.max(...echo.subarray(1400, 1500))).toBeGreaterThan(0.1)
    expect(activeRms(echo)).toBeLessThan(0.3)
  })
})
