// Serves the built renderer from the privileged app:// scheme (not file://), with the CSP
// as a response header as well as in the page.
import { protocol } from 'electron'
import { CONTENT_SECURITY_POLICY_HEADER, MEDIA_SCHEME } from '../../shared/csp'
import type { AudioService } from './services/audio'
import { parseMediaPath } from './services/audio'
import { contentTypeOf, readStaticFile } from './services/pages'

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
    // Symlinks resolved: nothing outside the renderer's own folder is ever served.
    const found = url.host === APP_HOST ? await readStaticFile(rendererRoot, url.pathname) : null
    if (!found) return new Response('Not found', { status: 404 })
    return new Response(found.body, {
      headers: {
        'Content-Type': contentTypeOf(found.file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
        'X-Content-Type-Options': 'nosniff',
      },
    })
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
