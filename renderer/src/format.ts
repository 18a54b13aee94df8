// Display formats shared by the workspace's components.
import { maskPhone } from '../../shared/phone-mask'
import { HANGUP_BY_LABELS, RESULT_STATUS_LABELS, type KnownHangupBy, type Language, type ResultStatus } from '../../shared/enums'
import { intentLevelText, type NamedLevels } from '../../shared/intent-labels'
import { isCalendarDate, type IntentLabelGroup } from '../../shared/ipc/contract'

export function clock(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

/**
 * The player's "elapsed / length". The length is the recording's, in whole seconds to the nearest,
 * as the platform's chatDuration (seconds, a whole number) gives a call's length in the list and
 * the call: the same recording reads the same in all three (65.6 s is 1:06, not 1:05). The elapsed
 * time counts whole seconds gone, as the turns' start times do, and at the end reads the length.
 */
export function playerTime(position: number, duration: number): string {
  const length = Math.round(duration)
  const atEnd = duration > 0 && position >= duration - 0.05
  return `${clock(atEnd ? length : Math.min(Math.floor(position), length))} / ${clock(length)}`
}

/** A phone number as the list and the call show it: masked when the reviewer's setting says so. */
export function phoneText(value: string | null | undefined, masked: boolean): string {
  if (!value) return '—'
  return masked ? maskPhone(value) : value
}

// Dates and times have one form everywhere, in both languages: "YYYY-MM-DD HH:mm:ss" (24-hour),
// as the platform writes its times and the exports write theirs. The browser's locale formats
// ("2025/11/4 09:39:07", "11/4/2025, 9:39:07 AM") are not used.

/** A platform time as one form, whichever the answer used: the call list's "2018-08-04 11:57:33"
 *  and the call detail's "2018-10-02T16:54:08" both show as "YYYY-MM-DD HH:mm:ss". */
export function wallTime(value: string | null | undefined): string {
  if (!value) return '—'
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? value.replace('T', ' ') : value
}

const two = (n: number) => String(n).padStart(2, '0')

/** A moment of this computer (ms since the epoch, or an ISO string) in its local time: "YYYY-MM-DD HH:mm:ss". */
export function localTime(value: number | string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${localClock(date)}`
}

/** The time of day of a moment, local: "HH:mm:ss". */
export function localClock(value: number | Date): string {
  const date = value instanceof Date ? value : new Date(value)
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
}

/** A day as typed into the report's date fields, in the one form ("2025-11-04"); "2025/11/4" and
 *  "2025-11-4" are read too. '' for an empty field, null for what is no day at all. */
export function dayText(typed: string): string | null {
  const text = typed.trim()
  if (!text) return ''
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text)
  if (!match) return null
  const day = `${match[1]}-${two(Number(match[2]))}-${two(Number(match[3]))}`
  return isCalendarDate(day) ? day : null
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
