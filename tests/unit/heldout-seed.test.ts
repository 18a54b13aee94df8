// The held-out generator's seed plumbing (scripts/make-heldout-set.ts): --seed makes a development
// set of either kind, and without it each set keeps the seed (and so the calls) it always had.
import { describe, expect, it } from 'vitest'
import { createRng } from '../../electron/simulator'
import { HELDOUT_SETS, heldoutCallRng, resolveHeldoutOptions } from '../../scripts/make-heldout-set'

const draws = (rng: ReturnType<typeof createRng>) => Array.from({ length: 8 }, () => rng.next())

describe('held-out seeds', () => {
  it('resolves each set to its own held-out seed when none is given', () => {
    expect(resolveHeldoutOptions().seed).toBe(HELDOUT_SETS.clean.seed)
    expect(resolveHeldoutOptions({ set: 'line' }).seed).toBe(HELDOUT_SETS.line.seed)
  })

  it('honours a given seed for the clean set as for the line set', () => {
    expect(resolveHeldoutOptions({ set: 'clean', seed: 7 }).seed).toBe(7)
    expect(resolveHeldoutOptions({ set: 'line', seed: 7 }).seed).toBe(7)
  })

  it('draws call n from the seed plus n times 7919, as the held-out sets were made', () => {
    expect(draws(heldoutCallRng(HELDOUT_SETS.clean.seed, 5))).toEqual(draws(createRng(0x5eed0000 + 5 * 7919)))
    expect(draws(heldoutCallRng(7, 5))).not.toEqual(draws(heldoutCallRng(HELDOUT_SETS.clean.seed, 5)))
  })
})
