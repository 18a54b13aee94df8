// Infers turn times for one call from its recordings:
//   npm run --silent align -- --full FULL.wav [--customer CUSTOMER.wav] --transcript DETAIL.json [--explain]
// DETAIL.json is the callDetail answer (the whole {code,data,…} envelope or just its data).
// Prints [{"callDetailId":…,"start":…,"end":…}, …] in transcript order, seconds. --explain adds one
// line on stderr: how the call was aligned, what was made of its customer track (its rate, how
// far out of step it was, whether it was used), and on a full track alone how its lines fitted the
// voices (started again or not). Bad input: exit code 1 and one line on stderr.
import { readFileSync } from 'node:fs'
import { alignCall, AlignmentInputError, type AlignUtterance, type CustomerTrackNote, type VoiceRoundsNote } from '../electron/main/services/alignment'
import { explanation } from './lib/explain-alignment'
import { UsageError } from './lib/args'
import { parseJsonExact, stringifyJsonExact } from '../shared/exact-json'
import { toId } from '../shared/ids'


const USAGE = 'usage: align --full FULL.wav [--customer CUSTOMER.wav] --transcript DETAIL.json [--explain]'
const FLAGS = new Set(['--full', '--customer', '--transcript'])
/** Flags that take no value. */
const SWITCHES = new Set(['--explain'])

function parseArgs(argv: readonly string[]): Map<string, string> {
  const options = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const eq = arg.indexOf('=')
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    if (SWITCHES.has(arg)) {
      options.set(arg, 'yes')
      continue
    }
    if (!FLAGS.has(flag)) throw new UsageError(`unknown argument "${arg}"; ${USAGE}`)
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i]
    if (!value) throw new UsageError(`${flag} needs a file; ${USAGE}`)
    if (options.has(flag)) throw new UsageError(`${flag} given twice`)
    options.set(flag, value)
  }
  for (const required of ['--full', '--transcript']) {
    if (!options.has(required)) throw new UsageError(`missing ${required}; ${USAGE}`)
  }
  return options
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable')}`)
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The utterances of a callDetail answer: envelope or bare data. */
function utterancesOf(json: unknown, path: string): AlignUtterance[] {
  const data = isRecord(json) && 'data' in json && !('callDetailList' in json) ? json.data : json
  const list = isRecord(data) ? data.callDetailList : undefined
  if (!Array.isArray(list)) throw new UsageError(`${path} has no callDetailList`)
  return list.map((item: unknown, i) => {
    // A number, or the digits an id beyond 2^53 is read as.
    const callDetailId = isRecord(item) ? toId(item.callDetailId) : undefined
    if (!isRecord(item) || callDetailId === undefined || typeof item.type !== 'string') {
      throw new UsageError(`${path}: callDetailList[${i}] needs a numeric callDetailId and a type`)
    }
    return { callDetailId, type: item.type, text: typeof item.text === 'string' ? item.text : '' }
  })
}

function main(argv: readonly string[]): void {
  const options = parseArgs(argv)
  const transcriptPath = options.get('--transcript') as string
  let json: unknown
  try {
    // Ids beyond 2^53 read and printed exactly, as `cli detail` writes them.
    json = parseJsonExact(readFile(transcriptPath, 'transcript').toString('utf8'))
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`${transcriptPath} is not valid JSON`)
  }
  const utterances = utterancesOf(json, transcriptPath)
  const full = new Uint8Array(readFile(options.get('--full') as string, 'full recording'))
  const customerPath = options.get('--customer')
  const customer = customerPath ? new Uint8Array(readFile(customerPath, 'customer recording')) : null
  let note: CustomerTrackNote | undefined
  let rounds: VoiceRoundsNote | undefined
  const result = alignCall({ full, customer, utterances }, { customerTrack: (told) => (note = told), voiceRounds: (told) => (rounds = told) })
  if (options.has('--explain')) process.stderr.write(explanation(result.method, note, rounds) + '\n')
  process.stdout.write(stringifyJsonExact(result.turns.map((t) => ({ callDetailId: t.callDetailId, start: t.start, end: t.end }))) + '\n')
}

try {
  main(process.argv.slice(2))
} catch (error) {
  const known = error instanceof UsageError || error instanceof AlignmentInputError
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`align: ${known ? message : `unexpected error: ${message}`}\n`)
  process.exitCode = 1
}
