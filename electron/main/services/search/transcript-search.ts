// Search inside transcripts: the calls of a task whose transcript holds the reviewer's words, over
// what this computer has cached (so it works offline, and online it asks the server nothing).
// A transcript comes with a call's detail; calls whose detail was never fetched cannot be searched,
// and the answer says how many could.
//
// It runs here rather than in the page because a downloaded task holds thousands of transcripts:
// they are read from the cache's detail files once per task (each file once, a few files per turn
// of the event loop), kept in memory in their plain form only, and kept current as details arrive.
// A search is then one pass of substring tests over the task's calls; only the page of hits shown
// reads its transcripts again, for the turns and the snippet.
import type { Utterance } from '../../../../shared/api-schemas'
import { paginate } from '../../../../shared/call-query'
import { groupBy } from '../../../../shared/group-by'
import type { Id } from '../../../../shared/ids'
import type { TranscriptHit, TranscriptSearchAnswer, TranscriptSearchRequest } from '../../../../shared/ipc/contract'
import { findMatches, holdsEveryTerm, joinPlainTurns, parseTranscriptQuery, snippetAround, type TranscriptQuery } from '../../../../shared/transcript-match'
import { detailStoreName, type CallCache } from '../cache'

/** Tasks whose transcripts are kept in memory; the least recently searched is let go. */
const TASKS_IN_MEMORY = 2
/** Calls whose transcripts are read between two turns of the event loop (a detail file holds 32). */
const CALLS_PER_TURN = 256

export interface TranscriptSearch {
  search(request: TranscriptSearchRequest): Promise<TranscriptSearchAnswer>
}

/** One task's transcripts known so far. */
interface TaskTranscripts {
  /** Each call's transcript in its plain form, turns joined by '\n' (joinPlainTurns). */
  plain: Map<Id, string>
  /** Calls whose detail was looked for in the cache: those not in `plain` have none cached. */
  looked: Set<Id>
}

const texts = (turns: readonly Utterance[]) => turns.map((turn) => turn.text)

export function createTranscriptSearch(cache: CallCache): TranscriptSearch {
  const tasks = new Map<Id, TaskTranscripts>()

  // A detail fetched (opened, read ahead, downloaded) is searchable at once.
  cache.onDetail((detail) => {
    const joined = joinPlainTurns(texts(detail.callDetailList ?? []))
    for (const [jobId, known] of tasks) {
      if (detail.robotCallJobId !== jobId && !known.looked.has(detail.callRecordId)) continue
      known.plain.set(detail.callRecordId, joined)
      known.looked.add(detail.callRecordId)
    }
  })

  function taskOf(jobId: Id): TaskTranscripts {
    let known = tasks.get(jobId)
    if (known) tasks.delete(jobId)
    else known = { plain: new Map(), looked: new Set() }
    // A Map keeps insertion order: the first is the least recently searched.
    tasks.set(jobId, known)
    for (const old of tasks.keys()) if (tasks.size > TASKS_IN_MEMORY) tasks.delete(old)
    return known
  }

  /** Reads the transcripts of the calls not looked for yet, a few files at a time. */
  async function lookFor(known: TaskTranscripts, ids: readonly Id[]): Promise<void> {
    const missing = ids.filter((id) => !known.looked.has(id))
    let batch: Id[] = []
    // By file, so a batch reads whole files.
    for (const group of groupBy(missing, detailStoreName).values()) {
      batch.push(...group)
      if (batch.length < CALLS_PER_TURN) continue
      read(known, batch)
      batch = []
      await new Promise((resolve) => setImmediate(resolve))
    }
    read(known, batch)
  }

  function read(known: TaskTranscripts, ids: readonly Id[]) {
    const found = cache.transcripts(ids)
    for (const id of ids) {
      known.looked.add(id)
      const turns = found.get(id)
      if (turns) known.plain.set(id, joinPlainTurns(texts(turns)))
    }
  }

  function hitOf(id: Id, jobId: Id, turns: readonly Utterance[], query: TranscriptQuery): TranscriptHit | null {
    const call = cache.record(jobId, id)
    if (!call) return null
    const hitTurns: number[] = []
    let snippet: TranscriptHit['snippet'] | null = null
    for (const [index, turn] of turns.entries()) {
      const ranges = findMatches(turn.text, query)
      if (!ranges.length) continue
      hitTurns.push(index)
      snippet ??= { turn: index, speaker: String(turn.type), ...snippetAround(turn.text, ranges) }
    }
    return snippet ? { call, turns: hitTurns, snippet } : null
  }

  return {
    async search({ robotCallJobId, filters, within, text, pageNum, pageSize }) {
      const query = parseTranscriptQuery(text)
      await cache.load(robotCallJobId)
      const matching = cache.matchingIds({ ...filters, robotCallJobId })
      // The calls the list's own filters gave, in their order (those the filters still give).
      const listed = within && new Set(matching)
      const ids = listed ? within.filter((id) => listed.has(id)) : matching
      const known = taskOf(robotCallJobId)
      await lookFor(known, ids)
      let searched = 0
      const matched: Id[] = []
      for (const id of ids) {
        const plain = known.plain.get(id)
        if (plain === undefined) continue
        searched++
        if (query && holdsEveryTerm(plain, query)) matched.push(id)
      }
      const page = paginate(matched, pageNum, pageSize)
      const transcripts = cache.transcripts(page.content)
      const content = query
        ? page.content.flatMap((id) => {
            const hit = hitOf(id, robotCallJobId, transcripts.get(id) ?? [], query)
            return hit ? [hit] : []
          })
        : []
      return { page: { ...page, content }, ids: matched, searched, known: ids.length }
    },
  }
}
