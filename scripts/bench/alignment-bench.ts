// Alignment figures: accuracy of the engine and of the proportional baseline on the simulator's
// calls and on the held-out recordings, and compute time on a 3-minute call.
import { alignCall } from '../../electron/main/services/alignment'
import { estimateTurnTimings } from '../../renderer/src/timing/turn-timing'
import { combine, scoreCase, type CaseScore, type SetScore } from './alignment-metrics'
import { loadHeldoutCases } from './heldout-cases'
import { loadSimCases, type AlignmentCase } from './sim-cases'
import { threeMinuteCall } from './long-call'

export type Emit = (name: string, value: number | string, unit?: string) => void

function scoreSet(cases: readonly AlignmentCase[]): { engine: SetScore; baseline: SetScore; methods: Record<string, number> } {
  const engine: CaseScore[] = []
  const baseline: CaseScore[] = []
  const methods: Record<string, number> = {}
  for (const c of cases) {
    const result = alignCall({ full: c.full, customer: c.customer, utterances: c.utterances })
    methods[result.method] = (methods[result.method] ?? 0) + 1
    engine.push(scoreCase(result.turns, c.truth))
    baseline.push(scoreCase(estimateTurnTimings(c.utterances, c.durationSec).turns, c.truth))
  }
  return { engine: combine(engine), baseline: combine(baseline), methods }
}

function report(emit: Emit, set: string, cases: readonly AlignmentCase[]): void {
  const { engine, baseline, methods } = scoreSet(cases)
  emit(`align_${set}_calls`, cases.length, 'calls')
  emit(`align_${set}_turns`, engine.turns, 'turns')
  emit(`align_${set}_two_track_calls`, methods['two-track'] ?? 0, 'calls')
  emit(`align_${set}_median_start_error_ms`, Math.round(engine.medianStartErrorMs), 'ms')
  emit(`align_${set}_midpoint_inside_pct`, engine.midpointInsidePct.toFixed(1), '%')
  emit(`baseline_${set}_median_start_error_ms`, Math.round(baseline.medianStartErrorMs), 'ms')
  emit(`baseline_${set}_midpoint_inside_pct`, baseline.midpointInsidePct.toFixed(1), '%')
  // The same calls with the customer track withheld: the full-track-only path on every call.
  const fullOnly = scoreSet(cases.map((c) => ({ ...c, customer: null }))).engine
  emit(`align_${set}_fulltrack_only_median_start_error_ms`, Math.round(fullOnly.medianStartErrorMs), 'ms')
  emit(`align_${set}_fulltrack_only_midpoint_inside_pct`, fullOnly.midpointInsidePct.toFixed(1), '%')
}

export async function runAlignmentBench(emit: Emit, note: (line: string) => void): Promise<void> {
  const sim = [...(await loadSimCases(1, 120, 3)), ...(await loadSimCases(2, 120, 3))]
  report(emit, 'sim', sim)

  const heldout = await loadHeldoutCases()
  if (typeof heldout === 'string') note(heldout)
  else report(emit, 'heldout', heldout)

  const long = threeMinuteCall(sim)
  const times: number[] = []
  alignCall(long) // warm-up: JIT
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now()
    alignCall(long)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  emit('align_3min_compute_p50_ms', (times[Math.floor(times.length * 0.5)] as number).toFixed(1), 'ms')
  emit('align_3min_compute_p95_ms', (times[Math.floor(times.length * 0.95)] as number).toFixed(1), 'ms')
}
