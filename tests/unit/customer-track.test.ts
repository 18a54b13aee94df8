// What is made of a call's customer track (customer-track.ts) on simulated calls (the full track
// the two sides mixed): moved out of step by a known number of samples, inverted, echo alone, the
// whole call, a leg not recorded, the other rate, the two given the other way round, recorded on
// another clock (drifting); and a full recording with each side on its own channel and no customer track.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator, type SimCall } from '../../scripts/lib/simulator'
import { alignCall, type Channel, type CustomerTrackNote } from '../../electron/main/services/alignment'
import { atRateOf, customerDrift, customerOffset, heardInTheMix, holdsTheRobot, readAt, shiftedTrack, swappedTracks, withoutDrift } from '../../electron/main/services/alignment/customer-track'
import { decodeChannels, decodeTrack, type DecodedTrack } from '../../electron/main/services/alignment/wav-input'
import { g711Coder, wav } from '../support/wav-bytes'
import { trackWav } from '../../scripts/bench/track-wav'

interface Fetched {
  call: SimCall
  full: Uint8Array
  customer: Uint8Array
}

let sim: RunningSimulator
const calls: Fetched[] = []

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5 })
  const twoTrack = sim.dataset.calls.filter((c) => c.callDetailList.length > 2 && c.fullAudioUrl?.endsWith('/ai_user.wav') && c.customerAudioUrl)
  for (const call of twoTrack.slice(0, 6)) {
    const get = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer())
    calls.push({ call, full: await get(call.fullAudioUrl as string), customer: await get(call.customerAudioUrl as string) })
  }
})
afterAll(async () => {
  await sim.close()
})

/** The customer's track moved `samples` later (earlier where negative), as a recorder out of step would leave it. */
const outOfStep = shiftedTrack

const asWav = trackWav

/** A call's two recordings, decoded. */
const tracksOf = (c: Fetched): { full: DecodedTrack; own: DecodedTrack } => ({ full: decodeTrack(c.full, 'full'), own: decodeTrack(c.customer, 'customer') })

describe('customerOffset', () => {
  it('finds the tracks in step as the platform records them', () => {
    expect(calls.length).toBe(6)
    for (const c of calls) expect(customerOffset(decodeTrack(c.full, 'full'), decodeTrack(c.customer, 'customer'))).toBe(0)
  })

  it.each([2, -3, 240, -4_000, 9_872, -36_000])('finds a customer track %i samples out of step, to the sample', (samples) => {
    for (const c of calls) {
      const full = decodeTrack(c.full, 'full')
      const moved = outOfStep(decodeTrack(c.customer, 'customer'), samples)
      // Moved later by `samples`, its side sits that much earlier in the full track.
      expect(customerOffset(full, moved)).toBe(-samples)
    }
  })

  it('finds a customer track whose side the line inverted', () => {
    for (const c of calls.slice(0, 3)) {
      const moved = outOfStep(decodeTrack(c.customer, 'customer'), 240)
      const inverted = { ...moved, samples: Int16Array.from(moved.samples, (v) => Math.max(-32767, -v)) }
      expect(customerOffset(decodeTrack(c.full, 'full'), inverted)).toBe(-240)
    }
  })

  it('finds calls out of step by one offset after another, and in step again after them', () => {
    const c = calls[1] as Fetched
    const { full, own } = tracksOf(c)
    // The offset last found is tried first: the same again, then another, then none.
    for (const samples of [400, 400, -1_234, 0, 400]) expect(customerOffset(full, outOfStep(own, samples))).toBe(0 - samples)
  })

  it('leaves a customer track that is not in the full track at all where it is', () => {
    const [a, b] = calls as [Fetched, Fetched]
    expect(customerOffset(decodeTrack(a.full, 'full'), decodeTrack(b.customer, 'customer'))).toBe(0)
    // Nor does a silent one move.
    const silent = decodeTrack(a.customer, 'customer')
    expect(customerOffset(decodeTrack(a.full, 'full'), { ...silent, samples: new Int16Array(silent.samples.length) })).toBe(0)
  })

  it("does not take the robot's echo on the customer's line for the customer's side", () => {
    // A customer track that is nothing but the robot's echo: the full track 100 ms later, 15 dB down.
    const c = calls[0] as Fetched
    const full = decodeTrack(c.full, 'full')
    const echo = shiftedTrack(full, 800)
    const samples = Int16Array.from(echo.samples, (v) => Math.round(v * 0.18))
    expect(customerOffset(full, { ...echo, samples })).toBe(0)
    // At its own level it would be the full track's side, found 800 samples late.
    expect(customerOffset(full, echo)).toBe(-800)
  })

  it('moves a track by the samples asked, keeping its length', () => {
    const track: DecodedTrack = { samples: Int16Array.from([1, 2, 3, 4, 5]), scale: 1 / 32768, sampleRate: 8000 }
    expect(Array.from(shiftedTrack(track, 2).samples)).toEqual([0, 0, 1, 2, 3])
    expect(Array.from(shiftedTrack(track, -2).samples)).toEqual([3, 4, 5, 0, 0])
    expect(shiftedTrack(track, 0)).toBe(track)
  })
})

