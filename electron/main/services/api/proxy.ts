// Which requests go through a proxy, and the fetch that sends them there. Company networks reach
// the platform (and the recordings' object storage) through an HTTP(S) or SOCKS5 proxy: the
// reviewer's proxy setting, else the standard variables https_proxy / HTTPS_PROXY for https
// addresses and http_proxy / HTTP_PROXY for http ones, then all_proxy / ALL_PROXY for both (lower
// case first, as curl reads them), with no_proxy / NO_PROXY naming the addresses reached directly
// (for the setting too). This computer itself (127.0.0.0/8, localhost, ::1: the demo server) is
// never reached through a proxy.
//
// Through an HTTP proxy an https address is tunnelled (CONNECT: the proxy sees only the host name,
// never the signed headers); an http address is forwarded (the recordings of some storage).
// Through a SOCKS5 proxy every address is tunnelled, its host name resolved by the proxy.
import { fetch as undiciFetch, ProxyAgent, Socks5ProxyAgent, type Dispatcher } from 'undici'
import type { Bilingual } from '../../../../shared/enums'
import { AppError } from '../../../../shared/errors'
import { isLoopbackUrl } from '../../../../shared/ipc/contract'
import { isSocksProxy, proxyAddress, redactUrlCredentials } from '../../../../shared/proxy-url'
import { proxyError } from './errors'
import { networkFailure, type FetchLike } from './http'

/** The environment, or a test's stand-in for it. */
export type Environment = Readonly<Record<string, string | undefined>>

export interface ProxyOptions {
  /** The reviewer's proxy (Settings); '' or undefined: the environment's variables. */
  proxyUrl?: string
  env?: Environment
}

export interface ProxyRoute {
  proxy: URL
  /** Where it was set: 'setting', or the variable's name ('HTTPS_PROXY', 'https_proxy', …). */
  source: string
}

/** The value of a variable, lower case first; an empty one counts as unset. */
function variable(env: Environment, name: string): { name: string; value: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim()
    if (value) return { name: key, value }
  }
  return undefined
}

function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (!m) return null
  const parts = m.slice(1).map(Number)
  if (parts.some((p) => p > 255)) return null
  return parts.reduce((n, p) => n * 256 + p, 0)
}

/**
 * Whether NO_PROXY names this address: `*` (every address); a host name, which covers its
 * sub-domains too, with or without a leading `.` or `*.`; an IP address or an IPv4 range
 * (10.0.0.0/8); each maybe with `:port`. Entries are separated by commas or spaces.
 */
export function noProxyMatches(noProxy: string, target: URL): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '')
  const port = target.port || (target.protocol === 'https:' ? '443' : '80')
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase()
    if (!entry) continue
    if (entry === '*') return true
    let entryPort = ''
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
    const withPort = /^([^:]+):(\d+)$/.exec(entry)
    if (bracketed) [entry, entryPort] = [bracketed[1]!, bracketed[2] ?? '']
    else if (withPort) [entry, entryPort] = [withPort[1]!, withPort[2]!]
    if (entryPort && entryPort !== port) continue
    const range = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(entry)
    if (range) {
      const [base, address, bits] = [ipv4(range[1]!), ipv4(host), Number(range[2])]
      if (base === null || address === null || bits > 32) continue
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
      if (((base & mask) >>> 0) === ((address & mask) >>> 0)) return true
      continue
    }
    const domain = entry.replace(/^\*?\./, '')
    if (host === domain || host.endsWith(`.${domain}`)) return true
  }
  return false
}

/** A proxy setting or variable that names no proxy: said, rather than going direct unnoticed. */
function unusableProxy(source: string, value: string): AppError {
  const shown = redactUrlCredentials(value)
  return new AppError('invalid-request', {
    'zh-CN': source === 'setting' ? `代理服务器地址无效：${shown}` : `环境变量 ${source} 不是有效的代理地址：${shown}`,
    en: source === 'setting' ? `The proxy address is not valid: ${shown}` : `The environment variable ${source} is not a valid proxy address: ${shown}`,
  })
}

