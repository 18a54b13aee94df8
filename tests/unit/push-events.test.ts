// Main pushes what changes (status, download progress, notices) instead of the page polling,
// and its queries have no side effects: asking the status never asks the server, asking the
// notices never opens the grade journals.
import { appendFileSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventName } from '../../shared/ipc/channels'
import type { AppStatus, DownloadStatusAnswer, EventPayload, Notice } from '../../shared/ipc/contract'
import { createConnectivity } from '../../electron/main/services/connection'
import { createEventHub, validatedEmit, type Emit } from '../../electron/main/services/events/events'
import { createMainServices, type MainServices } from '../../electron/main/services/root'
import { createPushingDownloader } from '../../electron/main/services/offline'
import { createLocalCipher } from '../../electron/main/services/storage'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { createStatusMonitor } from '../../electron/main/services/connection/status-monitor'
import { confStores } from '../../scripts/lib/offline-stack'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('push-events')

let sim: RunningSimulator
let dir: string
let open: MainServices[] = []

beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 4, latencyMs: 5 })
  dir = tempDir()
})
afterEach(async () => {
  for (const services of open) await services.close()
  open = []
  await sim.close()
})

type Emitted = { event: EventName; payload: unknown }

/** The services as the app composes them, recording every event and log line. */
function mainServices(emitted: Emitted[] = [], logs: string[] = []): MainServices {
  const services = createMainServices({
    profileDir: dir,
    openStore: confStores(dir),
    cipher: createLocalCipher(join(dir, 'key')),
    mediaUrl: (id, track) => `app-media://recording/${id}/${track}`,
    appVersion: '1.2.3',
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
    log: (line) => logs.push(line),
    emit: (event, payload) => emitted.push({ event, payload }),
  })
  open.push(services)
  return services
}

function payloads<E extends EventName>(emitted: Emitted[], event: E): EventPayload<E>[] {
  return emitted.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>)
}

