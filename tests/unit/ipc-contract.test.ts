import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors'
import { createDispatcher } from '../../electron/main/services/root/dispatcher'
import { buildRawBridge, CHANNELS, EVENT_CHANNELS, EVENT_NAMES, METHOD_NAMES, type EventName } from '../../shared/ipc/channels'
import { contract, createApi, eventContract, type Handlers } from '../../shared/ipc/contract'

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = async () => {
    throw new Error('not used')
  }
  const base = Object.fromEntries(METHOD_NAMES.map((m) => [m, fail])) as unknown as Handlers
  return { ...base, ...overrides }
}

const noSubscribe = () => () => {}

describe('IPC contract', () => {
  it('has exactly one schema pair per channel and distinct channel names', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort())
    expect(new Set(Object.values(CHANNELS)).size).toBe(METHOD_NAMES.length)
  })

  it('the bridge exposes exactly the contract’s functions and forwards to their channels', async () => {
    const invoke = vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } }))
    const bridge = buildRawBridge(invoke, noSubscribe)
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'on'].sort())
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function')
    await bridge.listCalls({ robotCallJobId: 1 })
    expect(invoke).toHaveBeenCalledWith('calls:list', { robotCallJobId: 1 })
  })

  it('has exactly one payload schema per event, on channels of their own', () => {
    expect(Object.keys(eventContract).sort()).toEqual([...EVENT_NAMES].sort())
    const eventChannels = Object.values(EVENT_CHANNELS)
    expect(new Set(eventChannels).size).toBe(EVENT_NAMES.length)
    for (const channel of eventChannels) expect(Object.values(CHANNELS)).not.toContain(channel)
  })

  it('the bridge subscribes to the declared events only, and the api passes their payloads on', () => {
    const unsubscribe = vi.fn()
    const subscribe = vi.fn((_channel: string, _listener: (payload: unknown) => void) => unsubscribe)
    const bridge = buildRawBridge(async () => ({ ok: true, value: null }), subscribe)
    for (const name of ['app:status', 'event:status', '__proto__', 'constructor', 'toString']) {
      expect(() => bridge.on(name as EventName, () => {})).toThrow(/unknown event/)
    }
    expect(() => bridge.on('status', 'alert(1)' as never)).toThrow()
    expect(subscribe).not.toHaveBeenCalled()

    const api = createApi(bridge)
    const seen: boolean[] = []
    const stop = api.on('status', (status) => seen.push(status.online))
    expect(subscribe).toHaveBeenCalledWith('event:status', expect.any(Function))
    subscribe.mock.calls[0]![1]({ online: false })
    expect(seen).toEqual([false])
    stop()
    expect(unsubscribe).toHaveBeenCalledOnce()
  })
})

