// One task's cached calls held in memory for the offline list, kept in list order (newest
// first) so a page needs no sorting. A query first narrows the calls with columns built for
// speed (result status and intent as small codes; phone numbers and names joined into one text
// each, searched with one indexOf pass), then the shared filter (shared/call-query.ts) decides
// on what is left. The narrowing only ever drops calls the shared filter would drop too, so a
// query means exactly what it means on the server. A keyword is asked as the API client asks it
// (shared/keyword-search.ts): in the documented field its form names, AND searchWords; a run of
// digits as an id first, then as part of a number.
import type { CallListQuery, CallRecord } from '../../../../shared/api-schemas'
import { applicableQuery, compileCallFilter, latestAttempts, startTimeKey, type CustomerFacts, type FilterableCall } from '../../../../shared/call-query'
import { compareIds, parseIdText, type Id } from '../../../../shared/ids'
import { keywordAttempts } from '../../../../shared/keyword-search'

/** A cached list record with the time it was fetched. */
export interface RecordEntry {
  r: CallRecord
  at: number
}

/** What the filters read of a call, copied out of its record; also its customer's known facts. */
export interface IndexRow extends FilterableCall, CustomerFacts {
  /** The list order's key (startTimeKey). */
  key: number
  entry: RecordEntry
}

// Every row is made here, with the same fields in the same order: V8 then gives all rows one
// hidden class, which keeps the filter pass fast.
function toRow(entry: RecordEntry, jobId: Id, customerGroupId: Id | null, name: string | null): IndexRow {
  const r = entry.r
  return {
    callRecordId: r.callRecordId,
    // Cached under its task, a call belongs to it even when its record leaves the task out.
    robotCallJobId: r.robotCallJobId ?? jobId,
    dialogFlowId: r.dialogFlowId ?? null,
    robotCallTaskId: r.robotCallTaskId ?? null,
    calledPhoneNumber: r.calledPhoneNumber ?? null,
    customerPersonName: r['customerPersonName'] ?? null,
    resultStatus: r.resultStatus ?? null,
    intentLevel: r.intentLevel ?? null,
    realIntentLevel: r.realIntentLevel ?? null,
    customerConcern: r.customerConcern ?? null,
    readStatus: r.readStatus ?? null,
    hangupBy: r['hangupBy'] ?? null,
    chatDuration: r.chatDuration ?? null,
    redialTimes: r.redialTimes ?? null,
    startTime: r.startTime ?? null,
    customerGroupId,
    name,
    key: startTimeKey(r.startTime),
    entry,
  }
}

const listOrder = (a: IndexRow, b: IndexRow) => b.key - a.key || compareIds(b.callRecordId, a.callRecordId)

/** Values of one field as small codes, one per call, in list order. */
interface CodedColumn {
  codes: Map<string, number>
  values: Uint32Array
}

/** One text field of every call joined by newlines; starts[i] is where call i's value begins. */
interface JoinedText {
  text: string
  starts: Int32Array
}

/** The rows in list order and the columns that narrow a query. */
interface Columns {
  rows: IndexRow[]
  /** Whether every row's record names this index's task (so the task filter needs no check). */
  allOfTask: boolean
  positionOf: Map<Id, number>
  status: CodedColumn
  intent: CodedColumn
  phones: JoinedText
  names: JoinedText
  /** The latest call of each number (lastCallRecord), found on the first query that needs it. */
  latest: Set<IndexRow> | null
}

function codedColumn(rows: readonly IndexRow[], valueOf: (row: IndexRow) => string): CodedColumn {
  const codes = new Map<string, number>()
  const values = new Uint32Array(rows.length)
  rows.forEach((row, i) => {
    const value = valueOf(row)
    let code = codes.get(value)
    if (code === undefined) codes.set(value, (code = codes.size))
    values[i] = code
  })
  return { codes, values }
}

/** Which codes of the column the wanted values have. */
function maskOf(column: CodedColumn, wanted: readonly string[]): Uint8Array {
  const mask = new Uint8Array(column.codes.size)
  for (const value of wanted) {
    const code = column.codes.get(value)
    if (code !== undefined) mask[code] = 1
  }
  return mask
}

function joinedText(rows: readonly IndexRow[], valueOf: (row: IndexRow) => string): JoinedText {
  const starts = new Int32Array(rows.length + 1)
  const parts = new Array<string>(rows.length)
  let at = 0
  rows.forEach((row, i) => {
    const value = valueOf(row)
    parts[i] = value
    starts[i] = at
    at += value.length + 1
  })
  starts[rows.length] = at
  return { text: `${parts.join('\n')}\n`, starts }
}

/** The call whose value holds text position `at`. */
function rowAt(starts: Int32Array, at: number): number {
  let lo = 0
  let hi = starts.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= at) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * Marks every call whose value contains `words`. A hit that runs over a separator marks a call
 * that does not contain them; the shared filter drops it afterwards.
 */
function markContaining(joined: JoinedText, words: string, marks: Uint8Array): void {
  let from = 0
  for (;;) {
    const hit = joined.text.indexOf(words, from)
    if (hit < 0) return
    const row = rowAt(joined.starts, hit)
    marks[row] = 1
    from = joined.starts[row + 1]!
  }
}

