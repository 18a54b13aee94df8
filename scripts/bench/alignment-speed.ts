// Alignment speed: compute per 3-minute call (percentiles over warm runs, inline and through the
// worker), and what a 30-minute call does to the main thread's event loop: aligned inline it
// blocks the loop for the whole computation; through the worker the loop keeps turning.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { alignCall, type AlignInput } from '../../electron/main/services/alignment'
import { REFIT_MAX_SEC } from '../../electron/main/services/alignment/robot-voice'
import { createWorkerAlignRunner } from '../../electron/main/services/align-runner'
import { decodeWav, encodeWav16, readWavInfo } from '../../electron/main/services/wav'
import { sourceWorker } from '../lib/align-worker-source'
import { threeMinuteCall, wholeCallsWithin } from './long-call'
import { sidesAsChannels } from './track-wav'
import type { AlignmentCase } from './sim-cases'

type Emit = (name: string, value: number | string, unit?: string) => void

const RUNS_3MIN = 40
const RUNS_30MIN = 3

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number
const ms = (v: number) => v.toFixed(1)

/** The 3-minute call laid end to end `times` times: one long call with as many lines. */
function repeated(call: { full: Uint8Array; customer: Uint8Array; utterances: AlignInput['utterances'] }, times: number) {
  const stretch = (bytes: Uint8Array) => {
    const { info, samples } = decodeWav(bytes)
    const out = new Float32Array(samples.length * times)
    for (let k = 0; k < times; k++) out.set(samples, k * samples.length)
    return encodeWav16(out, info.sampleRate)
  }
  const utterances = Array.from({ length: times }, (_, k) =>
    call.utterances.map((u) => ({ ...u, callDetailId: Number(u.callDetailId) + k * 1_000_000 })),
  ).flat()
  return { full: stretch(call.full), customer: stretch(call.customer), utterances }
}

/** A fresh copy of the audio: the worker takes the buffers it is given. */
const copy = (call: { full: Uint8Array; customer: Uint8Array; utterances: AlignInput['utterances'] }): AlignInput => ({
  full: new Uint8Array(call.full),
  customer: new Uint8Array(call.customer),
  utterances: call.utterances,
})

interface LoopFigures {
  /** Event-loop delay, ms: how late a timer on the main thread ran. */
  p99: number
  max: number
  /** The main thread's own busy time, ms (event-loop utilisation): what it spent, not waited. */
  busy: number
}

/** What happens to the main thread's event loop while `work` runs. */
async function loopDelay(work: () => Promise<unknown>): Promise<LoopFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  // A turn of the loop first, so the histogram has started sampling.
  await new Promise((done) => setTimeout(done, 20))
  const before = performance.eventLoopUtilization()
  await work()
  const used = performance.eventLoopUtilization(before)
  await new Promise((done) => setTimeout(done, 20))
  histogram.disable()
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, busy: used.active }
}

/** RUNS_3MIN inline alignments of a call after three to warm up, their times (ms) sorted. */
function inlineTimes(call: AlignInput): number[] {
  for (let i = 0; i < 3; i++) alignCall(call)
  const times: number[] = []
  for (let i = 0; i < RUNS_3MIN; i++) {
    const t0 = performance.now()
    alignCall(call)
    times.push(performance.now() - t0)
  }
  return times.sort((a, b) => a - b)
}

