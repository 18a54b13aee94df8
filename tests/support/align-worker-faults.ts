// An alignment worker that misbehaves on cue, for the pool's tests: a job whose first line reads
// `crash` ends the thread, `throw` throws outside the engine, `hang` never answers; any other job
// is aligned as the app's worker aligns it.
import { parentPort } from 'node:worker_threads'
import { serveAlignJobs } from '../../electron/main/services/align-runner'
import type { AlignInput } from '../../electron/main/services/alignment'

function fault(input: AlignInput) {
  const cue = input.utterances[0]?.text
  if (cue === 'crash') process.exit(3)
  if (cue === 'throw') throw new Error('worker fault')
  if (cue === 'hang') for (;;);
}

const port = parentPort
if (port) {
  serveAlignJobs({
    on: (_event, listener) =>
      port.on('message', (job: Parameters<typeof listener>[0]) => {
        fault(job.input)
        listener(job)
      }),
    postMessage: (answer) => port.postMessage(answer),
  })
}
