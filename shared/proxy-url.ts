// A proxy's address, as the reviewer types it in Settings or a company sets it in HTTPS_PROXY:
// http:// or https://, a host, maybe a port and user:password, nothing after. Its password (and
// user name) is never shown in a message or a log line.

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
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
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
