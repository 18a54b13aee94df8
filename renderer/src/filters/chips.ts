// The active filters as chips: one per value set (a status, a level, the keyword, the words searched
// in the transcripts, a local filter, an order other than the platform's), each knowing the filters
// left without it.
import type { CallFilters } from '../../../shared/ipc/contract'
import { DEFAULT_SORT, type CallSort, type LocalFilters } from '../../../shared/local-filters'
import type { Id } from '../../../shared/ids'
import type { Translate } from '../i18n'
import type { MessageKey } from '../i18n/messages'

/** What the list is narrowed and ordered by. */
export interface FilterView {
  filters: CallFilters
  local: LocalFilters
  sort: CallSort
  /** Words searched in the transcripts, within the rest (absent or null: none). */
  transcript?: string | null
}

export interface Chip {
  /** Stable per value (the field, and the value for a list). */
  key: string
  label: string
  /** The view without this chip's value. */
  next: FilterView
}

/** How values are named: in the reviewer's language, by the tenant's names. */
export interface ChipText {
  t: Translate
  status: (code: string) => string
  level: (level: string) => string
  hangup: (value: string) => string
  flow: (id: Id) => string
}

/** The name a reviewer knows each list filter by: the chips and the filter bar's notes say it. */
export const FILTER_FIELD_LABELS: Partial<Record<keyof CallFilters, MessageKey>> = {
  searchWords: 'filters.keyword',
  calledPhoneNumber: 'filters.keyword',
  callRecordId: 'filters.keyword',
  customerPersonName: 'filters.keyword',
  customerGroupId: 'filters.group',
  dialogFlowId: 'filters.flow',
  hangupBy: 'filters.hangupBy',
  realIntent: 'filters.realIntent',
  readStatus: 'filters.readStatus',
  chatDurationMin: 'filters.durationMin',
  chatDurationMax: 'filters.durationMax',
  redialTimes: 'filters.redial',
  customerConcern: 'filters.concern',
}

export function filterChips(view: FilterView, text: ChipText): Chip[] {
  const { t } = text
  const named = (key: MessageKey, value: string) => t('filters.chip', { name: t(key), value })
  const chips: Chip[] = []
  const without = (field: keyof CallFilters, value?: CallFilters[keyof CallFilters]): FilterView => ({
    ...view,
    filters: { ...view.filters, [field]: value },
  })
  const dropField = (field: keyof CallFilters): FilterView => {
    const { [field]: _dropped, ...rest } = view.filters
    return { ...view, filters: rest }
  }
  /** One chip per value of a list filter; the last one removed removes the filter. */
  const listChips = (field: 'resultStatuses' | 'intentLevels' | 'customerConcern', label: MessageKey, name: (value: string) => string) => {
    const values = (view.filters[field] ?? []) as string[]
    for (const value of values) {
      const rest = values.filter((other) => other !== value)
      chips.push({ key: `${field}:${value}`, label: named(label, name(value)), next: rest.length ? without(field, rest as never) : dropField(field) })
    }
  }
  listChips('resultStatuses', 'filters.status', text.status)
  listChips('intentLevels', 'filters.intent', text.level)
  for (const [field, value] of Object.entries(view.filters) as [keyof CallFilters, unknown][]) {
    if (value === undefined || field === 'resultStatuses' || field === 'intentLevels' || field === 'customerConcern') continue
    let label: string
    if (field === 'lastCallRecord') {
      if (value !== true) continue
      label = t('filters.lastCall')
    } else if (field === 'hangupBy') label = named('filters.hangupBy', text.hangup(String(value)))
    else if (field === 'dialogFlowId') label = named('filters.flow', text.flow(value as Id))
    else if (field === 'realIntent') label = named('filters.realIntent', t(value ? 'filters.realIntent.yes' : 'filters.realIntent.no'))
    else if (field === 'readStatus') label = named('filters.readStatus', t(`filters.readStatus.${value as 'NOT_READ' | 'HAS_READ'}`))
    else {
      const key = FILTER_FIELD_LABELS[field]
      label = key ? named(key, String(value)) : t('filters.chip', { name: field, value: String(value) })
    }
    chips.push({ key: field, label, next: dropField(field) })
  }
  listChips('customerConcern', 'filters.concern', (concern) => concern)

  // The transcript search narrows the list like a filter (within the others): a chip of its own.
  if (view.transcript) chips.push({ key: 'transcript', label: named('filters.transcriptChip', view.transcript), next: { ...view, transcript: null } })

  const { myGrade, disagrees, hasNote, mine, ...otherLocal } = view.local
  const local = (next: LocalFilters): FilterView => ({ ...view, local: next })
  if (myGrade !== undefined) {
    chips.push({
      key: 'myGrade',
      label: named('filters.myGrade', myGrade === 'ungraded' ? t('filters.myGrade.ungraded') : text.level(myGrade)),
      next: local({ ...otherLocal, disagrees, hasNote, mine }),
    })
  }
  if (disagrees) chips.push({ key: 'disagrees', label: t('filters.disagrees'), next: local({ ...otherLocal, myGrade, hasNote, mine }) })
  if (hasNote) chips.push({ key: 'hasNote', label: t('filters.hasNote'), next: local({ ...otherLocal, myGrade, disagrees, mine }) })
  if (mine) chips.push({ key: 'mine', label: t('team.onlyMine'), next: local({ ...otherLocal, myGrade, disagrees, hasNote }) })
  if (view.sort !== DEFAULT_SORT) chips.push({ key: 'sort', label: named('filters.sort', t(`filters.sort.${view.sort}`)), next: { ...view, sort: DEFAULT_SORT } })
  // Absent keys, not undefined ones: the view is saved and compared as it is.
  return chips.map((chip) => ({ ...chip, next: { ...chip.next, local: withoutUndefined(chip.next.local) } }))
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** The chips the keyword box itself shows (what was typed in it): not counted behind the filters' toggle. */
const KEYWORD_CHIPS: ReadonlySet<string> = new Set(['searchWords', 'calledPhoneNumber', 'callRecordId', 'customerPersonName', 'transcript'])

/** How many filters the collapsed filter form holds: one per chip, less the keyword box's own. */
export function filtersBehindToggle(view: FilterView): number {
  const plain = (value: string | Id) => String(value)
  const chips = filterChips(view, { t: (key) => key, status: plain, level: plain, hangup: plain, flow: plain })
  return chips.filter((chip) => !KEYWORD_CHIPS.has(chip.key)).length
}
