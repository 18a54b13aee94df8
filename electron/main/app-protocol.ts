// Serves the built renderer from the privileged app:// scheme (not file://), with the CSP
// as a response header as well as in the page.
import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { CONTENT_SECURITY_POLICY_HEADER, MEDIA_SCHEME } from '../../shared/csp'
import type { AudioService } from './services/audio'
import { parseMediaPath } from './services/audio'
import { contentTypeOf, resolveStaticFile } from './services/pages'

export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const MEDIA_HOST = 'audio'

/** Must run before the app is ready. */
export function registerAppSchemePrivileges(mediaScheme: string): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: mediaScheme, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ])
}

export function serveRenderer(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_HOST ? resolveStaticFile(rendererRoot, url.pathname) : null
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: {
          'Content-Type': contentTypeOf(file),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
          'X-Content-Type-Options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

/** Prepared recordings, with Range support so seeking is instant. */
export function serveMedia(audio: AudioService): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url)
    const target = url.host === MEDIA_HOST ? parseMediaPath(url.pathname) : null
    if (!target) return new Response('Not found', { status: 404 })
    return audio.respond(target.callRecordId, target.track, request.headers.get('range'))
  })
}
