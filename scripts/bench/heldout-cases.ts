// The held-out set (scripts/make-heldout-set.ts) as alignment cases; generated when missing.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readWavInfo } from '../../electron/main/services/audio/wav'
import { ensureHeldoutSet, toolsAvailable } from '../make-heldout-set'
import type { AlignmentCase } from './sim-cases'

/** The cases, or a reason why there are none. */
export async function loadHeldoutCases(): Promise<AlignmentCase[] | string> {
  if (!(await toolsAvailable())) return 'espeak-ng or sox not on PATH: held-out set skipped'
  const { dir, manifest } = await ensureHeldoutSet()
  return manifest.calls.map((call) => {
    const full = new Uint8Array(readFileSync(join(dir, call.full)))
    return {
      name: call.name,
      full,
      customer: call.customer ? new Uint8Array(readFileSync(join(dir, call.customer))) : null,
      utterances: call.utterances,
      truth: call.truth,
      durationSec: readWavInfo(full).durationSec,
    }
  })
}
