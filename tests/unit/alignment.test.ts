// The alignment engine against the simulator's ground truth (recordings fetched over HTTP, as the
// app gets them), its fallbacks, and the recordings it refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator, type SimCall, type TurnTiming } from '../../scripts/lib/simulator'
import { alignCall, AlignmentInputError, type AlignResult } from '../../electron/main/services/alignment'
import { byteSampleTable } from '../../electron/main/services/wav'
import { g711Coder, wav } from '../support/wav-bytes'

interface Fetched {
  call: SimCall
  full: Uint8Array
  customer: Uint8Array | null
  truth: TurnTiming[]
}

let sim: RunningSimulator
const calls: Fetched[] = []

async function download(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer())
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 2 })
  const answered = sim.dataset.calls.filter((c) => c.callDetailList.length > 0 && c.fullAudioUrl?.endsWith('/ai_user.wav'))
  for (const call of answered.filter((_, i) => i % 7 === 0).slice(0, 24)) {
    calls.push({
      call,
      full: await download(call.fullAudioUrl as string),
      customer: call.customerAudioUrl ? await download(call.customerAudioUrl) : null,
      truth: sim.groundTruth(call.callRecordId) ?? [],
    })
  }
})
afterAll(async () => {
  await sim.close()
})

function accuracy(results: { result: AlignResult; truth: TurnTiming[] }[]) {
  const errors: number[] = []
  let inside = 0
  for (const { result, truth } of results) {
    truth.forEach((t, i) => {
      const p = result.turns[i]
      if (!p) throw new Error('missing turn')
      expect(p.callDetailId).toBe(t.callDetailId)
      errors.push(Math.abs(p.start - t.start))
      const mid = (p.start + p.end) / 2
      if (mid >= t.start && mid <= t.end) inside++
    })
  }
  errors.sort((a, b) => a - b)
  return { medianStartError: errors[Math.floor(errors.length / 2)] as number, insideShare: inside / errors.length }
}

const pcmOf = (file: Uint8Array) => new Int16Array(file.slice(44).buffer)

