// The alignment worker's entry, built beside main's index.js (electron.vite.config.ts) and started
// by the worker pool: it aligns the calls main posts to it, off the main thread.
import { parentPort } from 'node:worker_threads'
import { serveAlignJobs } from './services/align-runner'

if (parentPort) serveAlignJobs(parentPort)
