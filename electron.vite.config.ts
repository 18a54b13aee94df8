import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from './shared/csp'

const root = import.meta.dirname

/**
 * Writes the app's CSP into index.html. The dev server needs inline styles (HMR) and its
 * websocket; production gets the strict policy unchanged.
 */
function contentSecurityPolicy(): Plugin {
  let serving = false
  return {
    name: 'call-review:csp',
    configResolved(config) {
      serving = config.command === 'serve'
    },
    transformIndexHtml(html) {
      const policy = serving
        ? CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
            "connect-src 'self'",
            "connect-src 'self' ws: http://localhost:*",
          )
        : CONTENT_SECURITY_POLICY
      return html.replace('%CONTENT_SECURITY_POLICY%', policy)
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Bundled, not left in node_modules: the package then carries only out/ (electron-builder.ts).
      externalizeDeps: false,
      // The alignment worker is an entry of its own: main starts it by its file (align-worker.js).
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts'), 'align-worker': resolve(root, 'electron/main/align-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot require(): one self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [vue(), contentSecurityPolicy()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
})