describe('alignCall with a customer track out of step', () => {
  it('places the turns as it does with the tracks in step', () => {
    for (const c of calls) {
      const utterances = c.call.callDetailList
      const inStep = alignCall({ full: c.full, customer: c.customer, utterances })
      for (const samples of [3, -240, 9_872]) {
        const moved = asWav(outOfStep(decodeTrack(c.customer, 'customer'), samples))
        const result = alignCall({ full: c.full, customer: moved, utterances })
        // The audio moved out past either end is lost; every turn else starts where it did.
        const close = result.turns.filter((t, i) => Math.abs(t.start - (inStep.turns[i]?.start ?? 0)) <= 0.02)
        expect(close.length).toBeGreaterThanOrEqual(result.turns.length - 1)
      }
    }
  })
})

describe('a customer track that is the whole call', () => {
  const alaw = g711Coder(6)

  it('is told from the customer\'s own side, and the call is aligned on the full track alone', () => {
    for (const c of calls) {
      const full = decodeTrack(c.full, 'full')
      expect(holdsTheRobot(full, decodeTrack(c.customer, 'customer'))).toBe(false)
      expect(holdsTheRobot(full, full)).toBe(true)
      const utterances = c.call.callDetailList
      const alone = alignCall({ full: c.full, customer: null, utterances })
      // The same file given twice, or the whole call coded again (A-law) as the customer's.
      const recoded = wav(alaw(full.samples as Int16Array), { format: 6, bits: 8, rate: full.sampleRate })
      for (const customer of [c.full, recoded]) {
        const result = alignCall({ full: c.full, customer, utterances })
        expect(result.method).toBe('full-track')
        expect(result.turns).toEqual(alone.turns)
      }
    }
  })
})

describe('the two recordings given the other way round', () => {
  it('are told apart and swapped back: the call is aligned as given the right way', () => {
    for (const c of calls) {
      const { full, own } = tracksOf(c)
      expect(swappedTracks(full, own)).toBe(false)
      expect(swappedTracks(own, full)).toBe(true)
      // Neither the whole call given twice nor a leg not recorded is taken for swapped.
      expect(swappedTracks(full, full)).toBe(false)
      expect(swappedTracks(full, { ...own, samples: new Int16Array(own.samples.length) })).toBe(false)
      const utterances = c.call.callDetailList
      const right = alignCall({ full: c.full, customer: c.customer, utterances })
      const result = alignCall({ full: c.customer, customer: c.full, utterances })
      expect(result.method).toBe('two-track')
      expect(result.turns).toEqual(right.turns)
    }
  })

  it('are told where the customer speaks louder than the robot too', () => {
    for (const c of calls.slice(0, 3)) {
      const { full, own } = tracksOf(c)
      // The customer's side four times as loud: the full track rebuilt as the robot plus it.
      const louder = Int16Array.from(own.samples, (v) => Math.max(-32768, Math.min(32767, 4 * v)))
      const mix = Int16Array.from(full.samples, (v, i) => Math.max(-32768, Math.min(32767, v + 3 * (own.samples[i] ?? 0))))
      const loudFull = { ...full, samples: mix }
      const loudOwn = { ...own, samples: louder }
      expect(swappedTracks(loudFull, loudOwn)).toBe(false)
      expect(swappedTracks(loudOwn, loudFull)).toBe(true)
    }
  })
})

describe('a customer leg that was not recorded', () => {
  it('is not heard in the full track, and the call is aligned on the full track alone', () => {
    for (const c of calls) {
      const { full, own } = tracksOf(c)
      expect(heardInTheMix(full, own)).toBe(true)
      const utterances = c.call.callDetailList
      expect(utterances.some((u) => u.type === 'PERSON')).toBe(true)
      const alone = alignCall({ full: c.full, customer: null, utterances })
      // Digital silence, or a faint hiss of its own (a seeded sequence: the same every run).
      let seed = 7
      const hiss = Int16Array.from(own.samples, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 61) - 30)
      for (const samples of [new Int16Array(own.samples.length), hiss]) {
        expect(heardInTheMix(full, { ...own, samples })).toBe(false)
        const result = alignCall({ full: c.full, customer: asWav({ ...own, samples }), utterances })
        expect(result.method).toBe('full-track')
        expect(result.turns).toEqual(alone.turns)
      }
    }
  })
})