async function ok<T = unknown>(services: MainServices, channel: string, payload?: unknown): Promise<T> {
  const result = await services.dispatch(channel, payload)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message.en}`)
  return result.value as T
}

describe('status', () => {
  it('getAppStatus never asks the server, online or offline; probeConnection does, once', async () => {
    const emitted: Emitted[] = []
    const services = mainServices(emitted)
    const before = sim.requestLog.length
    expect(await ok<AppStatus>(services, 'app:status')).toMatchObject({ mode: 'demo', online: true, appVersion: '1.2.3' })
    expect(sim.requestLog.length).toBe(before)

    sim.injectFault({ kind: 'reset' })
    expect((await services.dispatch('jobs:list', {})).ok).toBe(false)
    const offlineAt = sim.requestLog.length
    for (let i = 0; i < 3; i++) expect(await ok<AppStatus>(services, 'app:status')).toMatchObject({ online: false, offlineSince: expect.any(Number) })
    expect(sim.requestLog.length).toBe(offlineAt)

    sim.clearFaults()
    const probed = await ok<AppStatus>(services, 'connection:probe')
    expect(probed).toMatchObject({ online: true, offlineSince: null })
    expect(sim.requestLog.length).toBe(offlineAt + 1)
  })

  it('pushes the status when connectivity changes, on a failed or successful request and on a probe', async () => {
    const emitted: Emitted[] = []
    const services = mainServices(emitted)
    await ok(services, 'jobs:list', {})
    expect(payloads(emitted, 'status')).toEqual([]) // online before, online after: nothing to tell

    sim.injectFault({ kind: 'reset' })
    await services.dispatch('jobs:list', {})
    await vi.waitFor(() => expect(payloads(emitted, 'status')).toEqual([expect.objectContaining({ online: false, offlineSince: expect.any(Number) })]))

    sim.clearFaults()
    await ok(services, 'jobs:list', {})
    await vi.waitFor(() => expect(payloads(emitted, 'status').at(-1)).toMatchObject({ online: true, offlineSince: null }))

    sim.injectFault({ kind: 'reset' })
    await services.dispatch('jobs:list', {})
    sim.clearFaults()
    await ok(services, 'connection:probe')
    await vi.waitFor(() => expect(payloads(emitted, 'status').map((s) => s.online)).toEqual([false, true, false, true]))
  })

  it('numbers each reading of the status, so the page can tell a reply read before a push from one read after', async () => {
    const emitted: Emitted[] = []
    const services = mainServices(emitted)
    const replied = await ok<AppStatus>(services, 'app:status')
    sim.injectFault({ kind: 'reset' })
    await services.dispatch('jobs:list', {})
    await vi.waitFor(() => expect(payloads(emitted, 'status')).toHaveLength(1))
    const pushed = payloads(emitted, 'status')[0]!
    expect(pushed.sequence).toBeGreaterThan(replied.sequence)
    expect((await ok<AppStatus>(services, 'app:status')).sequence).toBeGreaterThan(pushed.sequence)
    // A new number alone is no change: nothing more is pushed.
    await services.dispatch('jobs:list', {})
    await ok(services, 'settings:update', { language: 'en' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(payloads(emitted, 'status')).toHaveLength(1)
    sim.clearFaults()
  })

  it('pushes the status when the reviewer chooses to work offline, and back', async () => {
    const emitted: Emitted[] = []
    const services = mainServices(emitted)
    await ok(services, 'settings:update', { workOffline: true })
    await vi.waitFor(() => expect(payloads(emitted, 'status').at(-1)).toMatchObject({ online: false, workOffline: true }))
    await services.dispatch('jobs:list', {}) // never asks the server: marks the connection offline, by choice
    await ok(services, 'settings:update', { workOffline: false })
    // Leaving offline work tries the server at once.
    await vi.waitFor(() => expect(payloads(emitted, 'status').at(-1)).toMatchObject({ online: true, workOffline: false }))
  })
})

describe('re-probing while offline', () => {
  function monitor(options: { probeSucceeds: () => boolean; workOffline?: () => boolean }) {
    const connectivity = createConnectivity()
    const probes: number[] = []
    const statuses: AppStatus[] = []
    const started = Date.now()
    const status = createStatusMonitor({
      connection: { current: async () => ({ mode: 'demo', client: { baseUrl: 'http://server' } as never, scope: 'demo' }) },
      connectivity,
      workOffline: options.workOffline ?? (() => false),
      probe: async () => {
        probes.push(Date.now() - started)
        if (options.probeSucceeds()) connectivity.succeeded()
        else connectivity.failed()
      },
      appVersion: '1',
      emit: (event, payload) => {
        if (event === 'status') statuses.push(payload as AppStatus)
      },
      reprobe: { firstMs: 20, maxMs: 80 },
    })
    return { connectivity, probes, statuses, status }
  }

  it('tries again on a doubling delay up to the maximum, pushes the return online and stops', async () => {
    let serverBack = false
    const { connectivity, probes, statuses, status } = monitor({ probeSucceeds: () => serverBack })
    connectivity.failed()
    await vi.waitFor(() => expect(probes.length).toBeGreaterThanOrEqual(4), { timeout: 2000 })
    const gaps = probes.slice(1).map((at, i) => at - probes[i]!)
    // 20, 40, 80, 80 …: each wait at least the planned one (timers never fire early).
    expect(gaps[0]).toBeGreaterThanOrEqual(35)
    expect(gaps[1]).toBeGreaterThanOrEqual(75)
    serverBack = true
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ online: true }), { timeout: 2000 })
    const count = probes.length
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(probes.length).toBe(count)
    expect(statuses.map((s) => s.online)).toEqual([false, true])
    status.close()
  })

  it('does not probe while the reviewer works offline, nor after close', async () => {
    const chosen = monitor({ probeSucceeds: () => false, workOffline: () => true })
    chosen.connectivity.failed()
    const stopped = monitor({ probeSucceeds: () => false })
    stopped.status.close()
    stopped.connectivity.failed()
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(chosen.probes).toEqual([])
    expect(stopped.probes).toEqual([])
    chosen.status.close()
  })
})

describe('download progress', () => {
  it('is pushed as it happens, a few times a second at most, ending with the final state', async () => {
    const emitted: Emitted[] = []
    const logs: string[] = []
    const services = mainServices(emitted, logs)
    const job = sim.dataset.jobs
      .map((j) => ({ id: j.robotCallJobId, n: sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId).length }))
      .filter((j) => j.n > 0)
      .sort((a, b) => a.n - b.n)[0]!
    const started = Date.now()
    await ok(services, 'offline:start', { robotCallJobId: job.id })
    const ofJob = () => payloads(emitted, 'downloadStatus').filter((s) => s.robotCallJobId === job.id)
    await vi.waitFor(() => expect(ofJob().at(-1)?.state).toBe('done'), { timeout: 60_000, interval: 50 })
    const elapsed = Date.now() - started
    const pushed: DownloadStatusAnswer[] = ofJob()
    expect(pushed[0]!.state).toBe('running')
    expect(pushed.at(-1)).toMatchObject({ state: 'done', calls: { done: job.n, total: job.n } })
    // Progress arrived in between, never going backwards.
    expect(pushed.filter((s) => s.state === 'running' && s.calls.done > 0).length).toBeGreaterThan(0)
    const done = pushed.map((s) => s.calls.done)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    // At most one per 250 ms, plus the start and the end.
    expect(pushed.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 3)
    expect(logs.filter((line) => line.includes('invalid'))).toEqual([])
  }, 90_000)

  it('throttles a fast download to the interval and always sends the final state', async () => {
    const statuses: DownloadStatusAnswer[] = []
    const calls = Array.from({ length: 60 }, (_, i) => ({ callRecordId: i + 1 }))
    const store = new Map<string, unknown>()
    const downloads = createPushingDownloader(
      (event, payload) => {
        if (event === 'downloadStatus') statuses.push(payload as DownloadStatusAnswer)
      },
      {
        listCalls: async (query) => {
          const pageSize = query.pageSize ?? 20
          const pageNum = query.pageNum ?? 1
          const content = calls.slice((pageNum - 1) * pageSize, pageNum * pageSize)
          return { content, number: pageNum, pages: Math.ceil(calls.length / pageSize), totalElements: calls.length, size: pageSize } as never
        },
        detail: async (id) => {
          await new Promise((resolve) => setTimeout(resolve, 2))
          return { callRecordId: id, fullAudioUrl: null, customerAudioUrl: null } as never
        },
        prepareAudio: async () => ({}),
        timings: async () => null,
        progressStore: { get: (key) => store.get(key), set: (key, value) => void store.set(key, value), delete: (key) => void store.delete(key) },
      },
      50,
    )
    const started = Date.now()
    downloads.start({ robotCallJobId: 7 })
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('done'), { timeout: 10_000 })
    const elapsed = Date.now() - started
    expect(statuses.at(-1)).toMatchObject({ calls: { done: 60, total: 60 } })
    expect(statuses.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 3)
    const count = statuses.length
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(statuses.length).toBe(count) // nothing after the final state
    await downloads.close()
  })
})

describe('notices', () => {
  it('opens the journals once at start, pushes each recovery as a notice, and getNotices opens nothing', async () => {
    const [first, second] = sim.dataset.jobs.slice(0, 2).map((j) => j.robotCallJobId) as [number, number]
    const calls = (jobId: number) => sim.dataset.calls.filter((c) => c.robotCallJobId === jobId)
    const before = mainServices()
    for (const jobId of [first, second]) {
      await ok(before, 'review:grade', { robotCallJobId: jobId, callRecordId: calls(jobId)[0]!.callRecordId, realIntentLevel: 'A', note: '' })
    }
    await before.close()
    open = []
    // Both journals torn (the app stopped while saving); the second task's folder kept aside for now.
    const reviews = join(dir, 'reviews', 'demo')
    const tear = (taskDir: string) => {
      const journal = readdirSync(taskDir).find((name) => name.startsWith('journal-'))!
      appendFileSync(join(taskDir, journal), '{"seq":99,"torn')
    }
    tear(join(reviews, `task-${first}`))
    tear(join(reviews, `task-${second}`))
    renameSync(join(reviews, `task-${second}`), join(dir, 'aside'))

    const emitted: Emitted[] = []
    const services = mainServices(emitted)
    const notices = await ok<Notice[]>(services, 'app:notices')
    expect(notices).toHaveLength(1)
    expect(notices[0]!.id).toMatch(new RegExp(`^${first}:`))
    expect(notices[0]!.message['zh-CN']).toMatch(/已恢复 1 条复核结果/)
    expect(payloads(emitted, 'notice')).toEqual(notices)

    // A damaged task appearing now is not found by asking for the notices again…
    renameSync(join(dir, 'aside'), join(reviews, `task-${second}`))
    expect(await ok<Notice[]>(services, 'app:notices')).toEqual(notices)
    expect(payloads(emitted, 'notice')).toHaveLength(1)
    // …but when the task is opened, and then it is pushed at once.
    await ok(services, 'review:get', { robotCallJobId: second })
    expect(payloads(emitted, 'notice').map((n) => n.id)).toEqual([notices[0]!.id, expect.stringMatching(new RegExp(`^${second}:`))])
    expect(await ok<Notice[]>(services, 'app:notices')).toEqual(payloads(emitted, 'notice'))
  })
})

describe('the event port', () => {
  it('delivers payloads the contract accepts, stripped to its fields, and drops malformed ones', () => {
    const hub = createEventHub()
    const received: Emitted[] = []
    const stop = hub.subscribe((event, payload) => received.push({ event, payload }))
    const problems: string[] = []
    const emit: Emit = validatedEmit(hub.emit, (event, problem) => problems.push(`${event}: ${problem}`))
    emit('notice', { id: 'a', message: { 'zh-CN': '好', en: 'ok' }, secret: 'x' } as EventPayload<'notice'>)
    emit('notice', { id: 'b', message: { en: 'only english' } } as never)
    emit('status', { online: 'yes' } as never)
    expect(received).toEqual([{ event: 'notice', payload: { id: 'a', message: { 'zh-CN': '好', en: 'ok' } } }])
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^notice: /)
    stop()
    emit('notice', { id: 'c', message: { 'zh-CN': '', en: '' } })
    expect(received).toHaveLength(1)
  })

  it('main services never pass a malformed event on: the one validation sits in front of the glue', async () => {
    const emitted: Emitted[] = []
    const logs: string[] = []
    const services = mainServices(emitted, logs)
    sim.injectFault({ kind: 'reset' })
    await services.dispatch('jobs:list', {})
    await vi.waitFor(() => expect(payloads(emitted, 'status')).toHaveLength(1))
    expect(Object.keys(payloads(emitted, 'status')[0]!).sort()).toEqual(['appVersion', 'baseUrl', 'credentialsRejected', 'mode', 'offlineSince', 'online', 'sequence', 'workOffline'])
    expect(logs.filter((line) => line.includes('invalid'))).toEqual([])
  })

  it('a setting that does not touch the connection (language, the track) keeps "credentials refused"', async () => {
    const services = mainServices()
    await ok(services, 'credentials:save', { ...DEMO_CREDENTIALS, appSecret: 'wrong-secret', baseUrl: sim.url })
    expect((await services.dispatch('jobs:list', {})).ok).toBe(false)
    await ok(services, 'settings:update', { language: 'en', playbackTrack: 'customer' })
    expect(await ok<AppStatus>(services, 'app:status')).toMatchObject({ credentialsRejected: true })
    // Another address does start again: nothing is known of it yet.
    await ok(services, 'settings:update', { baseUrl: 'http://127.0.0.1:9' })
    expect(await ok<AppStatus>(services, 'app:status')).toMatchObject({ credentialsRejected: false })
  })

  it('an answer to a request made with the previous credentials does not undo "refused" for the new ones', async () => {
    const services = mainServices()
    // The demo's request is slow; wrong credentials are saved meanwhile, and refused at once.
    sim.injectFault({ kind: 'latency', latencyMs: 400, times: 1 })
    const late = services.dispatch('jobs:list', {})
    await vi.waitFor(() => expect(sim.requestLog.length).toBeGreaterThan(0))
    await ok(services, 'credentials:save', { ...DEMO_CREDENTIALS, appSecret: 'wrong-secret', baseUrl: sim.url })
    expect((await services.dispatch('jobs:list', {})).ok).toBe(false)
    expect(await ok<AppStatus>(services, 'app:status')).toMatchObject({ credentialsRejected: true })
    expect((await late).ok).toBe(true)
    expect(await ok<AppStatus>(services, 'app:status')).toMatchObject({ credentialsRejected: true, online: true })
  })
})
