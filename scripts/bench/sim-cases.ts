// Answered calls of the simulator with their recordings (fetched over HTTP as the app does) and
// the simulator's ground truth: where each line really lies in the full recording.
import { readWavInfo } from '../../electron/main/services/wav'
import { startSimulator, type SimCall } from '../lib/simulator'
import type { AlignUtterance } from '../../electron/main/services/alignment'
import type { TruthTurn } from './alignment-metrics'
import type { LineCondition } from '../heldout/line-conditions'

export interface AlignmentCase {
  name: string
  full: Uint8Array
  customer: Uint8Array | null
  utterances: AlignUtterance[]
  truth: TruthTurn[]
  durationSec: number
  /** The held-out line set's conditions this call carries. */
  conditions?: readonly LineCondition[]
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

function isAnswered(call: SimCall): boolean {
  return call.callDetailList.length > 0 && !!call.fullAudioUrl?.endsWith('/ai_user.wav')
}

/** Every `stride`-th answered call of the seed's data set, up to `limit`. */
export async function loadSimCases(seed: number, limit: number, stride = 1): Promise<AlignmentCase[]> {
  const sim = await startSimulator({ port: 0, seed })
  try {
    const calls = sim.dataset.calls.filter(isAnswered).filter((_, i) => i % stride === 0).slice(0, limit)
    const cases: AlignmentCase[] = []
    for (const call of calls) {
      const full = await download(call.fullAudioUrl as string)
      const customer = call.customerAudioUrl ? await download(call.customerAudioUrl) : null
      const truth = sim.groundTruth(call.callRecordId) ?? []
      cases.push({
        name: `sim${seed}-${call.callRecordId}`,
        full,
        customer,
        utterances: call.callDetailList.map((d) => ({ callDetailId: d.callDetailId, type: d.type, text: d.text })),
        truth: truth.map((t) => ({ callDetailId: t.callDetailId, start: t.start, end: t.end })),
        durationSec: readWavInfo(full).durationSec,
      })
    }
    return cases
  } finally {
    await sim.close()
  }
}
