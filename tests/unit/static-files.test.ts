import { realpathSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeLinkedRenderer } from '../support/linked-renderer'
import { contentTypeOf, readStaticFile, resolveStaticFile } from '../../electron/main/services/pages/static-files'

describe('static files of the app scheme', () => {
  it('maps paths inside the root and / to index.html', () => {
    expect(resolveStaticFile('/app/out', '/')).toBe('/app/out/index.html')
    expect(resolveStaticFile('/app/out', '/assets/a.js?v=1')).toBe('/app/out/assets/a.js')
    expect(contentTypeOf('/x/a.js')).toMatch(/javascript/)
  })

  it('refuses traversal, encoded traversal and NUL bytes', () => {
    expect(resolveStaticFile('/app/out', '/../secret')).toBeNull()
    expect(resolveStaticFile('/app/out', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull()
    expect(resolveStaticFile('/app/out', '/a%00.js')).toBeNull()
    expect(resolveStaticFile('/app/out', '/%E0%A4%A')).toBeNull()
  })
})

describe('static files and symlinks (real links in temp folders)', () => {
  let base: string
  let root: string
  beforeAll(() => {
    ;({ base, root } = makeLinkedRenderer('static-links'))
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('serves the files inside the root, through a link inside it too', async () => {
    expect((await readStaticFile(root, '/'))?.body.toString()).toBe('<html>app</html>')
    expect((await readStaticFile(root, '/assets/app.js'))?.body.toString()).toBe('app()')
    const alias = await readStaticFile(root, '/alias.js')
    expect(alias?.body.toString()).toBe('app()')
    expect(alias?.file).toBe(join(realpathSync(root), 'assets', 'app.js'))
  })

  it('refuses a link that leads out of the root, as not found', async () => {
    // The path names a place inside the root; only resolving the link shows where it leads.
    expect(resolveStaticFile(root, '/leak.txt')).toBe(join(root, 'leak.txt'))
    expect(await readStaticFile(root, '/leak.txt')).toBeNull()
    expect(await readStaticFile(root, '/outdir/secret.txt')).toBeNull()
    expect(await readStaticFile(root, '/up/outside/secret.txt')).toBeNull()
  })

  it('serves a root reached through a link, and nothing missing or a folder', async () => {
    expect((await readStaticFile(join(base, 'linked-root'), '/assets/app.js'))?.body.toString()).toBe('app()')
    expect(await readStaticFile(join(base, 'linked-root'), '/leak.txt')).toBeNull()
    expect(await readStaticFile(root, '/missing.js')).toBeNull()
    expect(await readStaticFile(root, '/assets')).toBeNull()
    expect(await readStaticFile(root, '/../outside/secret.txt')).toBeNull()
  })
})