function buildColumns(rows: IndexRow[], jobId: Id): Columns {
  const positionOf = new Map<Id, number>()
  rows.forEach((row, i) => positionOf.set(row.callRecordId, i))
  return {
    rows,
    allOfTask: rows.every((row) => row.robotCallJobId === jobId),
    positionOf,
    // The shared filter reads a missing status or intent as ''.
    status: codedColumn(rows, (row) => row.resultStatus ?? ''),
    intent: codedColumn(rows, (row) => row.intentLevel ?? ''),
    phones: joinedText(rows, (row) => row.calledPhoneNumber ?? ''),
    // The name a record carries, else the customer's name learned from the call's detail.
    names: joinedText(rows, (row) => (typeof row.customerPersonName === 'string' ? row.customerPersonName : (row.name ?? ''))),
    latest: null,
  }
}

export interface TaskIndex {
  readonly size: number
  /** Adds a call, or replaces what is known of it (its customer group is kept unless given). */
  put(entry: RecordEntry, customerGroupId?: Id | null): void
  /** Records the customer group of a cached call; false when the call is not in the index. */
  setGroup(callRecordId: Id, customerGroupId: Id | null): boolean
  /** Records the customer's name of a cached call (list rows carry none; the detail does). */
  setName(callRecordId: Id, name: string | null): boolean
  /** The customer's name of a cached call, when known. */
  nameOf(callRecordId: Id): string | undefined
  get(callRecordId: Id): RecordEntry | undefined
  /** The calls matching the query's filters, in list order (paging ignored). */
  select(query: CallListQuery): IndexRow[]
}

/** Query fields the columns decide exactly; any other filter leaves the last word to the shared filter. */
const DECIDED_BY_COLUMNS = new Set(['robotCallJobId', 'resultStatuses', 'intentLevels', 'pageNum', 'pageSize'])

export function createTaskIndex(jobId: Id): TaskIndex {
  const byId = new Map<Id, IndexRow>()
  const rows: IndexRow[] = []
  // Built on the first query after a change: calls arrive a page at a time, and sorting an
  // almost sorted array is close to one pass.
  let columns: Columns | null = null

  function current(): Columns {
    if (!columns) {
      rows.sort(listOrder)
      columns = buildColumns(rows, jobId)
    }
    return columns
  }

  /** The calls matching one query (as the platform applies it), in list order. */
  function selectOne(c: Columns, query: CallListQuery): IndexRow[] {
    if (query.lastCallRecord) c.latest ??= latestAttempts(c.rows)
    const exact = compileCallFilter(query, c.latest ?? undefined)
    // The keyword narrowing can let a few calls through that the shared filter then drops.
    const columnsDecide =
      c.allOfTask && query.robotCallJobId === jobId && Object.entries(query).every(([key, value]) => value === undefined || DECIDED_BY_COLUMNS.has(key))
    const status = query.resultStatuses ? maskOf(c.status, query.resultStatuses) : null
    const intent = query.intentLevels ? maskOf(c.intent, query.intentLevels) : null
    const words = query.searchWords?.trim()
    const phone = query.calledPhoneNumber?.trim()
    if (query.callRecordId !== undefined) {
      // One call at most: the one with that id.
      const position = c.positionOf.get(query.callRecordId)
      const row = position === undefined ? undefined : c.rows[position]
      return row && exact(row, row) ? [row] : []
    }
    let found: Uint8Array | null = null
    if (phone) {
      // The calls whose number contains it.
      found = new Uint8Array(c.rows.length)
      markContaining(c.phones, phone, found)
    } else if (words) {
      // searchWords matches a phone number or a name in part, or a call id whole.
      found = new Uint8Array(c.rows.length)
      markContaining(c.phones, words, found)
      markContaining(c.names, words, found)
      const asId = parseIdText(words)
      const idPosition = asId === undefined ? undefined : c.positionOf.get(asId)
      if (idPosition !== undefined) found[idPosition] = 1
    }
    const out: IndexRow[] = []
    for (let i = 0; i < c.rows.length; i++) {
      if (found && !found[i]) continue
      if (status && !status[c.status.values[i]!]) continue
      if (intent && !intent[c.intent.values[i]!]) continue
      const row = c.rows[i]!
      if (columnsDecide || exact(row, row)) out.push(row)
    }
    return out
  }

  return {
    get size() {
      return byId.size
    },
    put(entry, customerGroupId) {
      const known = byId.get(entry.r.callRecordId)
      const row = toRow(entry, jobId, customerGroupId !== undefined ? customerGroupId : (known?.customerGroupId ?? null), known?.name ?? null)
      if (known) {
        // The same object stays in the array; only the columns are rebuilt.
        Object.assign(known, row)
      } else {
        rows.push(row)
        byId.set(row.callRecordId, row)
      }
      columns = null
    },
    setGroup(callRecordId, customerGroupId) {
      const row = byId.get(callRecordId)
      if (!row) return false
      // The group is not a column: the shared filter reads it from the row.
      row.customerGroupId = customerGroupId
      return true
    },
    setName(callRecordId, name) {
      const row = byId.get(callRecordId)
      if (!row) return false
      if (row.name !== name) {
        row.name = name
        // Names are a column: rebuilt on the next query.
        columns = null
      }
      return true
    },
    nameOf(callRecordId) {
      const row = byId.get(callRecordId)
      if (!row) return undefined
      return typeof row.customerPersonName === 'string' ? row.customerPersonName : (row.name ?? undefined)
    },
    get: (callRecordId) => byId.get(callRecordId)?.entry,
    select(asked) {
      const c = current()
      // The filters as the platform applies them (lastCallRecord sets some aside: the narrowing
      // must not drop a call for a filter the shared one leaves out); a keyword asked in turn, as
      // the API client asks it.
      const attempts = keywordAttempts(applicableQuery(asked))
      for (let i = 0; ; i++) {
        const rows = selectOne(c, attempts[i]!)
        if (rows.length > 0 || i === attempts.length - 1) return rows
      }
    },
  }
}
