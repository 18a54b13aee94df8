// Which page URLs belong to the app: its own app:// bundle and, in development, the dev server.
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    // Custom schemes have an opaque origin ('null'); compare scheme and host instead.
    return parsed.protocol === 'app:' ? `app://${parsed.host}` : parsed.origin
  } catch {
    return null
  }
}

export function isTrustedUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && trustedOrigins.includes(origin)
}
