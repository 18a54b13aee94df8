// The Content-Security-Policy of the app's pages: only the app's own code and styles, no
// inline script, no remote content. Audio comes through the app's own media scheme.
export const MEDIA_SCHEME = 'app-media'

const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // data: for one thing: howler lets go of a finished recording by pointing its element at a
  // tiny silent data: WAV; refused, every change of call logged a violation and kept the element.
  `media-src 'self' ${MEDIA_SCHEME}: blob: data:`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
]

/** In the page's <meta> tag. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ')

/** As a response header, which may also forbid framing (a <meta> policy cannot). */
export const CONTENT_SECURITY_POLICY_HEADER = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ')