describe('alignCall on simulated calls', () => {
  it('places turns from both tracks close to the ground truth', () => {
    const twoTrack = calls.filter((c) => c.customer)
    expect(twoTrack.length).toBeGreaterThanOrEqual(18)
    const results = twoTrack.map((c) => {
      const result = alignCall({ full: c.full, customer: c.customer, utterances: c.call.callDetailList })
      expect(result.method).toBe('two-track')
      expect(result.estimated).toBe(false)
      expect(result.regions.some((r) => r.speaker === 'customer') || c.call.callDetailList.every((d) => d.type !== 'PERSON')).toBe(true)
      return { result, truth: c.truth }
    })
    const { medianStartError, insideShare } = accuracy(results)
    expect(medianStartError).toBeLessThan(0.3)
    expect(insideShare).toBeGreaterThanOrEqual(0.85)
  })

  it('aligns on the full track alone when there is no customer track', () => {
    const results = calls.map((c) => {
      const result = alignCall({ full: c.full, customer: null, utterances: c.call.callDetailList })
      expect(result.method).toBe('full-track')
      expect(result.estimated).toBe(false)
      return { result, truth: c.truth }
    })
    const { medianStartError, insideShare } = accuracy(results)
    expect(medianStartError).toBeLessThan(0.3)
    expect(insideShare).toBeGreaterThanOrEqual(0.8)
  })

  it('gives times in transcript order, within the recording, to the millisecond', () => {
    const c = calls[0] as Fetched
    const result = alignCall({ full: c.full, customer: c.customer, utterances: c.call.callDetailList })
    expect(result.turns.map((t) => t.callDetailId)).toEqual(c.call.callDetailList.map((d) => d.callDetailId))
    for (const t of result.turns) {
      expect(t.start).toBeGreaterThanOrEqual(0)
      expect(t.end).toBeGreaterThanOrEqual(t.start)
      expect(t.end).toBeLessThanOrEqual(result.durationSec)
      expect(Math.round(t.start * 1000)).toBeCloseTo(t.start * 1000, 6)
    }
  })

  it('places a call with a customer track on the regions a probe gives (the oracle bench\'s two-track modes), and on its own without one', () => {
    const c = calls.find((x) => x.customer) as Fetched
    const input = { full: c.full, customer: c.customer, utterances: c.call.callDetailList }
    let streams: number[] = []
    const seen = alignCall(input, { regions: (regions) => ((streams = regions.map((r) => r.stream)), regions) })
    expect(seen).toEqual(alignCall(input))
    // Both streams are handed over.
    expect(new Set(streams)).toEqual(new Set([0, 1]))
    // Every customer region taken away: no customer lane is left, and the replies are laid into gaps.
    const robotOnly = alignCall(input, { regions: (regions) => regions.filter((r) => r.stream === 0) })
    expect(robotOnly.regions.some((r) => r.speaker === 'customer')).toBe(false)
    expect(seen.regions.some((r) => r.speaker === 'customer')).toBe(true)
  })

  it('aligns the 8-bit codes telephone systems store (A-law, μ-law) as their 16-bit expansion, and as the PCM they came from', () => {
    const twoTrack = calls.filter((c) => c.customer).slice(0, 6)
    for (const format of [6, 7] as const) {
      const code = g711Coder(format)
      const coded = (file: Uint8Array) => wav(code(pcmOf(file)), { format, bits: 8 })
      const table = byteSampleTable(format, 8) as Int16Array
      const results = twoTrack.map((c) => {
        const full = coded(c.full)
        const customer = coded(c.customer as Uint8Array)
        const result = alignCall({ full, customer, utterances: c.call.callDetailList })
        const as16 = (file: Uint8Array) => wav(new Uint8Array(Int16Array.from(file.subarray(44), (b) => table[b] as number).buffer))
        // The engine reads the codes exactly as a 16-bit file of their expansion.
        expect(result).toEqual(alignCall({ full: as16(full), customer: as16(customer), utterances: c.call.callDetailList }))
        expect(result.method).toBe('two-track')
        return { result, truth: c.truth, pcm: alignCall({ full: c.full, customer: c.customer, utterances: c.call.callDetailList }) }
      })
      // And as well as the 16-bit recordings they were coded from.
      const coded8 = accuracy(results)
      const original = accuracy(results.map((r) => ({ result: r.pcm, truth: r.truth })))
      expect(coded8.insideShare).toBeGreaterThanOrEqual(original.insideShare - 0.02)
      expect(coded8.medianStartError).toBeLessThan(original.medianStartError + 0.02)
    }
    // On the full track alone too.
    const c = twoTrack[0] as Fetched
    const alaw = wav(g711Coder(6)(pcmOf(c.full)), { format: 6, bits: 8 })
    expect(alignCall({ full: alaw, customer: null, utterances: c.call.callDetailList }).method).toBe('full-track')
  })

  it('brings a recorder\'s other rates (44.1, 48, 11.025 kHz) to 8 kHz and aligns them as at 8', () => {
    const c = calls.find((x) => x.customer) as Fetched
    // Up from 8 kHz by linear interpolation, as a recorder at that rate would have taken the line.
    const at = (file: Uint8Array, rate: number) => {
      const pcm = pcmOf(file)
      const out = Int16Array.from({ length: Math.floor((pcm.length * rate) / 8000) }, (_, j) => {
        const x = (j * 8000) / rate
        const i = Math.floor(x)
        const a = pcm[i] as number
        const b = (pcm[Math.min(pcm.length - 1, i + 1)] ?? a) as number
        return Math.round(a + (b - a) * (x - i))
      })
      return wav(new Uint8Array(out.buffer), { rate })
    }
    const utterances = c.call.callDetailList
    const at8 = alignCall({ full: c.full, customer: c.customer, utterances })
    for (const rate of [44100, 48000, 11025]) {
      const result = alignCall({ full: at(c.full, rate), customer: at(c.customer as Uint8Array, rate), utterances })
      expect(result.method).toBe('two-track')
      expect(result.durationSec).toBeCloseTo(at8.durationSec, 1)
      const close = result.turns.filter((t, i) => Math.abs(t.start - (at8.turns[i]?.start ?? 0)) < 0.05)
      expect(close.length).toBeGreaterThanOrEqual(result.turns.length - 1)
    }
  })

  it('takes a recorder\'s DC offset out before measuring: aligned as without it, on both tracks or the full track alone', () => {
    for (const c of calls.filter((x) => x.customer).slice(0, 3)) {
      // 2 % of full scale on the full track, −1.5 % on the customer's (each recorder its own).
      const offset = (file: Uint8Array, by: number) => wav(new Uint8Array(Int16Array.from(pcmOf(file), (v) => v + by).buffer))
      const utterances = c.call.callDetailList
      const full = offset(c.full, 655)
      const customer = offset(c.customer as Uint8Array, -492)
      expect(alignCall({ full, customer, utterances }).turns).toEqual(alignCall({ full: c.full, customer: c.customer, utterances }).turns)
      expect(alignCall({ full, customer: null, utterances }).turns).toEqual(alignCall({ full: c.full, customer: null, utterances }).turns)
    }
  })

  it('accepts 16 kHz recordings', () => {
    const c = calls.find((x) => x.customer) as Fetched
    const upsample = (file: Uint8Array) => {
      const pcm = pcmOf(file)
      const out = new Int16Array(pcm.length * 2)
      pcm.forEach((v, i) => {
        out[2 * i] = v
        out[2 * i + 1] = v
      })
      return wav(new Uint8Array(out.buffer), { rate: 16000 })
    }
    const at8 = alignCall({ full: c.full, customer: c.customer, utterances: c.call.callDetailList })
    const at16 = alignCall({ full: upsample(c.full), customer: upsample(c.customer as Uint8Array), utterances: c.call.callDetailList })
    at16.turns.forEach((t, i) => expect(Math.abs(t.start - (at8.turns[i]?.start ?? 0))).toBeLessThan(0.05))
    // On the full track alone too, where the voices are told apart from the same spectra.
    const alone8 = alignCall({ full: c.full, customer: null, utterances: c.call.callDetailList })
    const alone16 = alignCall({ full: upsample(c.full), customer: null, utterances: c.call.callDetailList })
    alone16.turns.forEach((t, i) => expect(Math.abs(t.start - (alone8.turns[i]?.start ?? 0))).toBeLessThan(0.05))
  })
})