describe('a customer track at the other rate', () => {
  it('is brought to the full track\'s: down to every other sample, up by the midpoints', () => {
    const at8: DecodedTrack = { samples: Int16Array.from([0, 10, 20, 31]), scale: 1 / 32768, sampleRate: 8000 }
    const at16: DecodedTrack = { ...at8, sampleRate: 16000 }
    expect(Array.from(atRateOf(at16, at8).samples)).toEqual([0, 5, 10, 15, 20, 26, 31, 31])
    expect(atRateOf(at16, at8).sampleRate).toBe(16000)
    expect(Array.from(atRateOf(at8, at16).samples)).toEqual([0, 20])
    expect(atRateOf(at8, at8)).toBe(at8)
  })

  it('aligns a leg recorded at 16 kHz beside a full track at 8 kHz as at one rate', () => {
    for (const c of calls.slice(0, 3)) {
      const own = decodeTrack(c.customer, 'customer')
      const up = atRateOf({ ...own, sampleRate: 16000 }, own)
      const utterances = c.call.callDetailList
      const result = alignCall({ full: c.full, customer: asWav(up), utterances })
      expect(result.method).toBe('two-track')
      expect(result.turns).toEqual(alignCall({ full: c.full, customer: c.customer, utterances }).turns)
    }
  })
})

/** Two 16-bit tracks as one two-channel WAV, sample for sample. */
function stereo(left: Int16Array, right: Int16Array, rate: number): Uint8Array {
  const both = new Int16Array(left.length * 2)
  for (let i = 0; i < left.length; i++) {
    both[2 * i] = left[i] as number
    both[2 * i + 1] = right[i] ?? 0
  }
  return wav(new Uint8Array(both.buffer), { channels: 2, rate })
}

/** The call's two sides: the robot's (the full track less the customer's track) and the customer's. */
function sidesOf(c: Fetched): { robot: Int16Array; customer: Int16Array; rate: number } {
  const full = decodeTrack(c.full, 'full')
  const customer = decodeTrack(c.customer, 'customer').samples as Int16Array
  return { robot: Int16Array.from(full.samples, (v, i) => v - (customer[i] ?? 0)), customer, rate: full.sampleRate }
}

describe('a full recording with each side on its own channel', () => {
  it('is read channel by channel, 16-bit or A-law; a mono file has no channels apart', () => {
    // No offset to take out (a mean of 0).
    const left = Int16Array.from([0, 1000, -2000, 1000])
    const right = Int16Array.from([5, -5, 300, -300])
    const [l, r] = decodeChannels(stereo(left, right, 8000), 'full') as [DecodedTrack, DecodedTrack]
    expect(Array.from(l.samples)).toEqual(Array.from(left))
    expect(Array.from(r.samples)).toEqual(Array.from(right))
    expect(l.sampleRate).toBe(8000)
    const alaw = g711Coder(6)
    const codes = new Uint8Array(8)
    alaw(left).forEach((v, i) => (codes[2 * i] = v))
    alaw(right).forEach((v, i) => (codes[2 * i + 1] = v))
    const coded = decodeChannels(wav(codes, { format: 6, bits: 8, channels: 2 }), 'full') as [DecodedTrack, DecodedTrack]
    expect(Array.from(coded[1].samples)).toEqual(Array.from(decodeTrack(wav(alaw(right), { format: 6, bits: 8 }), 'x').samples))
    expect(decodeChannels(calls[0]?.full as Uint8Array, 'full')).toBeNull()
    // A recorder's 48 kHz brought to 8, each channel apart: six samples to one, their mean.
    const at48 = decodeChannels(stereo(Int16Array.from([6, 6, 6, 12, 12, 12]), Int16Array.from([0, 0, 0, 0, 0, 60]), 48000), 'full') as [DecodedTrack, DecodedTrack]
    expect([Array.from(at48[0].samples), Array.from(at48[1].samples), at48[0].sampleRate]).toEqual([[9], [10], 8000])
  })

  it('gives the customer\'s track: the call is aligned as with its two recordings, whichever side is left', () => {
    for (const c of calls) {
      const { robot, customer, rate } = sidesOf(c)
      const utterances = c.call.callDetailList
      const recorded = alignCall({ full: c.full, customer: c.customer, utterances })
      for (const [bytes, side] of [[stereo(robot, customer, rate), 'right'], [stereo(customer, robot, rate), 'left']] as const) {
        const notes: CustomerTrackNote[] = []
        const result = alignCall({ full: bytes, customer: null, utterances }, { customerTrack: (note) => notes.push(note) })
        expect(result.method).toBe('two-track')
        expect(notes.map((n) => n.channel)).toEqual([side])
        expect(result.turns).toEqual(recorded.turns)
      }
    }
  })

  it('tries the channel the customer was on last time first, and places the other only where that one is not sure', () => {
    for (const c of calls) {
      const { robot, customer, rate } = sidesOf(c)
      const utterances = c.call.callDetailList
      const recorded = alignCall({ full: c.full, customer: c.customer, utterances })
      const bytes = stereo(robot, customer, rate)
      const placedWith = (customerChannel?: Channel) => {
        const notes: CustomerTrackNote[] = []
        const result = alignCall({ full: bytes, customer: null, utterances, customerChannel }, { customerTrack: (note) => notes.push(note) })
        expect(result.turns).toEqual(recorded.turns)
        expect(result.customerChannel).toBe('right')
        return notes.map((n) => n.channelsPlaced)
      }
      // Known, the right channel alone; the left (where it was last time, or first by default)
      // is placed, found unsure, and the right placed after it.
      expect([placedWith('right'), placedWith('left'), placedWith()]).toEqual([[1], [2], [2]])
    }
  })

  it('finds the customer\'s leg beside a channel that holds the whole mix', () => {
    for (const c of calls.slice(0, 3)) {
      const full = decodeTrack(c.full, 'full').samples as Int16Array
      const { customer, rate } = sidesOf(c)
      const notes: CustomerTrackNote[] = []
      const result = alignCall({ full: stereo(full, customer, rate), customer: null, utterances: c.call.callDetailList }, { customerTrack: (note) => notes.push(note) })
      expect(result.method).toBe('two-track')
      expect(notes.map((n) => n.channel)).toEqual(['right'])
    }
  })

  it('is a mono call where both channels are the same, or where one side was not recorded', () => {
    for (const c of calls.slice(0, 3)) {
      const full = decodeTrack(c.full, 'full').samples as Int16Array
      const { robot, rate } = sidesOf(c)
      const utterances = c.call.callDetailList
      const alone = alignCall({ full: c.full, customer: null, utterances })
      const notes: CustomerTrackNote[] = []
      const copied = alignCall({ full: stereo(full, full, rate), customer: null, utterances }, { customerTrack: (note) => notes.push(note) })
      expect(copied.method).toBe('full-track')
      expect(copied.turns).toEqual(alone.turns)
      const silent = alignCall({ full: stereo(robot, new Int16Array(robot.length), rate), customer: null, utterances }, { customerTrack: (note) => notes.push(note) })
      expect(silent.method).toBe('full-track')
      expect(notes).toEqual([])
    }
  })
})

