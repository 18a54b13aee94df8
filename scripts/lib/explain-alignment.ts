// `npm run align -- --explain`'s line: how the call was aligned, and what was made of its customer track.
import type { CustomerTrackNote } from '../../electron/main/services/alignment'

/** One line: how the call was aligned, and what was made of its customer track. */
export function explanation(method: string, note: CustomerTrackNote | undefined): string {
  if (!note) return `aligned ${method}; no customer track given`
  if (note.channel) return `aligned ${method}; no customer track given: the full recording's ${note.channel} channel is the customer's side (each side on its own channel${note.channelsPlaced === 1 ? '; the first channel tried was sure, the other not placed' : ''})`
  const rate = note.recordedHz === note.fullHz ? `${note.recordedHz} Hz` : `${note.recordedHz} Hz, brought to the full track's ${note.fullHz} Hz`
  const offset = note.offsetSamples === 0 ? 'in step' : `${Math.abs(note.offsetSamples)} samples (${((Math.abs(note.offsetSamples) / note.fullHz) * 1000).toFixed(1)} ms) ${note.offsetSamples > 0 ? 'later' : 'earlier'} in the full track, laid there`
  const drift = note.driftPpm ? `; its clock ${Math.abs(note.driftPpm).toFixed(1)} ppm ${note.driftPpm > 0 ? 'fast' : 'slow'}, drawn back into step` : ''
  const step = offset + drift
  const use = note.use === 'used' ? 'used' : note.use === 'whole-call' ? 'not used: it holds the whole call, robot too' : 'not used: no speech in it, nor heard in the full track (a leg not recorded)'
  const swapped = note.swapped ? 'the two recordings given the other way round, swapped back; ' : ''
  return `aligned ${method}; ${swapped}customer track ${rate}, ${step}, ${use}`
}
