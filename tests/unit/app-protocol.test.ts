// The app:// scheme's handler, against a recording stand-in of Electron's protocol module (no
// Electron binary here), over a real renderer folder with real symlinks.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp'
import { makeLinkedRenderer } from '../support/linked-renderer'

const handlers = vi.hoisted(() => new Map<string, (request: Request) => Promise<Response>>())
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: () => {},
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => handlers.set(scheme, handler),
  },
}))

let base: string
beforeAll(async () => {
  const made = makeLinkedRenderer('app-protocol')
  base = made.base
  const root = made.root
  const { serveRenderer } = await import('../../electron/main/app-protocol')
  serveRenderer(root)
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

const get = (url: string) => handlers.get('app')!(new Request(url))

describe('app:// scheme', () => {
  it('serves the renderer’s files with the CSP header, through a link inside it too', async () => {
    const page = await get('app://bundle/index.html')
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('<html>app</html>')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER)
    const alias = await get('app://bundle/alias.js')
    expect(await alias.text()).toBe('app()')
    expect(alias.headers.get('content-type')).toMatch(/javascript/)
  })

  it('serves nothing a symlink in the renderer folder leads to outside it', async () => {
    for (const url of ['app://bundle/leak.txt', 'app://bundle/outdir/secret.txt']) {
      const answer = await get(url)
      expect(answer.status).toBe(404)
      expect(await answer.text()).not.toContain('secret')
    }
  })
})