describe('a customer track recorded on another clock', () => {
  it('is read between samples by a windowed sinc: exactly at whole samples, a slow tone half a sample on', () => {
    const tone = Float32Array.from({ length: 400 }, (_, i) => Math.sin((2 * Math.PI * 300 * i) / 8000))
    const track: DecodedTrack = { samples: tone, scale: 1, sampleRate: 8000 }
    readAt(track, (j) => j).samples.forEach((v, j) => expect(v).toBeCloseTo(tone[j] as number, 9))
    const half = readAt(track, (j) => j + 0.5).samples
    for (let j = 20; j < 380; j++) expect(half[j] as number).toBeCloseTo(Math.sin((2 * Math.PI * 300 * (j + 0.5)) / 8000), 3)
  })

  it('is found drifting, and the call aligned as in step', () => {
    let found = 0
    for (const c of calls) {
      const { full, own } = tracksOf(c)
      // In step: nothing to undo.
      const kept = withoutDrift(full, own)
      expect([kept.track === own, kept.ppm]).toEqual([true, 0])
      const utterances = c.call.callDetailList
      const inStep = alignCall({ full: c.full, customer: c.customer, utterances })
      for (const ppm of [50, -80]) {
        // The customer's clock `ppm` fast: its sample j is the line's at j·(1 + ppm/10⁶).
        const drifting = readAt(own, (j) => j * (1 + ppm / 1e6), 16)
        const drift = customerDrift(full, drifting)
        // Found where the mix cancels in windows over much of the call (half the simulated calls:
        // the others' customer tracks cancel in a few windows only, which a drift is not fitted
        // to), to within a tenth of it; the call is then aligned as in step.
        if (!drift) continue
        found++
        expect(Math.abs(drift.perSample * 1e6 - ppm)).toBeLessThan(Math.abs(ppm) / 10)
        const notes: CustomerTrackNote[] = []
        const result = alignCall({ full: c.full, customer: asWav(drifting), utterances }, { customerTrack: (note) => notes.push(note) })
        expect(Math.abs((notes[0]?.driftPpm ?? 0) - ppm)).toBeLessThan(Math.abs(ppm) / 10)
        const close = result.turns.filter((t, i) => Math.abs(t.start - (inStep.turns[i]?.start ?? 0)) <= 0.02)
        expect(close.length).toBeGreaterThanOrEqual(result.turns.length - 1)
      }
    }
    expect(found).toBeGreaterThanOrEqual(6)
  })
})
