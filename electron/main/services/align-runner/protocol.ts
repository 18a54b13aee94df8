// The messages between the pool and an alignment worker: one job in, one answer out.
import type { AlignInput, AlignResult } from '../alignment'

export interface JobMessage {
  id: number
  input: AlignInput
}

export type AnswerMessage =
  | { id: number; ok: true; result: AlignResult }
  /** The engine's error by name and message: an error's class does not cross threads. */
  | { id: number; ok: false; name: string; message: string }
