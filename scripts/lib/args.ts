// A small, strict parser for `--name value` command-line flags.
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
