// A small, strict parser for `--name value` command-line flags.
import { isCalendarDate } from '../../shared/ipc/contract'

export class UsageError extends Error {}

export function parseFlags(argv: readonly string[], known: readonly string[], booleans: readonly string[] = []) {
  const flags: Record<string, string> = {}
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const name = arg.slice(2)
    if (booleans.includes(name)) {
      flags[name] = 'true'
      continue
    }
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`)
    const value = argv[i + 1]
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option --${name} needs a value`)
    flags[name] = value
    i++
  }
  return { flags, positional }
}

export function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`)
  }
  return Number(value)
}

export function portNumber(value: string | undefined): number {
  const port = positiveInt('port', value)
  if (port === undefined || port > 65535) throw new UsageError('--port must be a number from 1 to 65535')
  return port
}

/** A whole number from min to max, or undefined when not given; `label` names where it came from. */
export function wholeNumberIn(label: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${label} must be a whole number from ${min} to ${max}, got "${value}"`)
  }
  return Number(value)
}

/** A day that exists as YYYY-MM-DD (2024-02-29, not 2023-02-29 or 2024-13-45), or undefined when not given. */
export function calendarDay(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!isCalendarDate(value)) throw new UsageError(`--${name} must be a day that exists, as YYYY-MM-DD, got "${value}"`)
  return value
}