describe('alignCall fallbacks and edge cases', () => {
  const utterances = [
    { callDetailId: 1, type: 'ROBOT', text: '您好，这里是客服中心，（停顿2s）请问是本人吗？' },
    { callDetailId: 2, type: 'PERSON', text: '是我。' },
    { callDetailId: 3, type: 'ROBOT', text: '好的，再见。' },
  ]

  it('estimates in proportion to the text without audio, and says so', () => {
    const result = alignCall({ full: null, utterances, durationSec: 20 })
    expect(result.method).toBe('proportional')
    expect(result.estimated).toBe(true)
    expect(result.regions).toEqual([])
    expect(result.turns[0]?.start).toBe(0)
    expect(result.turns[2]?.end).toBeCloseTo(20, 3)
    for (let i = 1; i < result.turns.length; i++) expect(result.turns[i]?.start).toBeGreaterThanOrEqual(result.turns[i - 1]?.end ?? 0)
  })

  it('answers an empty transcript with no turns', () => {
    const c = calls[0] as Fetched
    const result = alignCall({ full: c.full, customer: c.customer, utterances: [] })
    expect(result.turns).toEqual([])
    expect(result.durationSec).toBeGreaterThan(0)
  })

  it('still times every line when the transcript has more lines than speech regions', () => {
    const c = calls.find((x) => x.customer && x.truth.length >= 3) as Fetched
    const many = Array.from({ length: 40 }, (_, i) => ({ callDetailId: 100 + i, type: i % 2 ? 'PERSON' : 'ROBOT', text: '好的，我知道了，谢谢您。' }))
    const result = alignCall({ full: c.full, customer: c.customer, utterances: many })
    expect(result.turns).toHaveLength(40)
    for (let i = 1; i < 40; i++) expect(result.turns[i]?.start).toBeGreaterThanOrEqual(result.turns[i - 1]?.start ?? 0)
    expect(result.turns[39]?.end).toBeLessThanOrEqual(result.durationSec)
  })

  it('says how far each turn can be trusted: lines with speech of their own high, lines laid into gaps low', () => {
    const c = calls.find((x) => x.customer && x.truth.length >= 3) as Fetched
    const real = alignCall({ full: c.full, customer: c.customer, utterances: c.call.callDetailList })
    const confidences = real.turns.map((t) => t.confidence as number)
    expect(confidences.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(confidences.filter((v) => v >= 0.5).length).toBeGreaterThanOrEqual(real.turns.length - 1)
    // Forty lines for a call with a handful of speech regions: most have no audio of their own.
    const many = Array.from({ length: 40 }, (_, i) => ({ callDetailId: 100 + i, type: i % 2 ? 'PERSON' : 'ROBOT', text: '好的，我知道了，谢谢您。' }))
    const padded = alignCall({ full: c.full, customer: c.customer, utterances: many })
    expect(padded.turns.filter((t) => (t.confidence as number) < 0.5).length).toBeGreaterThan(20)
    // An estimate carries no confidence: the transcript says it is estimated as a whole.
    expect(alignCall({ full: null, utterances, durationSec: 20 }).turns.every((t) => t.confidence === undefined)).toBe(true)
  })

  it('copes with a recording of silence', () => {
    const silent = wav(new Uint8Array(8000 * 2 * 5))
    const result = alignCall({ full: silent, customer: silent, utterances })
    expect(result.turns).toHaveLength(3)
    expect(result.regions).toEqual([])
    expect(result.turns.every((t) => t.end <= 5)).toBe(true)
  })

  it('averages a stereo 16-bit file', () => {
    const c = calls[0] as Fetched
    const mono = pcmOf(c.full)
    const stereo = new Int16Array(mono.length * 2)
    mono.forEach((v, i) => {
      stereo[2 * i] = v
      stereo[2 * i + 1] = v
    })
    const result = alignCall({ full: wav(new Uint8Array(stereo.buffer), { channels: 2 }), utterances: c.call.callDetailList })
    const reference = alignCall({ full: c.full, utterances: c.call.callDetailList })
    expect(result.turns).toEqual(reference.turns)
  })

  it.each([
    ['not a WAV file', new TextEncoder().encode('{"code":200}'), /not a RIFF\/WAVE file/],
    ['24-bit PCM', wav(new Uint8Array(300), { bits: 24 }), /24-bit PCM; only 16-bit PCM/],
    ['floating point', wav(new Uint8Array(400), { format: 3, bits: 32 }), /floating point/],
    ['4 kHz', wav(new Uint8Array(400), { rate: 4000 }), /4000 Hz; only 8000–192000 Hz/],
    ['384 kHz', wav(new Uint8Array(400), { rate: 384000 }), /384000 Hz; only 8000–192000 Hz/],
    ['16-bit μ-law', wav(new Uint8Array(400), { format: 7, bits: 16 }), /16-bit μ-law; only 16-bit PCM, 8-bit PCM or 8-bit A-law \/ μ-law/],
    ['ADPCM', wav(new Uint8Array(400), { format: 2, bits: 4 }), /format 2/],
    ['six channels', wav(new Uint8Array(480), { channels: 6 }), /6 channels; only mono or two channels are supported/],
  ])('refuses %s with a clear reason', (_, bytes, message) => {
    expect(() => alignCall({ full: bytes, utterances })).toThrow(AlignmentInputError)
    expect(() => alignCall({ full: bytes, utterances })).toThrow(message)
    const good = calls[0] as Fetched
    expect(() => alignCall({ full: good.full, customer: bytes, utterances })).toThrow(/^customer recording/)
  })
})
