// Dates of the data set as wall-clock times in the platform's formats. Minutes and seconds are
// counted on a UTC axis so the output never depends on the machine's time zone.

export const MINUTE = 60
export const HOUR = 3600
export const DAY = 86400

/** Seconds since 1970 of a wall-clock time 'YYYY-MM-DD HH:mm:ss'. */
export function wallSeconds(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text)
  if (!m) throw new Error(`not a wall-clock time: ${text}`)
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) / 1000
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 'YYYY-MM-DD HH:mm:ss' */
export function formatDateTime(seconds: number): string {
  const d = new Date(seconds * 1000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** A 'YYYY-MM-DD HH:mm:ss' time as the call detail documents it: '2018-10-02T16:54:08'. */
export function detailTime(text: string): string {
  return text.replace(' ', 'T')
}

/** 'YYYY-MM-DD HH:mm', as the platform shows a customer's creation time. */
export function formatMinute(seconds: number): string {
  return formatDateTime(seconds).slice(0, 16)
}

/** The same moment moved into calling hours (09:00–20:00), to the next morning if need be. */
export function intoCallingHours(seconds: number): number {
  const dayStart = Math.floor(seconds / DAY) * DAY
  const timeOfDay = seconds - dayStart
  if (timeOfDay < 9 * HOUR) return dayStart + 9 * HOUR + (timeOfDay % HOUR)
  if (timeOfDay >= 20 * HOUR) return dayStart + DAY + 9 * HOUR + (timeOfDay % HOUR)
  return seconds
}