/** The proxy a request to `target` goes through, or null for a direct connection. */
export function proxyFor(target: string | URL, options: ProxyOptions = {}): ProxyRoute | null {
  const url = typeof target === 'string' ? new URL(target) : target
  if (isLoopbackUrl(url.href)) return null
  const env = options.env ?? {}
  const noProxy = variable(env, 'NO_PROXY')
  if (noProxy && noProxyMatches(noProxy.value, url)) return null
  const setting = options.proxyUrl?.trim()
  if (setting) {
    const proxy = proxyAddress(setting)
    if (!proxy) throw unusableProxy('setting', setting)
    return { proxy, source: 'setting' }
  }
  const found = variable(env, url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY') ?? variable(env, 'ALL_PROXY')
  if (!found) return null
  const proxy = proxyAddress(found.value, { assumeHttp: true })
  if (!proxy) throw unusableProxy(found.name, found.value)
  return { proxy, source: found.name }
}

export interface NetworkOptions {
  /** The reviewer's proxy setting, read at each request ('' for none; its password decrypted). */
  proxyUrl?: () => string | Promise<string>
  /** Where the proxy variables are read (default: none; the app hands in process.env). */
  env?: Environment
  /** Certificates trusted, besides Node's, for https through a proxy (a test's own server). */
  ca?: string[]
  /** The direct way (default: the global fetch). */
  direct?: FetchLike
  /** One line the first time an origin is reached through a proxy; the proxy's credentials as ***. */
  log?: (line: string) => void
}

export interface Network {
  /** Sends a request directly or through the proxy its address calls for. */
  fetch: FetchLike
  /** Closes the proxies' connections. */
  close(): Promise<void>
}

const PROXY_STATUS = /Proxy response \((\d{3})\)|\((\d{3})\)/

/** A failure met through the proxy, said as such: the proxy refused, wants a password, or failed. */
function throughProxyFailure(error: unknown, route: ProxyRoute, target: URL): AppError {
  const proxy = redactUrlCredentials(route.proxy.href).replace(/\/$/, '')
  const origin = target.origin
  let message = ''
  const codes: string[] = []
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    message += ` ${String((current as { message?: unknown }).message ?? '')}`
    codes.push(String((current as { code?: unknown }).code ?? ''))
    current = (current as { cause?: unknown }).cause
  }
  // A SOCKS5 proxy's own answers (undici's codes): the user and password refused, or the
  // address it was asked for out of its reach.
  if (codes.some((c) => c === 'UND_ERR_SOCKS5_AUTH_FAILED' || c === 'UND_ERR_SOCKS5_AUTH_REJECTED')) {
    const reason: Bilingual = {
      'zh-CN': '代理服务器拒绝了用户名或密码，请检查代理地址中的用户名和密码',
      en: 'the proxy refused the user name or password; check them in the proxy address',
    }
    return proxyError('network', proxy, origin, reason)
  }
  if (codes.some((c) => c.startsWith('UND_ERR_SOCKS5_REPLY_'))) {
    return proxyError('network', proxy, origin, { 'zh-CN': '代理服务器无法连接该地址', en: 'the proxy could not connect to the address' })
  }
  const status = Number(PROXY_STATUS.exec(message)?.slice(1).find(Boolean) ?? NaN)
  if (status === 407) {
    const reason: Bilingual = {
      'zh-CN': '代理服务器要求身份验证（HTTP 407），请检查代理地址中的用户名和密码',
      en: 'the proxy requires authentication (HTTP 407); check the user name and password in the proxy address',
    }
    return proxyError('network', proxy, origin, reason, 407)
  }
  if (Number.isInteger(status) && /Proxy response/.test(message)) {
    return proxyError('network', proxy, origin, { 'zh-CN': `代理服务器拒绝了连接（HTTP ${status}）`, en: `the proxy refused the connection (HTTP ${status})` }, status)
  }
  const { code, reason } = networkFailure(error)
  if (code === 'ECONNREFUSED') {
    return proxyError('connection-refused', proxy, origin, { 'zh-CN': '代理服务器拒绝连接，可能未运行', en: 'the proxy refused the connection; it may be down' })
  }
  return proxyError('network', proxy, origin, { 'zh-CN': `网络出错（${reason}）`, en: `a network error (${reason})` })
}

export function createNetwork(options: NetworkOptions = {}): Network {
  const env = options.env ?? {}
  const direct = options.direct ?? ((url, init) => fetch(url, init))
  const agents = new Map<string, Dispatcher>()
  const told = new Set<string>()
  const tls = options.ca ? { ca: options.ca } : undefined

  function agentFor(proxy: URL): Dispatcher {
    let agent = agents.get(proxy.href)
    if (!agent) {
      // proxyTunnel false: an http address is forwarded, as every proxy allows; https is tunnelled.
      // undici knows socks5:// only, and sends the host name to the proxy, as socks5h:// asks. Its
      // own agent, not ProxyAgent's: that one hands the password on still percent-encoded.
      // requestTls (the target's TLS, read by the agent) is missing from undici's types.
      agent = isSocksProxy(proxy)
        ? new Socks5ProxyAgent(proxy.href.replace(/^socks5h:/, 'socks5:'), { requestTls: tls } as Socks5ProxyAgent.Options)
        : new ProxyAgent({ uri: proxy.href, proxyTunnel: false, requestTls: tls, proxyTls: tls })
      agents.set(proxy.href, agent)
    }
    return agent
  }

  const send: FetchLike = async (url, init) => {
    const target = new URL(url)
    const route = proxyFor(target, { proxyUrl: await options.proxyUrl?.(), env })
    if (!route) return direct(url, init)
    const key = `${target.origin} ${route.proxy.href}`
    if (!told.has(key)) {
      told.add(key)
      options.log?.(`${target.origin} via proxy ${redactUrlCredentials(route.proxy.href).replace(/\/$/, '')} (${route.source})`)
    }
    try {
      const response = await undiciFetch(url, { ...(init as object), dispatcher: agentFor(route.proxy) } as Parameters<typeof undiciFetch>[1])
      return response as unknown as Response
    } catch (error) {
      // The deadline's abort is told as a timeout by withDeadline, not as the proxy's fault.
      if (init.signal?.aborted) throw error
      throw throughProxyFailure(error, route, target)
    }
  }

  return {
    fetch: send,
    async close() {
      const all = [...agents.values()]
      agents.clear()
      await Promise.all(all.map((agent) => agent.close().catch(() => {})))
    },
  }
}
