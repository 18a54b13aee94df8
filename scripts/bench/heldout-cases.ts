// A held-out set (scripts/make-heldout-set.ts) as alignment cases; generated when missing.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readWavInfo } from '../../electron/main/services/wav'
import { ensureHeldoutSet, toolsAvailable, type HeldoutOptions } from '../make-heldout-set'
import type { AlignmentCase } from './sim-cases'

/** The cases, or a reason why there are none. */
export async function loadHeldoutCases(options: HeldoutOptions = {}): Promise<AlignmentCase[] | string> {
  if (!(await toolsAvailable())) return `espeak-ng or sox not on PATH: held-out ${options.set ?? 'clean'} set skipped`
  const { dir, manifest } = await ensureHeldoutSet(options)
  return manifest.calls.map((call) => {
    const full = new Uint8Array(readFileSync(join(dir, call.full)))
    return {
      name: call.name,
      full,
      customer: call.customer ? new Uint8Array(readFileSync(join(dir, call.customer))) : null,
      utterances: call.utterances,
      truth: call.truth,
      durationSec: readWavInfo(full).durationSec,
      conditions: call.conditions,
    }
  })
}
