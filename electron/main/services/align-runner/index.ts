// Where alignment runs: on worker threads in the app, inline in tests and the command line.
export { AlignmentWorkerError, inlineAlignRunner, type AlignOptions, type AlignRunner } from './runner'
export { createWorkerAlignRunner, defaultPoolSize, type WorkerPoolOptions } from './worker-pool'
export { serveAlignJobs, type AlignJobPort } from './worker-side'
