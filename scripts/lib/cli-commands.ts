// The command-line companion: same API client as the app, connection from the environment.
// Prints the answer's `data` as JSON; any failure is one line on stderr and exit code 1.
import { createApiClient, createNetwork } from '../../electron/main/services/api'
import { AppError } from '../../shared/errors'
import { TIMEOUT_MS_RANGE } from '../../shared/ipc/contract'
import type { Bilingual, Language } from '../../shared/enums'
import { keywordIgnored } from '../../shared/keyword-search'
import { existsSync } from 'node:fs'
import { calendarDay, idArg, parseFlags, positiveInt, UsageError, wholeNumberIn } from './args'
import { stringifyJsonExact } from '../../shared/exact-json'
import { parseIdText, type Id } from '../../shared/ids'
import { defaultProfileDir, openLocalReports, scopeFromEnv } from './local-data'
import { setUpTeamDatabase, type TeamUser } from '../../electron/main/services/team'

export interface CliIo {
  env: Record<string, string | undefined>
  stdout: (text: string) => void
  stderr: (text: string) => void
}

const USAGE =
  'usage: cli calls --job ID [--status A,B] [--intent A,B] [--search W] [--group ID] [--flow ID] [--hangup-by S] [--last-call [--redial N]] [--page N] [--size N]' +
  ' | cli detail CALL_RECORD_ID | cli jobs [--name X] [--status S] [--page N] [--size N]' +
  ' | cli export --job ID --format csv|xlsx --out FILE [--profile DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD]' +
  ' | cli job JOB_ID | cli stats JOB_ID | cli flows | cli labels [GROUP_ID]' +
  ' | COUCHDB_URL=http://admin:PW@HOST:5984 cli team-setup [--db NAME] --users name:pw[:lead],…'

/** One positional id, or none when `optional`; `min` 0 for a label group (0 is the built-in one). */
function singleId(rest: readonly string[], name: string, command: string, min = 1, optional = false): Id | undefined {
  const { positional } = parseFlags(rest, [])
  if (positional.length === 0 && optional) return undefined
  if (positional.length !== 1) throw new UsageError(`${command} needs exactly one ${name}`)
  const text = positional[0] as string
  // Exact beyond 2^53: a long id must reach its own task, not the one a double rounds it to.
  const id = min === 0 && /^0+$/.test(text) ? 0 : parseIdText(text)
  if (id === undefined || text.trim() !== text) throw new UsageError(`${name} must be a whole number${min > 0 ? ' above 0' : ''}`)
  return id
}

/** A server's answer that plainly ignored --search: said instead of printed as the result. */
class SearchIgnored extends Error {
  constructor(readonly messages: Bilingual) {
    super(messages.en)
  }
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean)
}

function languageOf(env: CliIo['env']): Language {
  const wanted = env['TANYI_LANG'] ?? env['LC_ALL'] ?? env['LANG'] ?? ''
  return /^zh/i.test(wanted) ? 'zh-CN' : 'en'
}

function clientFromEnv(env: CliIo['env']) {
  const missing = ['TANYI_BASE_URL', 'TANYI_APP_KEY', 'TANYI_APP_SECRET', 'TANYI_TENANT_SIGN'].filter((name) => !env[name])
  if (missing.length) throw new UsageError(`missing environment variable(s): ${missing.join(', ')}`)
  // The range Settings allows: 0 would fail every request at once, a day would hang the command.
  const timeoutMs = wholeNumberIn('TANYI_TIMEOUT_MS (milliseconds)', env['TANYI_TIMEOUT_MS'], TIMEOUT_MS_RANGE.min, TIMEOUT_MS_RANGE.max)
  let baseUrl = env['TANYI_BASE_URL'] as string
  try {
    baseUrl = new URL(baseUrl).toString()
  } catch {
    throw new UsageError(`TANYI_BASE_URL is not a valid address: ${baseUrl}`)
  }
  return createApiClient({
    baseUrl,
    credentials: {
      appKey: env['TANYI_APP_KEY'] as string,
      appSecret: env['TANYI_APP_SECRET'] as string,
      tenantSign: env['TANYI_TENANT_SIGN'] as string,
    },
    timeoutMs,
    // Through the proxy HTTPS_PROXY / HTTP_PROXY / ALL_PROXY name, except what NO_PROXY names (as the app).
    fetch: createNetwork({ env }).fetch,
  })
}

/** Grades of a task from this computer's local data, as the app exports them. */
async function exportFromLocalData(argv: readonly string[], env: CliIo['env']): Promise<{ out: string; rows: number; warnings?: string[] }> {
  const { flags } = parseFlags(argv, ['job', 'format', 'out', 'profile', 'from', 'to', 'phones'])
  const job = idArg('job', flags['job'])
  if (job === undefined) throw new UsageError('export needs --job ID')
  const format = flags['format']
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError('--format must be csv or xlsx')
  const out = flags['out']
  if (!out) throw new UsageError('export needs --out FILE')
  // 2024-13-45 would become an Invalid Date and filter silently.
  const from = calendarDay('from', flags['from'])
  const to = calendarDay('to', flags['to'])
  const profile = flags['profile'] ?? env['TANYI_PROFILE_DIR'] ?? defaultProfileDir(env)
  if (!existsSync(profile)) throw new UsageError(`no local data at ${profile} (use --profile DIR)`)
  const phones = flags['phones']
  if (phones !== undefined && phones !== 'masked' && phones !== 'full') throw new UsageError('--phones must be masked or full')
  const { review, report } = openLocalReports(profile, scopeFromEnv(env), phones ? { maskPhoneNumbers: phones === 'masked' } : {})
  try {
    const language = languageOf(env)
    const rows = await report.exportTo({ robotCallJobId: job, format, language, from, to }, out)
    // Read-only: damage is reported, never repaired here (the app repairs it when the task opens).
    const warnings = review.recoveries().map((recovery) => recovery.message[language])
    return warnings.length ? { out, rows, warnings } : { out, rows }
  } finally {
    await review.close()
  }
}