describe('dispatcher', () => {
  it('validates the payload before the service sees it, in both languages', async () => {
    const listCalls = vi.fn()
    const dispatch = createDispatcher(handlers({ listCalls }))
    const result = await dispatch('calls:list', { robotCallJobId: 1, pageSize: 500 })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid-request')
      expect(result.error.message['zh-CN']).toContain('pageSize 不能超过 100')
      expect(result.error.message.en).toContain('pageSize must be at most 100')
    }
    expect(listCalls).not.toHaveBeenCalled()
  })

  it('sends credentials in clear to this computer only: http is refused elsewhere, in both languages', async () => {
    const dispatch = createDispatcher(handlers({ saveCredentials: async () => ({}) as never }))
    const credentials = { appKey: 'k', appSecret: 'secret', tenantSign: 't' }
    const refused = await dispatch('credentials:save', { ...credentials, baseUrl: 'http://crm.tanyibot.com' })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-request' } })
    if (!refused.ok) {
      expect(refused.error.message['zh-CN']).toContain('必须使用 https')
      expect(refused.error.message.en).toContain('https is required')
    }
    for (const baseUrl of ['https://crm.tanyibot.com', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9']) {
      expect(contract.saveCredentials.request.safeParse({ ...credentials, baseUrl }).success).toBe(true)
    }
    expect(contract.updateSettings.request.safeParse({ baseUrl: 'http://10.0.0.5' }).success).toBe(false)
  })

  it('refuses a report range on a day that does not exist, in both languages', async () => {
    const getAgreement = vi.fn()
    const dispatch = createDispatcher(handlers({ getAgreement }))
    for (const from of ['2024-13-45', '2023-02-29', '2024-02-30']) {
      const refused = await dispatch('report:agreement', { robotCallJobId: 1, from })
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-request' } })
      if (!refused.ok) {
        expect(refused.error.message['zh-CN']).toContain('开始日期：必须是存在的日期')
        expect(refused.error.message.en).toContain('From date: must be a day that exists')
        expect(refused.error.fields).toEqual({ from: { 'zh-CN': '必须是存在的日期（YYYY-MM-DD）', en: 'must be a day that exists, as YYYY-MM-DD' } })
      }
    }
    expect(getAgreement).not.toHaveBeenCalled()
    expect(contract.getAgreement.request.safeParse({ robotCallJobId: 1, from: '2024-02-29', to: '2024-12-31' }).success).toBe(true)
  })

  it('refuses extra fields and unknown channels', async () => {
    const dispatch = createDispatcher(handlers())
    const extra = await dispatch('calls:detail', { callRecordId: 1, url: 'http://evil' })
    expect(extra.ok).toBe(false)
    const unknown = await dispatch('shell:exec', { cmd: 'rm' })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.kind).toBe('invalid-request')
  })

  it('passes service errors through and hides unexpected ones', async () => {
    const onUnexpected = vi.fn()
    const dispatch = createDispatcher(
      handlers({
        getCallDetail: async () => {
          throw new AppError('timeout', { 'zh-CN': '请求超时', en: 'Timed out' })
        },
        listJobs: async () => {
          throw new Error('secret internals at /home/user')
        },
      }),
      onUnexpected,
    )
    const known = await dispatch('calls:detail', { callRecordId: 3 })
    expect(known).toEqual({ ok: false, error: { kind: 'timeout', message: { 'zh-CN': '请求超时', en: 'Timed out' } } })
    const hidden = await dispatch('jobs:list', {})
    expect(hidden.ok).toBe(false)
    if (!hidden.ok) {
      expect(hidden.error.kind).toBe('internal')
      expect(JSON.stringify(hidden.error)).not.toContain('/home/user')
    }
    expect(onUnexpected).toHaveBeenCalledOnce()
  })

  it('says a local file fault plainly, by its kind, without the path', async () => {
    const dispatch = createDispatcher(
      handlers({
        saveGrade: async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write /home/user/reviews/journal-3.jsonl'), { code: 'ENOSPC' })
        },
      }),
    )
    const full = await dispatch('review:grade', { robotCallJobId: 1, callRecordId: 2, realIntentLevel: 'A', note: '' })
    expect(full).toMatchObject({ ok: false, error: { kind: 'storage', message: { 'zh-CN': expect.stringContaining('磁盘空间已满'), en: expect.stringContaining('the disk is full') } } })
    expect(JSON.stringify(full)).not.toContain('/home/user')
  })

  it('the renderer’s API returns values and throws AppError for failures', async () => {
    const dispatch = createDispatcher(
      handlers({ getSettings: async () => ({ language: 'en' }) as never }),
    )
    const api = createApi(buildRawBridge((channel, payload) => dispatch(channel, payload), noSubscribe))
    await expect(api.getSettings()).resolves.toEqual({ language: 'en' })
    const error = await api.listCalls({ robotCallJobId: -1 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).localized('zh-CN')).toMatch(/请求参数无效/)
  })

  it('lets the page hear each error main answers before the caller does (the badge asks again on a 401)', async () => {
    const refusal = new AppError('api-code', { 'zh-CN': '验证失败', en: 'Authentication failed' }, { code: 401 })
    const dispatch = createDispatcher(
      handlers({
        listJobs: async () => {
          throw refusal
        },
        getSettings: async () => ({ language: 'en' }) as never,
      }),
    )
    const heard: AppError[] = []
    const api = createApi(buildRawBridge((channel, payload) => dispatch(channel, payload), noSubscribe), (error) => heard.push(error))
    await api.getSettings()
    expect(heard).toEqual([])
    const thrown = await api.listJobs({ pageNum: 1, pageSize: 10 }).catch((e: unknown) => e)
    expect(heard).toHaveLength(1)
    expect(heard[0]).toBe(thrown)
    expect(heard[0]!.rejectsCredentials).toBe(true)
  })
})

