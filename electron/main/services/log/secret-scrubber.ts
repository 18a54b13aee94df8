// Every credential main has handled, scrubbed from its log lines with the API client's own
// redaction (redactSecrets): the log file may be attached to a support request.
import { redactCredentialsInText } from '../../../../shared/proxy-url'
import { redactSecrets, type Credentials } from '../api'

export interface SecretScrubber {
  /** Credentials main now knows (loaded, saved or tested): scrubbed from every later line. */
  /** Credentials to hide from every line: the API's, or a team server's password. */
  remember(credentials: (Partial<Credentials> & { password?: string }) | null | undefined): void
  scrub(text: string): string
}

export function createSecretScrubber(): SecretScrubber {
  const secrets = new Set<string>()
  return {
    remember(credentials) {
      for (const value of [credentials?.appSecret, credentials?.appKey, credentials?.tenantSign, credentials?.password]) if (value) secrets.add(value)
    },
    // Longest first, so a secret containing another is not left half shown. A URL's user and
    // password (a proxy's, say) go too, whoever wrote the line.
    scrub: (text) => redactCredentialsInText(redactSecrets(text, [...secrets].sort((a, b) => b.length - a.length))),
  }
}
