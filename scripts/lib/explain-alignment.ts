// `npm run align -- --explain`'s line: how the call was aligned, what was made of its customer
// track, and on a full track alone how its lines fitted the voices.
import type { CustomerTrackNote, VoiceRoundsNote } from '../../electron/main/services/alignment'
import { REFIT_COST_PER_LINE, REFIT_MAX_SEC, REFIT_RATE_FACTORS } from '../../electron/main/services/alignment/robot-voice'

/** One line: how the call was aligned, what was made of its customer track, and how the voices fitted. */
export function explanation(method: string, note: CustomerTrackNote | undefined, rounds?: VoiceRoundsNote): string {
  return trackExplanation(method, note) + (rounds ? `; ${roundsExplanation(rounds)}` : '')
}

function trackExplanation(method: string, note: CustomerTrackNote | undefined): string {
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

/** How the call's lines fitted the voices told apart on a full track alone, and what was done where they did not. */
function roundsExplanation(rounds: VoiceRoundsNote): string {
  const perLine = (cost: number) => `${cost.toFixed(2)} per line`
  const doubted = rounds.doubted ? '; still not fitting: every turn shown as uncertain' : ''
  if (rounds.kept === 'first' && !rounds.startedAgain) {
    const fits = rounds.costPerLine <= REFIT_COST_PER_LINE
    return `its lines ${fits ? 'fit' : 'did not fit'} the voices (${perLine(rounds.costPerLine)})${fits ? '' : `, not started again (a call over ${REFIT_MAX_SEC} s)`}${doubted}`
  }
  const rates = REFIT_RATE_FACTORS.map((f) => `×${f}`).join(' and ')
  const kept = rounds.kept === 'first' ? 'the first rounds kept' : rounds.kept === 'taught again' ? 'the cheapest taught again and kept' : `the start at ×${rounds.kept} kept`
  return `its lines did not fit the voices (${perLine(rounds.costPerLine)}): started again at ${rates}, ${kept} (${perLine(rounds.keptCostPerLine)})${doubted}`
}