function parseTeamUsers(text: string): TeamUser[] {
  return text.split(',').filter(Boolean).map((entry) => {
    const [name, password, role, ...more] = entry.split(':')
    if (!name || !password || more.length > 0 || (role !== undefined && role !== 'lead')) throw new UsageError(`--users: "${entry}" is not name:password or name:password:lead`)
    return { name, password, lead: role === 'lead' }
  })
}

/**
 * The team's database made ready by an admin (the admin's URL only ever here, never in a
 * reviewer's app): the database, its members, the rules the server enforces, the users.
 */
async function teamSetup(rest: readonly string[], env: CliIo['env']) {
  const { flags } = parseFlags(rest, ['db', 'users', 'admin-url'])
  const adminUrl = flags['admin-url'] ?? env['COUCHDB_URL']
  if (!adminUrl) throw new UsageError('team-setup needs the server with an admin: COUCHDB_URL=http://admin:PW@HOST:5984 (or --admin-url)')
  const db = flags['db'] ?? 'call-review'
  const users = parseTeamUsers(flags['users'] ?? '')
  await setUpTeamDatabase({ adminUrl, db, users })
  return { db, users: users.map(({ name, lead }) => ({ name, lead: lead === true })) }
}

async function run(argv: readonly string[], env: CliIo['env']): Promise<unknown> {
  const [command, ...rest] = argv
  if (command === 'calls') {
    const { flags } = parseFlags(rest, ['job', 'status', 'intent', 'search', 'group', 'flow', 'hangup-by', 'redial', 'page', 'size'], ['last-call'])
    const redial = wholeNumberIn('--redial', flags['redial'], 0, 1000)
    const job = idArg('job', flags['job'])
    if (job === undefined) throw new UsageError('calls needs --job ID')
    // --search goes to the documented field its form names and to searchWords (the client).
    const query = {
      robotCallJobId: job,
      resultStatuses: list(flags['status']) as never,
      intentLevels: list(flags['intent']) as never,
      searchWords: flags['search'],
      customerGroupId: idArg('group', flags['group']),
      dialogFlowId: idArg('flow', flags['flow']),
      hangupBy: flags['hangup-by'],
      // The latest call of each number; only result, intent, duration and redial count then apply.
      lastCallRecord: flags['last-call'] ? true : undefined,
      redialTimes: redial,
      pageNum: positiveInt('page', flags['page']),
      pageSize: positiveInt('size', flags['size']),
    }
    const page = await clientFromEnv(env).listCalls(query)
    const ignored = keywordIgnored(page.content, query)
    if (ignored) throw new SearchIgnored(ignored.message)
    return page
  }
  if (command === 'detail') {
    const { positional } = parseFlags(rest, [])
    if (positional.length !== 1) throw new UsageError('detail needs exactly one CALL_RECORD_ID')
    return clientFromEnv(env).getCallDetail({ callRecordId: idArg('CALL_RECORD_ID', positional[0]) as Id })
  }
  if (command === 'jobs') {
    const { flags } = parseFlags(rest, ['name', 'status', 'page', 'size'])
    return clientFromEnv(env).listJobs({
      name: flags['name'],
      status: flags['status'] as never,
      pageNum: positiveInt('page', flags['page']),
      pageSize: positiveInt('size', flags['size']),
    })
  }
  if (command === 'export') return exportFromLocalData(rest, env)
  // The tenant's task figures and names, each the answer's data of one documented endpoint.
  if (command === 'job') return clientFromEnv(env).getJobDetail({ robotCallJobId: singleId(rest, 'JOB_ID', 'job') as Id })
  if (command === 'stats') return clientFromEnv(env).getJobStats({ robotCallJobId: singleId(rest, 'JOB_ID', 'stats') as Id })
  if (command === 'flows') {
    if (parseFlags(rest, []).positional.length) throw new UsageError('flows takes no argument')
    return clientFromEnv(env).listDialogFlows()
  }
  if (command === 'labels') {
    // No id: the label groups in use; an id: that group's names (code 0 is level A … 5 is F).
    const group = singleId(rest, 'GROUP_ID', 'labels', 0, true)
    const client = clientFromEnv(env)
    return group === undefined ? client.listUsedIntentLevelTags() : client.getIntentLevelTag({ intentLevelTagId: group })
  }
  if (command === 'team-setup') return teamSetup(rest, env)
  throw new UsageError(command ? `unknown command "${command}"` : 'no command given')
}

/** Runs one command; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const data = await run(argv, io.env)
    // Ids as the platform writes them: bare numbers, all their digits (not quoted, not rounded).
    io.stdout(stringifyJsonExact(data, 2) + '\n')
    return 0
  } catch (error) {
    const language = languageOf(io.env)
    let line: string
    if (error instanceof UsageError) line = `${error.message} — ${USAGE}`
    else if (error instanceof AppError) line = `error [${error.kind}]: ${error.messages[language]}`
    else if (error instanceof SearchIgnored) line = `error [search-ignored]: ${error.messages[language]}`
    else line = `error: ${(error as Error)?.message ?? String(error)}`
    io.stderr(line.replace(/\s*\n\s*/g, ' ') + '\n')
    return 1
  }
}
