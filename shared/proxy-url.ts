// A proxy's address, as the reviewer types it in Settings or a company sets it in HTTPS_PROXY or
// ALL_PROXY: http://, https:// or socks5:// (socks5h://: the same, host names resolved by the
// proxy, as ours always are), a host, maybe a port and user:password, nothing after. Its password
// (and user name) is never shown in a message or a log line.

const PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:']

/** Whether the proxy is a SOCKS5 one (the request's host name is sent to it, never resolved here). */
export const isSocksProxy = (proxy: URL) => proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:'

/** The proxy a text names, or null when it names none. `assumeHttp`: a bare `host:port` (as
 *  proxy variables are often set) means http://host:port. */
export function proxyAddress(text: string, options: { assumeHttp?: boolean } = {}): URL | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  const withScheme = options.assumeHttp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? `http://${trimmed}` : trimmed
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return null
  }
  if (!PROXY_SCHEMES.includes(url.protocol)) return null
  if (!url.hostname || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return null
  return url
}

/** A URL with its user name and password replaced by ***: `http://***@proxy.example.com:8080/`. */
export function redactUrlCredentials(url: string): string {
  // Up to the last @ before the path: a password may hold an @ of its own.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1***@')
}

/** Every user:password@ of a URL in a text (a log line, an error) replaced by ***@. */
export function redactCredentialsInText(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#\s'"]*@/gi, '$1***@')
}
