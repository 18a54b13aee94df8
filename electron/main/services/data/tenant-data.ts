// What the data source keeps of the tenant beside its calls, in the account's `cache-tenant`
// store: its intent label groups, its dialogue flows and the figures of the tasks looked at in
// the task picker. Each read is checked against the contract: a damaged entry is as if absent.
import { z } from 'zod'
import {
  dialogFlowsSchema,
  intentLabelsSchema,
  jobFiguresSchema,
  type DialogFlows,
  type IntentLabels,
  type JobFigures,
} from '../../../../shared/ipc/contract'
import type { KeyValueStore } from '../storage'

const LABELS_KEY = 'intentLabels'
const FLOWS_KEY = 'dialogFlows'
const FIGURES_KEY = 'jobFigures'
/** Tasks whose figures are kept; the least recently fetched go first. */
export const FIGURES_KEPT = 300

const storedLabels = z.object({ groups: intentLabelsSchema.shape.groups, at: z.number() })
const storedFlows = z.object({ flows: dialogFlowsSchema.shape.flows, at: z.number() })
const storedFigures = z.object({
  detail: jobFiguresSchema.shape.detail,
  stats: jobFiguresSchema.shape.stats,
  at: z.number(),
})

/** The label groups last fetched, as the cache's answer; undefined when none are kept. */
export function savedIntentLabels(store: KeyValueStore): IntentLabels | undefined {
  const parsed = storedLabels.safeParse(store.get(LABELS_KEY))
  return parsed.success ? { groups: parsed.data.groups, source: 'cache', fetchedAt: parsed.data.at } : undefined
}

export function saveIntentLabels(store: KeyValueStore, labels: IntentLabels): void {
  store.set(LABELS_KEY, { groups: labels.groups, at: labels.fetchedAt ?? Date.now() })
}

export function savedDialogFlows(store: KeyValueStore): DialogFlows | undefined {
  const parsed = storedFlows.safeParse(store.get(FLOWS_KEY))
  return parsed.success ? { flows: parsed.data.flows, source: 'cache', fetchedAt: parsed.data.at } : undefined
}

export function saveDialogFlows(store: KeyValueStore, flows: DialogFlows): void {
  store.set(FLOWS_KEY, { flows: flows.flows, at: flows.fetchedAt ?? Date.now() })
}

function storedFigureMap(store: KeyValueStore): Record<string, unknown> {
  const raw = store.get(FIGURES_KEY)
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {}
}

export function savedJobFigures(store: KeyValueStore, robotCallJobId: number): JobFigures | undefined {
  const parsed = storedFigures.safeParse(storedFigureMap(store)[robotCallJobId])
  if (!parsed.success) return undefined
  const { detail, stats, at } = parsed.data
  return { robotCallJobId, detail, stats, source: 'cache', fetchedAt: at }
}

export function saveJobFigures(store: KeyValueStore, figures: JobFigures): void {
  const map = storedFigureMap(store)
  map[figures.robotCallJobId] = { detail: figures.detail, stats: figures.stats, at: figures.fetchedAt ?? Date.now() }
  const ids = Object.keys(map)
  if (ids.length > FIGURES_KEPT) {
    const at = (id: string) => (map[id] as { at?: number } | undefined)?.at ?? 0
    for (const id of ids.sort((a, b) => at(a) - at(b)).slice(0, ids.length - FIGURES_KEPT)) delete map[id]
  }
  store.set(FIGURES_KEY, map)
}
