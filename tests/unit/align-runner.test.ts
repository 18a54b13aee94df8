// Alignment on worker threads: the same answer as inline, the engine's errors and a lost worker
// as alignment failures (the timing service then estimates, as before), workers replaced, the
// queue first come first served (the call on screen first) and bounded, cancelled jobs dropped.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ALIGNMENT_REVISION, AlignmentInputError, alignCall, type AlignInput } from '../../electron/main/services/alignment'
import { AlignmentWorkerError, createWorkerAlignRunner, inlineAlignRunner, type AlignRunner } from '../../electron/main/services/align-runner'
import { createTimingService, timingStoreName } from '../../electron/main/services/timing/timing-service'
import { sourceWorker } from '../../scripts/lib/align-worker-source'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type SimCall } from '../../scripts/lib/simulator'
import type { CallDetail } from '../../shared/api-schemas'
import { encodeWav16 } from '../../electron/main/services/wav'
import { sidesAsChannels } from '../../scripts/bench/track-wav'

const FAULTY = resolve(import.meta.dirname, '../support/align-worker-faults.ts')

interface Case {
  call: SimCall
  full: Uint8Array
  customer: Uint8Array | null
}
const cases: Case[] = []

beforeAll(async () => {
  const sim = await startSimulator({ port: 0, seed: 2 })
  try {
    const answered = sim.dataset.calls.filter((c) => c.callDetailList.length > 0 && c.fullAudioUrl?.endsWith('/ai_user.wav') && c.customerAudioUrl)
    for (const call of answered.slice(0, 3)) {
      const get = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer())
      cases.push({ call, full: await get(call.fullAudioUrl as string), customer: await get(call.customerAudioUrl as string) })
    }
  } finally {
    await sim.close()
  }
})

/** A fresh input each time: the pool moves the audio into the worker. */
function input(c: Case): AlignInput {
  return {
    full: new Uint8Array(c.full),
    customer: c.customer && new Uint8Array(c.customer),
    utterances: c.call.callDetailList.map((d) => ({ callDetailId: d.callDetailId, type: d.type, text: d.text })),
  }
}
/** A short silent call whose first line is a cue for the faulty worker. */
const cue = (text: string): AlignInput => ({ full: encodeWav16(new Float32Array(8000), 8000), utterances: [{ callDetailId: 1, type: 'ROBOT', text }] })

const runners: AlignRunner[] = []
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()))
})
/** A pool whose workers are counted and whose log is kept. */
function pool(options: { size?: number; faulty?: boolean } = {}) {
  const start = sourceWorker(options.faulty ? FAULTY : undefined)
  const started: Worker[] = []
  const log: string[] = []
  const runner = createWorkerAlignRunner({
    size: options.size ?? 1,
    startWorker: () => {
      const worker = start()
      started.push(worker)
      return worker
    },
    log: (line) => log.push(line),
  })
  runners.push(runner)
  return { runner, started, log }
}

