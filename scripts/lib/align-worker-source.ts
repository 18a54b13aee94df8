// The alignment worker started from its TypeScript source, for the tests and scripts (vitest,
// tsx), where no built align-worker.js exists. Node does not pass a TypeScript loader on to a
// worker's own entry, so a few lines of JavaScript register tsx inside the worker first.
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

export const ALIGN_WORKER_SOURCE = resolve(import.meta.dirname, '../../electron/main/align-worker.ts')

/** A startWorker for createWorkerAlignRunner running `entry` (by default the app's own worker). */
export function sourceWorker(entry = ALIGN_WORKER_SOURCE): () => Worker {
  const url = JSON.stringify(pathToFileURL(entry).href)
  // tsx's ESM API by its file, so the worker finds it whatever the working directory.
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json')
  const api = JSON.stringify(pathToFileURL(join(tsxPackage, '../dist/esm/api/index.mjs')).href)
  const boot = `import(${api}).then(({ register }) => { register(); return import(${url}) })`
  return () => new Worker(boot, { eval: true })
}