export async function benchAlignmentSpeed(emit: Emit, sim: readonly AlignmentCase[]): Promise<void> {
  const long = threeMinuteCall(sim)

  // Inline: the engine's own compute, warm.
  const times = inlineTimes(long)
  emit('align_3min_compute_p50_ms', ms(percentile(times, 0.5)), 'ms')
  emit('align_3min_compute_p90_ms', ms(percentile(times, 0.9)), 'ms')
  emit('align_3min_compute_p95_ms', ms(percentile(times, 0.95)), 'ms')

  // The same call without its customer track: the voices are learnt and the call placed twice.
  const oneTrackTimes = inlineTimes({ ...long, customer: null })
  emit('align_3min_one_track_compute_p50_ms', ms(percentile(oneTrackTimes, 0.5)), 'ms')
  emit('align_3min_one_track_compute_p90_ms', ms(percentile(oneTrackTimes, 0.9)), 'ms')
  // The longest call on one track that is started again (REFIT_MAX_SEC, whole simulator calls)
  // where its placement does not fit: its transcript gives the first line three times the text
  // said. How many placements it took (a call that fits takes five to seven), and its compute.
  const short = wholeCallsWithin(sim, REFIT_MAX_SEC)
  const misfit = { ...short, customer: null, utterances: short.utterances.map((u, i) => (i === 0 ? { ...u, text: u.text.repeat(3) } : u)) }
  let placed = 0
  alignCall(misfit, { placement: { skips: () => placed++ } })
  emit('align_refit_call_sec', readWavInfo(short.full).durationSec.toFixed(0), 's')
  emit('align_refit_call_placements', placed, 'placements')
  emit('align_refit_call_compute_p50_ms', ms(percentile(inlineTimes(misfit), 0.5)), 'ms')
  // The same call as one stereo recording, each side on its own channel: placed with each as the customer's.
  // (The customer's side is on the right: tried second, after the left is placed and found unsure.)
  const stereo = sidesAsChannels(long.full, long.customer)
  const channelTimes = inlineTimes({ ...long, full: stereo, customer: null })
  emit('align_3min_channels_compute_p50_ms', ms(percentile(channelTimes, 0.5)), 'ms')
  // ...and with the channel the task's last such recording held the customer on (the app passes
  // it): that side alone is placed where it is sure.
  const knownTimes = inlineTimes({ ...long, full: stereo, customer: null, customerChannel: 'right' })
  emit('align_3min_channels_known_compute_p50_ms', ms(percentile(knownTimes, 0.5)), 'ms')

  const runner = createWorkerAlignRunner({ startWorker: sourceWorker(), size: 1 })
  try {
    // Through the worker: a job's round trip (post, align, answer), the audio moved not copied.
    for (let i = 0; i < 3; i++) await runner.align(copy(long))
    const trips: number[] = []
    for (let i = 0; i < RUNS_3MIN; i++) {
      const input = copy(long)
      const t0 = performance.now()
      await runner.align(input)
      trips.push(performance.now() - t0)
    }
    trips.sort((a, b) => a - b)
    emit('align_3min_worker_roundtrip_p50_ms', ms(percentile(trips, 0.5)), 'ms')
    emit('align_3min_worker_roundtrip_p90_ms', ms(percentile(trips, 0.9)), 'ms')

    // A 30-minute call: how long the main thread's loop waits, inline and through the worker.
    const halfHour = repeated(long, 10)
    emit('align_30min_turns', halfHour.utterances.length, 'turns')
    alignCall(copy(halfHour)) // warm at this size
    const inline: LoopFigures[] = []
    const computeMs: number[] = []
    for (let i = 0; i < RUNS_30MIN; i++) {
      const input = copy(halfHour)
      inline.push(
        await loopDelay(async () => {
          const t0 = performance.now()
          alignCall(input)
          computeMs.push(performance.now() - t0)
        }),
      )
    }
    const onWorker: LoopFigures[] = []
    const idle: LoopFigures[] = []
    for (let i = 0; i < RUNS_30MIN; i++) {
      const input = copy(halfHour)
      let took = 0
      onWorker.push(
        await loopDelay(async () => {
          const t0 = performance.now()
          await runner.align(input)
          took = performance.now() - t0
        }),
      )
      // The same stretch of time with nothing aligning: the machine's own noise.
      idle.push(await loopDelay(() => new Promise((done) => setTimeout(done, took))))
    }
    const worst = (list: LoopFigures[]) => ({
      p99: Math.max(...list.map((d) => d.p99)),
      max: Math.max(...list.map((d) => d.max)),
      busy: Math.max(...list.map((d) => d.busy)),
    })
    computeMs.sort((a, b) => a - b)
    emit('align_30min_compute_p50_ms', ms(percentile(computeMs, 0.5)), 'ms')
    const [a, b, c] = [worst(inline), worst(onWorker), worst(idle)]
    emit('align_30min_inline_loop_delay_p99_ms', ms(a.p99), 'ms')
    emit('align_30min_inline_loop_delay_max_ms', ms(a.max), 'ms')
    emit('align_30min_worker_loop_delay_p99_ms', ms(b.p99), 'ms')
    emit('align_30min_worker_loop_delay_max_ms', ms(b.max), 'ms')
    emit('align_30min_inline_main_thread_busy_ms', ms(a.busy), 'ms')
    emit('align_30min_worker_main_thread_busy_ms', ms(b.busy), 'ms')
    emit('align_30min_idle_loop_delay_p99_ms', ms(c.p99), 'ms')
    emit('align_30min_idle_loop_delay_max_ms', ms(c.max), 'ms')
    emit('align_30min_loop_stall_inline_over_worker', (a.max / b.max).toFixed(0), '×')
  } finally {
    await runner.close()
  }
}
