// The worker's half: align each job that arrives and post the result or the error back.
import { alignCall } from '../alignment'
import type { AnswerMessage, JobMessage } from './protocol'

/** What of the worker's parentPort this uses. */
export interface AlignJobPort {
  on(event: 'message', listener: (job: JobMessage) => void): unknown
  postMessage(answer: AnswerMessage): void
}

export function serveAlignJobs(port: AlignJobPort): void {
  port.on('message', ({ id, input }) => {
    let answer: AnswerMessage
    try {
      answer = { id, ok: true, result: alignCall(input) }
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error))
      answer = { id, ok: false, name: e.name, message: e.message }
    }
    port.postMessage(answer)
  })
}
