// A renderer folder with real symlinks, for the tests of what serves the page's files (app:// and
// the browser host): links inside the root that point out of it, and one that stays inside.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Makes `<base>/renderer` (index.html, assets/app.js) and `<base>/outside/secret.txt`, with
 *  leak.txt → the secret, outdir → outside/, up → .., alias.js → assets/app.js, and
 *  `<base>/linked-root` → the root itself. */
export function makeLinkedRenderer(prefix: string): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), `${prefix}-`))
  const root = join(base, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  mkdirSync(join(base, 'outside'))
  writeFileSync(join(root, 'index.html'), '<html>app</html>')
  writeFileSync(join(root, 'assets', 'app.js'), 'app()')
  writeFileSync(join(base, 'outside', 'secret.txt'), 'secret')
  symlinkSync(join(base, 'outside', 'secret.txt'), join(root, 'leak.txt'))
  symlinkSync(join(base, 'outside'), join(root, 'outdir'))
  symlinkSync('..', join(root, 'up'))
  symlinkSync(join('assets', 'app.js'), join(root, 'alias.js'))
  symlinkSync(root, join(base, 'linked-root'))
  return { base, root }
}