describe('the worker pool', () => {
  it('answers as the engine does inline, and moves the audio rather than copying it', async () => {
    const { runner } = pool()
    for (const c of cases) {
      const sent = input(c)
      const result = await runner.align(sent)
      expect(result).toEqual(alignCall(input(c)))
      expect(result.method).toBe('two-track')
      // Moved: the main thread's buffers are detached.
      expect(sent.full?.byteLength).toBe(0)
    }
  })

  it('leaves a view into a larger buffer whole: it is copied, not moved', async () => {
    const { runner } = pool()
    const c = cases[0]!
    const larger = new Uint8Array(c.full.byteLength + 16)
    larger.set(c.full, 8)
    const view = larger.subarray(8, 8 + c.full.byteLength)
    const result = await runner.align({ ...input(c), full: view })
    expect(result).toEqual(alignCall(input(c)))
    expect(larger.byteLength).toBe(c.full.byteLength + 16)
  })

  it("surfaces the engine's error as the same AlignmentInputError", async () => {
    const { runner } = pool()
    const error = await runner.align({ full: new Uint8Array(12), utterances: [] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AlignmentInputError)
    expect((error as Error).message).toMatch(/^full recording: /)
    // The worker survives its job's error.
    expect(await runner.align(input(cases[0]!))).toEqual(alignCall(input(cases[0]!)))
  })

  it.each(['crash', 'throw'])('fails the job of a worker that stops (%s) and starts another for the next', async (fault) => {
    const { runner, started, log } = pool({ faulty: true })
    await expect(runner.align(cue(fault))).rejects.toBeInstanceOf(AlignmentWorkerError)
    expect(log.join('\n')).toMatch(fault === 'crash' ? /exit code 3/ : /worker fault/)
    expect(await runner.align(input(cases[0]!))).toEqual(alignCall(input(cases[0]!)))
    expect(started).toHaveLength(2)
  })

  it('answers first come, first served, on no more workers than its size', async () => {
    const { runner, started } = pool({ size: 2 })
    const order: number[] = []
    const jobs = [0, 1, 2, 0, 1].map((i, n) => runner.align(input(cases[i]!)).then((result) => (order.push(n), result)))
    const results = await Promise.all(jobs)
    results.forEach((result, n) => expect(result).toEqual(alignCall(input(cases[[0, 1, 2, 0, 1][n]!]!))))
    expect(started.length).toBeLessThanOrEqual(2)
    const one = pool({ size: 1 })
    const serial: number[] = []
    await Promise.all([0, 1, 2].map((i) => one.runner.align(input(cases[i]!)).then(() => serial.push(i))))
    expect(serial).toEqual([0, 1, 2])
    expect(one.started).toHaveLength(1)
  })

  it('takes an urgent job (the call on screen) before those queued earlier, asking when a worker comes free', async () => {
    const { runner } = pool({ size: 1 })
    let onScreen = false
    const order: string[] = []
    const run = (name: string, i: number, urgent?: () => boolean) => runner.align(input(cases[i]!), { urgent }).then(() => order.push(name))
    const jobs = [run('first', 0), run('download 1', 1), run('download 2', 2), run('on screen', 0, () => onScreen)]
    // The reviewer opens that call while the first job runs: it is urgent by the time a worker is free.
    onScreen = true
    await Promise.all(jobs)
    expect(order).toEqual(['first', 'on screen', 'download 1', 'download 2'])
  })

  it('drops a queued job whose signal aborts, and stops the worker of a running one', async () => {
    const { runner, started } = pool({ faulty: true })
    const running = new AbortController()
    const queued = new AbortController()
    const hanging = runner.align(cue('hang'), { signal: running.signal }).catch((e: unknown) => e)
    const dropped = runner.align(cue('crash'), { signal: queued.signal }).catch((e: unknown) => e)
    const last = runner.align(input(cases[1]!))
    queued.abort(new Error('not needed'))
    expect(await dropped).toEqual(new Error('not needed'))
    await expect.poll(() => started.length).toBe(1)
    running.abort(new Error('moved on'))
    expect(await hanging).toEqual(new Error('moved on'))
    // The crash cue never reached a worker: the last job is answered by the one started after the hang.
    expect(await last).toEqual(alignCall(input(cases[1]!)))
    expect(started).toHaveLength(2)
  })

  it('rejects what is waiting or running when closed, and everything after', async () => {
    const { runner } = pool({ faulty: true })
    const hanging = runner.align(cue('hang')).catch((e: unknown) => e)
    const waiting = runner.align(input(cases[0]!)).catch((e: unknown) => e)
    await runner.close()
    expect(await hanging).toBeInstanceOf(AlignmentWorkerError)
    expect(await waiting).toBeInstanceOf(AlignmentWorkerError)
    await expect(runner.align(input(cases[0]!))).rejects.toBeInstanceOf(AlignmentWorkerError)
  })
})

describe('the timing service on workers', () => {
  const detailOf = (c: Case, patch: Partial<CallDetail> = {}) =>
    ({ ...c.call, robotCallJobId: 1, callDetailList: c.call.callDetailList, ...patch }) as unknown as CallDetail
  const memoryStores = () => {
    const stores = new Map<string, Map<string, unknown>>()
    return (name: string) => {
      const store = stores.get(name) ?? new Map<string, unknown>()
      stores.set(name, store)
      return { get: (key: string) => store.get(key), set: (key: string, value: unknown) => void store.set(key, value) }
    }
  }
  function service(runner: AlignRunner, c: Case, bytes: (track: 'full' | 'customer') => Uint8Array | null, openStore = memoryStores()) {
    return createTimingService({
      openStore: openStore as never,
      align: runner,
      detail: async () => detailOf(c),
      audio: {
        localFile: async (_id, track) => {
          const data = bytes(track)
          if (!data) throw new Error('no recording')
          const path = `/tmp/align-runner-test-${process.pid}-${c.call.callRecordId}-${track}.wav`
          await writeFile(path, data)
          return path
        },
      },
    })
  }

  it('keeps the measured timings the worker sends back, as inline', async () => {
    const c = cases[0]!
    const onWorker = await service(pool().runner, c, (track) => (track === 'full' ? c.full : c.customer)).timings(c.call.callRecordId)
    const inline = await service(inlineAlignRunner(), c, (track) => (track === 'full' ? c.full : c.customer)).timings(c.call.callRecordId)
    expect(onWorker).toEqual(inline)
    expect(onWorker.estimated).toBe(false)
  })

  it('estimates, as it does for an unusable recording, when the worker is lost', async () => {
    const c = cases[0]!
    const crashing = pool({ faulty: true }).runner
    const answer = await service({ align: (input) => crashing.align({ ...input, utterances: [{ callDetailId: 1, type: 'ROBOT', text: 'crash' }] }), close: async () => {} }, c, (track) =>
      track === 'full' ? c.full : c.customer,
    ).timings(c.call.callRecordId)
    expect(answer).toMatchObject({ method: 'proportional', estimated: true })
    expect(answer.turns).toHaveLength(c.call.callDetailList.length)
  })

  it("makes a download's alignment urgent once a reviewer waits for the same call", async () => {
    const c = cases[0]!
    let urgent: (() => boolean) | undefined
    let finish: () => void = () => {}
    const runner: AlignRunner = {
      align: (input, options) => {
        urgent = options?.urgent
        return new Promise((resolve) => (finish = () => resolve(alignCall(input))))
      },
      close: async () => {},
    }
    const timing = service(runner, c, (track) => (track === 'full' ? c.full : c.customer))
    const download = timing.timings(c.call.callRecordId, { background: true })
    await expect.poll(() => urgent !== undefined).toBe(true)
    expect(urgent!()).toBe(false)
    const reviewer = timing.timings(c.call.callRecordId)
    expect(urgent!()).toBe(true)
    finish()
    expect(await reviewer).toEqual(await download)
    // Nobody waits any more.
    expect(urgent!()).toBe(false)
  })

  describe('timings an older engine revision measured', () => {
    const c = () => cases[0]!
    const both = (track: 'full' | 'customer') => (track === 'full' ? c().full : c().customer)
    /** Kept timings whose turns all start at 0.5 s (no engine places them so), and one hand correction. */
    function older(revision?: number) {
      const stores = memoryStores()
      const details = c().call.callDetailList
      const result = { method: 'two-track', estimated: false, durationSec: 9, regions: [], turns: details.map((d) => ({ callDetailId: d.callDetailId, start: 0.5, end: 1 })) }
      const kept = { result, corrections: { [String(details[1]!.callDetailId)]: 4.25 }, ...(revision === undefined ? {} : { revision }) }
      stores(timingStoreName(1, c().call.callRecordId)).set(String(c().call.callRecordId), kept)
      let aligned = 0
      const runner: AlignRunner = { align: async (input) => (aligned++, alignCall(input)), close: async () => {} }
      return { stores, runner, aligned: () => aligned, details }
    }

    it('measures them again, keeping the reviewer’s corrections, and keeps the new measurement', async () => {
      const { stores, runner, aligned, details } = older()
      const timing = service(runner, c(), both, stores)
      const answer = await timing.timings(c().call.callRecordId)
      expect(aligned()).toBe(1)
      expect(answer.estimated).toBe(false)
      expect(answer.durationSec).not.toBe(9)
      expect(answer.turns.filter((t) => !t.corrected).every((t) => t.start !== 0.5)).toBe(true)
      expect(answer.turns[1]).toMatchObject({ callDetailId: details[1]!.callDetailId, start: 4.25, corrected: true })
      expect(stores(timingStoreName(1, c().call.callRecordId)).get(String(c().call.callRecordId))).toMatchObject({ revision: ALIGNMENT_REVISION })
      // Measured now by this revision: not again.
      await timing.timings(c().call.callRecordId)
      expect(aligned()).toBe(1)
    })

    it('keeps the old measurement rather than an estimate when the recording is not here', async () => {
      const { stores, runner, aligned } = older(0)
      const answer = await service(runner, c(), () => null, stores).timings(c().call.callRecordId)
      expect(aligned()).toBe(0)
      expect(answer).toMatchObject({ method: 'two-track', estimated: false, durationSec: 9 })
      expect(answer.turns[0]).toMatchObject({ start: 0.5, corrected: false })
      expect(stores(timingStoreName(1, c().call.callRecordId)).get(String(c().call.callRecordId))).not.toHaveProperty('revision', ALIGNMENT_REVISION)
    })

    it('leaves timings of the current revision as they are', async () => {
      const { stores, runner, aligned } = older(ALIGNMENT_REVISION)
      const answer = await service(runner, c(), both, stores).timings(c().call.callRecordId)
      expect(aligned()).toBe(0)
      expect(answer.turns[0]).toMatchObject({ start: 0.5 })
    })
  })

  it("tries first the channel its task's last two-channel recording held the customer on (any task's before its first)", async () => {
    const inline = inlineAlignRunner()
    const asked: AlignInput[] = []
    const runner: AlignRunner = { align: (input, options) => (asked.push({ ...input }), inline.align(input, options)), close: async () => {} }
    // A call of task 1 with the customer on the right channel, one of task 2 with the customer on
    // the left, then another of task 1 (on the right).
    const onLeft = (c: Case) => c === cases[1]
    const stereo = new Map(cases.map((c) => [c.call.callRecordId, sidesAsChannels(c.full, c.customer as Uint8Array, onLeft(c))]))
    const task = (c: Case) => (onLeft(c) ? 2 : 1)
    const byId = new Map(cases.map((c) => [c.call.callRecordId, c]))
    const timings = createTimingService({
      openStore: memoryStores() as never,
      align: runner,
      detail: async (id) => detailOf(byId.get(id)!, { robotCallJobId: task(byId.get(id)!), customerAudioUrl: null }),
      audio: {
        localFile: async (id, track) => {
          const path = `/tmp/align-runner-test-${process.pid}-${id}-${track}.wav`
          await writeFile(path, stereo.get(id)!)
          return path
        },
      },
    })
    for (const c of cases) expect(await timings.timings(c.call.callRecordId)).toMatchObject({ method: 'two-track', estimated: false })
    // Nothing known at first; task 2 has no channel of its own yet and takes task 1's; task 1 keeps its own.
    expect(asked.map((input) => input.customerChannel)).toEqual([undefined, 'right', 'right'])
    // What was found is the engine's to say, not the call's timings to keep.
    const kept = memoryStores()
    const once = createTimingService({ openStore: kept as never, align: runner, detail: async () => detailOf(cases[0]!, { customerAudioUrl: null }), audio: { localFile: async () => `/tmp/align-runner-test-${process.pid}-${cases[0]!.call.callRecordId}-full.wav` } })
    await once.timings(cases[0]!.call.callRecordId)
    const stored = kept(timingStoreName(1, cases[0]!.call.callRecordId)).get(String(cases[0]!.call.callRecordId)) as { result: object }
    expect(Object.keys(stored.result)).not.toContain('customerChannel')
  })

  it('drops what it was aligning when closed (the account signs out): nothing is kept', async () => {
    const c = cases[0]!
    const hanging = pool({ faulty: true }).runner
    let asked = false
    const runner: AlignRunner = {
      align: (input, options) => {
        asked = true
        return hanging.align({ ...input, utterances: [{ callDetailId: 1, type: 'ROBOT', text: 'hang' }] }, options)
      },
      close: async () => {},
    }
    const timing = service(runner, c, (track) => (track === 'full' ? c.full : c.customer))
    const pending = timing.timings(c.call.callRecordId).catch((e: unknown) => e)
    await expect.poll(() => asked).toBe(true)
    timing.close()
    expect(await pending).toEqual(new Error('timings closed'))
  })
})

afterAll(async () => {
  for (const c of cases) for (const track of ['full', 'customer']) await rm(`/tmp/align-runner-test-${process.pid}-${c.call.callRecordId}-${track}.wav`, { force: true })
})

describe('the app’s services on workers', () => {
  it('measure a call on a worker the composition root starts, and stop it when they close (quit)', async () => {
    const sim = await startSimulator({ port: 0, seed: 2 })
    const profileDir = await mkdtemp(resolve(tmpdir(), 'align-runner-services-'))
    const workers: Worker[] = []
    const exited: number[] = []
    const start = sourceWorker()
    const log: string[] = []
    const services = createBrowserServices({
      profileDir,
      startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
      log: (line) => log.push(line),
      startAlignWorker: () => {
        const worker = start()
        worker.on('exit', (code) => exited.push(code))
        workers.push(worker)
        return worker
      },
    })
    try {
      const call = sim.dataset.calls.find((c) => c.callDetailList.length > 0 && c.fullAudioUrl?.endsWith('/ai_user.wav') && c.customerAudioUrl)!
      await services.handlers.getCallDetail({ callRecordId: call.callRecordId })
      const timings = await services.handlers.getTurnTimings({ callRecordId: call.callRecordId })
      expect(timings).toMatchObject({ method: 'two-track', estimated: false })
      expect(workers).toHaveLength(1)
      expect(log.join('\n')).toContain('alignment worker started')
      await services.close()
      await expect.poll(() => exited).toHaveLength(1)
    } finally {
      await services.close()
      await sim.close()
      await rm(profileDir, { recursive: true, force: true })
    }
  })
})
