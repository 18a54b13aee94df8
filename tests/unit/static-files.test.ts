import { describe, expect, it } from 'vitest'
import { contentTypeOf, resolveStaticFile } from '../../electron/main/services/pages/static-files'

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
