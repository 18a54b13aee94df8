// The tenant's own names of the intent levels. The platform grades calls A–F; a tenant names the
// levels in label groups (intentLevelTag/getIntentLevelTag: `code` 0 is A, 1 is B … 5 is F, as
// the intent-level enumeration numbers them), and each call says which group it was graded
// with (`intentLevelTagId`) and may carry the names itself (`intentLevelName`,
// `realIntentLevelName`). The app shows a level as its letter with a name: the platform's name
// for that call, else its group's, else the built-in one.
import type { IntentLevelTagDetails, JobStats } from './api-schemas'
import { INTENT_LEVELS, INTENT_LEVEL_LABELS, type IntentLevel, type Language } from './enums'
import type { IntentLabelGroup } from './ipc/contract'

export function isIntentLevel(value: unknown): value is IntentLevel {
  return typeof value === 'string' && (INTENT_LEVELS as readonly string[]).includes(value)
}

/** The level a label's `code` stands for; undefined for a code outside 0–5. */
export function intentLevelOfCode(code: unknown): IntentLevel | undefined {
  return typeof code === 'number' && Number.isInteger(code) ? INTENT_LEVELS[code] : undefined
}

function levelsOf(details: readonly { code?: number | null; name?: string | null }[] | null | undefined): IntentLabelGroup['levels'] {
  const levels: IntentLabelGroup['levels'] = {}
  for (const detail of details ?? []) {
    const level = intentLevelOfCode(detail.code)
    const name = detail.name?.trim()
    if (level && name && levels[level] === undefined) levels[level] = name
  }
  return levels
}

/** A group as getIntentLevelTag answers it, by level. */
export function labelGroupOf(tag: IntentLevelTagDetails): IntentLabelGroup {
  return { intentLevelTagId: tag.intentLevelTagId, name: tag.name ?? '', levels: levelsOf(tag.details) }
}

/** The group a task's statistics name (getJobStats' intentLevelTagDetailList, inside
 *  callJobStatsBrokenLine as the example has it, or at the top as the table lists it). */
export function labelGroupOfStats(stats: JobStats | null | undefined): IntentLabelGroup | null {
  const list = stats?.callJobStatsBrokenLine?.intentLevelTagDetailList ?? stats?.intentLevelTagDetailList
  if (!list?.length) return null
  const id = list.find((detail) => typeof detail.intentLevelTagId === 'number')?.intentLevelTagId
  return { intentLevelTagId: id ?? -1, name: '', levels: levelsOf(list) }
}

/** What a call says of its levels (a list row or a detail). */
export interface NamedLevels {
  intentLevel?: string | null
  intentLevelName?: string | null
  realIntentLevel?: string | null
  realIntentLevelName?: string | null
  intentLevelTagId?: number | null
}

/** The group with this id, if known. */
export function groupById(groups: readonly IntentLabelGroup[], id: number | null | undefined): IntentLabelGroup | undefined {
  return id === null || id === undefined ? undefined : groups.find((group) => group.intentLevelTagId === id)
}

/**
 * The tenant's name of `level` for a call: the name the platform gave the call for that level
 * (a name is read only beside its level: `realIntentLevelName` without `realIntentLevel` names
 * nothing), else the call's label group's. Undefined when neither names it.
 */
export function tenantLevelName(level: string | null | undefined, call?: NamedLevels | null, group?: IntentLabelGroup | null): string | undefined {
  if (!level) return undefined
  const given =
    call?.intentLevel === level && call.intentLevelName?.trim()
      ? call.intentLevelName.trim()
      : call?.realIntentLevel === level && call.realIntentLevelName?.trim()
        ? call.realIntentLevelName.trim()
        : undefined
  return given ?? (isIntentLevel(level) ? group?.levels[level] : undefined)
}

/** The letter with a name: "A 很好"; a name that starts with its letter ("A类", "A级(较强)") as it is. */
export function withLetter(level: string, name: string): string {
  return name.startsWith(level) && !/[A-Za-z]/.test(name.charAt(level.length)) ? name : `${level} ${name}`
}

/** A level as the reviewer reads it: with the tenant's name when known, else the built-in one;
 *  an unknown value as it came; '—' for none. */
export function intentLevelText(
  level: string | null | undefined,
  language: Language,
  call?: NamedLevels | null,
  group?: IntentLabelGroup | null,
): string {
  if (!level) return '—'
  const name = tenantLevelName(level, call, group) ?? (isIntentLevel(level) ? INTENT_LEVEL_LABELS[level][language] : undefined)
  return name ? withLetter(level, name) : level
}

/** A level in an export: with the tenant's name when the platform gives one, else the bare letter
 *  (what a spreadsheet counts by); '' for none. */
export function tenantIntentText(level: string | null | undefined, call?: NamedLevels | null, group?: IntentLabelGroup | null): string {
  if (!level) return ''
  const name = tenantLevelName(level, call, group)
  return name ? withLetter(level, name) : level
}
