// Display formats shared by the workspace's components.
import { maskPhone } from '../../shared/phone-mask'
import { HANGUP_BY_LABELS, RESULT_STATUS_LABELS, type KnownHangupBy, type Language, type ResultStatus } from '../../shared/enums'
import { intentLevelText, type NamedLevels } from '../../shared/intent-labels'
import type { IntentLabelGroup } from '../../shared/ipc/contract'

export function clock(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

/** A phone number as the list and the call show it: masked when the reviewer's setting says so. */
export function phoneText(value: string | null | undefined, masked: boolean): string {
  if (!value) return '—'
  return masked ? maskPhone(value) : value
}

/** A platform time as one form, whichever the answer used: the call list's "2018-08-04 11:57:33"
 *  and the call detail's "2018-10-02T16:54:08" both show as "YYYY-MM-DD HH:mm:ss". */
export function wallTime(value: string | null | undefined): string {
  if (!value) return '—'
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? value.replace('T', ' ') : value
}

/** Bytes as megabytes with one decimal, as the cache and download figures show them. */
export const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

export function statusLabel(status: string | null | undefined, language: Language): string {
  if (!status) return '—'
  return RESULT_STATUS_LABELS[status as ResultStatus]?.[language] ?? status
}

/** hangupBy: the label of a value the docs show, any other value as it comes. */
export function hangupByLabel(value: string | null | undefined, language: Language): string {
  if (!value) return '—'
  return HANGUP_BY_LABELS[value as KnownHangupBy]?.[language] ?? value
}

/** A level with the tenant's name (the call's own, else its label group's), else the built-in one. */
export function intentLabel(level: string | null | undefined, language: Language, call?: NamedLevels | null, group?: IntentLabelGroup | null): string {
  return intentLevelText(level, language, call, group)
}
