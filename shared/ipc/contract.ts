// The IPC contract: for every channel, the request main accepts and the answer it gives.
// Main validates each request against it before any service sees it (dispatcher.ts).
import { z } from 'zod'
import {
  callDetailQuerySchema,
  callDetailSchema,
  callListFieldsSchema,
  callListQuerySchema,
  durationRangeIsOrdered,
  callPageSchema,
  callRecordSchema,
  dialogFlowSchema,
  jobDetailSchema,
  KEYWORD_FIELDS,
  jobListQuerySchema,
  jobPageSchema,
  jobStatsSchema,
  pageSchema,
} from '../api-schemas'
import { INTENT_LEVELS, LANGUAGES, type Bilingual } from '../enums'
import { AppError } from '../errors'
import { answerIdSchema, idSchema } from '../ids'
import { CALL_SORTS, type CallSort, type LocalFilters } from '../local-filters'
import { proxyAddress } from '../proxy-url'
import { parseTranscriptQuery } from '../transcript-match'
import {
  BRIDGE_GLOBAL,
  CHANNELS,
  EVENT_CHANNELS,
  EVENT_NAMES,
  METHOD_NAMES,
  type EventName,
  type IpcResult,
  type MethodName,
  type RawBridge,
  type Unsubscribe,
} from './channels'

const noPayload = z.undefined()

export const languageSchema = z.enum(LANGUAGES)

/** An address on this computer itself: the only place credentials may go over plain http. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
  } catch {
    return false
  }
}

/** The request timeout a reviewer (or the command line's TANYI_TIMEOUT_MS) may set, in ms. */
export const TIMEOUT_MS_RANGE = { min: 1000, max: 120_000 } as const

/** A day that exists, as YYYY-MM-DD: not 2024-13-45, nor 2023-02-29. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  // Date.UTC rolls an impossible day over into the next month; a real one comes back unchanged.
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), {
    message: 'not a valid http or https address (for example https://openapi.tanyibot.com)',
    params: { 'zh-CN': '不是有效的 http 或 https 网址（例如 https://openapi.tanyibot.com）' },
  })
  // Credentials travel in the headers: in clear only to this computer itself.
  .refine((u) => /^https:\/\//i.test(u) || isLoopbackUrl(u), {
    message: 'https is required, except for this computer (127.0.0.1, localhost)',
    params: { 'zh-CN': '必须使用 https（本机地址 127.0.0.1、localhost 除外）' },
  })

/** A proxy for the API and the recordings: http, https or socks5, a host, maybe a port and
 *  user:password; empty for none (the environment's HTTPS_PROXY / HTTP_PROXY / ALL_PROXY apply then). */
const proxyUrlField = z
  .string()
  .trim()
  .max(2048)
  .refine((u) => u === '' || proxyAddress(u) !== null, {
    message: 'not a proxy address: http://, https:// or socks5://, a host and its port (for example http://proxy.example.com:8080); leave it empty for none',
    params: { 'zh-CN': '不是有效的代理地址：应为 http://、https:// 或 socks5:// 加主机名和端口（例如 http://proxy.example.com:8080）；不用代理请留空' },
  })

const secretField = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .refine((s) => !/[\r\n]/.test(s), { message: 'Line breaks are not allowed' })

export const credentialsInputSchema = z
  .object({ appKey: secretField, appSecret: secretField, tenantSign: secretField, baseUrl: httpUrl.optional() })
  .strict()
export type CredentialsInput = z.infer<typeof credentialsInputSchema>

/** How well stored secrets are protected: by the OS keyring, or only obfuscated (Linux without a keyring). */
export const secretProtectionSchema = z.enum(['system', 'basic_text', 'unavailable'])
export type SecretProtection = z.infer<typeof secretProtectionSchema>

/** A call's recordings: the full call, or the customer's channel alone. */
export const AUDIO_TRACKS = ['full', 'customer'] as const
export type AudioTrack = (typeof AUDIO_TRACKS)[number]

export const publicSettingsSchema = z.object({
  baseUrl: z.string(),
  timeoutMs: z.number().int(),
  reviewerName: z.string(),
  language: languageSchema,
  optionalFilters: z.boolean(),
  defaultSpeed: z.number(),
  workOffline: z.boolean(),
  audioCacheMaxMb: z.number(),
  /** Phone numbers show as 138****5678 in the list, the call and exports. */
  maskPhoneNumbers: z.boolean(),
  /** The reviewer's proxy ('' for none), its user and password shown as ***: they never reach
   *  the page. Sent back unchanged, the saved one is kept. */
  proxyUrl: z.string(),
  /** After a grade, open the next ungraded call and play it (on for a new profile). */
  advanceAfterGrade: z.boolean(),
  /** The recording the player opens a call with (a call without a customer track plays the full one). */
  playbackTrack: z.enum(AUDIO_TRACKS),
  /** Playback skips to the customer's turns, over the robot's. */
  skipToCustomer: z.boolean(),
  /** The settings file was found damaged and set aside under this name: the account's address
   *  and credentials are gone until entered again, and the page says so until the reviewer
   *  acknowledges it or saves credentials. Null when nothing is to be told. */
  damagedSettingsSetAside: z.string().nullable(),
  credentials: z.object({
    /** Credentials are saved for the current API address, and will be sent there. */
    configured: z.boolean(),
    /** The appKey with all but its ends hidden; secrets never reach the renderer. */
    appKeyMasked: z.string().nullable(),
    /** The address (origin) saved credentials belong to; when it is not the current one they are
     *  never sent anywhere until entered again for the new address. */
    savedFor: z.string().nullable(),
  }),
  secretProtection: secretProtectionSchema,
  /** The team server grades are shared through; null without one (the app works alone). Its
   *  password never reaches the page. */
  team: z.object({ url: z.string(), db: z.string(), user: z.string() }).nullable(),
})
export type PublicSettings = z.infer<typeof publicSettingsSchema>

export const PLAYBACK_SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const
export const playbackSpeedSchema = z.union(PLAYBACK_SPEEDS.map((s) => z.literal(s)) as [z.ZodLiteral<0.5>, ...z.ZodLiteral<number>[]])

export const settingsPatchSchema = z
  .object({
    baseUrl: httpUrl.optional(),
    timeoutMs: z.number().int().min(TIMEOUT_MS_RANGE.min).max(TIMEOUT_MS_RANGE.max).optional(),
    reviewerName: z.string().trim().max(40).optional(),
    language: languageSchema.optional(),
    /** Show the newer optional list filters (a newer server accepts them). */
    optionalFilters: z.boolean().optional(),
    defaultSpeed: playbackSpeedSchema.optional(),
    /** Use only the cache, even when the API can be reached. */
    workOffline: z.boolean().optional(),
    /** Size cap of the recordings cache, in MB. */
    audioCacheMaxMb: z.number().int().min(100).max(1_000_000).optional(),
    maskPhoneNumbers: z.boolean().optional(),
    /** The proxy for the API and the recordings; '' for none. */
    proxyUrl: proxyUrlField.optional(),
    advanceAfterGrade: z.boolean().optional(),
    playbackTrack: z.enum(AUDIO_TRACKS).optional(),
    skipToCustomer: z.boolean().optional(),
    /** The reviewer read that the settings file was damaged (and chose to go on, e.g. on the demo). */
    acknowledgeDamagedSettings: z.literal(true).optional(),
  })
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export const appStatusSchema = z.object({
  /** 'demo': no credentials, connected to the built-in simulated server. */
  mode: z.enum(['demo', 'account']),
  baseUrl: z.string(),
  appVersion: z.string(),
  /** False while the API cannot be reached (or the reviewer works offline): data comes from the cache. */
  online: z.boolean(),
  offlineSince: z.number().nullable(),
  workOffline: z.boolean(),
  /** The server answered the last request by refusing the credentials (401). */
  credentialsRejected: z.boolean(),
  /** Counts main's readings of the status: a reply and a push can cross on the way to the page,
   *  and the higher number is the later reading. */
  sequence: z.number().int().nonnegative(),
})
export type AppStatus = z.infer<typeof appStatusSchema>

export const connectionTestInputSchema = z
  .object({
    candidate: credentialsInputSchema.optional(),
    /** The address typed in the form: tested with the credentials saved for it when no candidate
     *  is typed (never with another address's). */
    baseUrl: httpUrl.optional(),
  })
  .strict()
  .optional()
export type ConnectionTestInput = z.infer<typeof connectionTestInputSchema>

export const connectionTestResultSchema = z.object({
  baseUrl: z.string(),
  latencyMs: z.number(),
  jobCount: z.number().int(),
})
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>

// ---------------------------------------------------------------- review workspace

/** The list filters a reviewer sets: the list query without task and paging. */
export const callFiltersSchema = callListFieldsSchema
  .omit({ robotCallJobId: true, pageNum: true, pageSize: true })
  .refine(durationRangeIsOrdered, { message: 'chatDurationMin must not exceed chatDurationMax', path: ['chatDurationMin'] })
export type CallFilters = z.infer<typeof callFiltersSchema>

/** What the workstation says of a server's answer that plainly ignored the keyword
 *  (shared/keyword-search.ts: keywordIgnored). */
export const ignoredKeywordSchema = z.object({
  /** The documented field the keyword went to (with searchWords), and what it was. */
  field: z.enum(KEYWORD_FIELDS),
  value: z.string(),
  /** Calls the server listed that match the keyword under no reading, of how many it listed. */
  unmatched: z.number().int(),
  listed: z.number().int(),
  message: z.lazy(() => bilingualSchema),
})
export type IgnoredKeyword = z.infer<typeof ignoredKeywordSchema>

/** A page of calls as the workspace gets it: from the server, or from this computer's cache. */
export const callListAnswerSchema = z.object({
  page: callPageSchema,
  source: z.enum(['server', 'cache']),
  /** When the page's calls were fetched from the server (ms since the epoch): now for the server's
   *  answer, the oldest call's fetch for the cache's; null for an empty page from the cache. */
  fetchedAt: z.number().nullable(),
  /** Set when the server plainly ignored the keyword: its calls are not shown as search results
   *  (the page is empty) and this says why. */
  searchIgnored: ignoredKeywordSchema.optional(),
})
export type CallListAnswer = z.infer<typeof callListAnswerSchema>

export const PAGE_SIZES = [20, 50, 100] as const
/** Calls asked for by id at once: a page at most. */
const MAX_FETCHED_CALLS = 100

/** Filters by the reviewer's own grades and notes, run over the calls fetched so far (shared/local-filters.ts). */
export const localFiltersSchema = z
  .object({
    myGrade: z.union([z.literal('ungraded'), z.enum(INTENT_LEVELS)]).optional(),
    disagrees: z.literal(true).optional(),
    hasNote: z.literal(true).optional(),
    mine: z.literal(true).optional(),
  })
  .strict() satisfies z.ZodType<LocalFilters>
export const callSortSchema = z.enum(CALL_SORTS) satisfies z.ZodType<CallSort>

/** Where the reviewer was in one task: its filters, order, page and open call. */
export const taskViewSchema = z
  .object({
    robotCallJobId: idSchema,
    filters: callFiltersSchema,
    local: localFiltersSchema.optional(),
    sort: callSortSchema.optional(),
    pageNum: z.number().int().min(1).max(1_000_000).optional(),
    callRecordId: idSchema.nullable().optional(),
  })
  .strict()
export type TaskView = z.infer<typeof taskViewSchema>

/** Tasks whose view is kept: the most recently opened ones. */
export const TASK_VIEWS_KEPT = 200

export const workspaceStateSchema = z
  .object({
    lastJobId: idSchema.nullable(),
    /** The last task's filters (also in its view): what earlier versions read and wrote. */
    filters: callFiltersSchema,
    pageSize: z.union([z.literal(20), z.literal(50), z.literal(100)]),
    /** Each task's own view, the most recently opened first (absent in earlier versions' files). */
    tasks: z.array(taskViewSchema).max(TASK_VIEWS_KEPT).optional(),
  })
  .strict()
export type WorkspaceState = z.infer<typeof workspaceStateSchema>

/** The calls of a task fetched so far that pass the filters (the platform's and the local ones), in the order asked. */
export const fetchedQuerySchema = z
  .object({ robotCallJobId: idSchema, filters: callFiltersSchema, local: localFiltersSchema, sort: callSortSchema })
  .strict()
export type FetchedQuery = z.infer<typeof fetchedQuerySchema>
export const fetchedMatchesSchema = z.object({
  /** Every matching call's id, in order: the list pages over this. */
  ids: z.array(idSchema),
  /** How many calls of the task are fetched to this computer (what the filters ran over). */
  fetched: z.number().int(),
})
export type FetchedMatches = z.infer<typeof fetchedMatchesSchema>

/** Per task with grades: how many calls are graded, and its finished calls as last fetched (null: not known here). */
export const reviewProgressSchema = z.object({
  tasks: z.array(z.object({ robotCallJobId: idSchema, graded: z.number().int(), finishedCalls: z.number().int().nullable() })),
})
export type ReviewProgress = z.infer<typeof reviewProgressSchema>

// Ids beyond 2^53 travel as their digits (shared/ids.ts): structured clone and JSON keep them exact.
const callRef = z.object({ robotCallJobId: idSchema, callRecordId: idSchema }).strict()

export const gradeInputSchema = callRef
  .extend({
    realIntentLevel: z.enum(INTENT_LEVELS).nullable(),
    note: z.string().max(2000),
  })
  .strict()
export type GradeInput = z.infer<typeof gradeInputSchema>

export const gradeSchema = z.object({
  robotCallJobId: idSchema,
  callRecordId: idSchema,
  realIntentLevel: z.enum(INTENT_LEVELS).nullable(),
  note: z.string(),
  reviewer: z.string(),
  /** ISO 8601 time of the last change. */
  updatedAt: z.string(),
  /** Earlier values, oldest first. */
  history: z.array(
    z.object({ realIntentLevel: z.enum(INTENT_LEVELS).nullable(), note: z.string(), reviewer: z.string(), updatedAt: z.string() }),
  ),
})
export type Grade = z.infer<typeof gradeSchema>

export const reviewStateSchema = z.object({
  grades: z.array(gradeSchema),
  readIds: z.array(idSchema),
})
export type ReviewState = z.infer<typeof reviewStateSchema>


export const audioRequestSchema = z
  .object({ callRecordId: idSchema, track: z.enum(AUDIO_TRACKS) })
  .strict()

export const audioSourceSchema = z.object({
  /** Where the page plays it from: the app's media scheme, never the remote URL. */
  src: z.string(),
  durationSec: z.number(),
  sampleRate: z.number(),
  /** Peak amplitude per bucket, 0..1, evenly spread over the duration. */
  peaks: z.array(z.number()),
})
export type AudioSource = z.infer<typeof audioSourceSchema>

export const TIMING_METHODS = ['two-track', 'full-track', 'proportional'] as const
export type TimingMethod = (typeof TIMING_METHODS)[number]

/**
 * When one transcript line is heard, in seconds from the recording's start; confidence (0..1) in
 * times found from the recordings, absent for estimates and timings kept from before it existed.
 */
export const turnTimingSchema = z.object({ callDetailId: answerIdSchema, start: z.number(), end: z.number(), confidence: z.number().min(0).max(1).optional() })
export type TurnTiming = z.infer<typeof turnTimingSchema>

/** Speech detected for one speaker, for the waveform's two lanes. */
export const speakerRegionSchema = z.object({ speaker: z.enum(['robot', 'customer']), start: z.number(), end: z.number() })
export type SpeakerRegion = z.infer<typeof speakerRegionSchema>

export const turnTimingsSchema = z.object({
  callRecordId: idSchema,
  /** How the times were found: from both tracks, the full track alone, or estimated from text length. */
  method: z.enum(TIMING_METHODS),
  estimated: z.boolean(),
  durationSec: z.number(),
  turns: z.array(
    turnTimingSchema.extend({
      /** The reviewer moved this turn's start by hand. */
      corrected: z.boolean(),
    }),
  ),
  regions: z.array(speakerRegionSchema),
})
export type TurnTimingsAnswer = z.infer<typeof turnTimingsSchema>

export const turnCorrectionSchema = z
  .object({
    callRecordId: idSchema,
    callDetailId: answerIdSchema,
    /** The turn's new start in seconds, or null to drop the correction. */
    start: z.number().min(0).max(24 * 3600).nullable(),
  })
  .strict()
export type TurnCorrection = z.infer<typeof turnCorrectionSchema>

// ---------------------------------------------------------------- reports

const isoDate = z.string().refine(isCalendarDate, { message: 'must be a day that exists, as YYYY-MM-DD', params: { 'zh-CN': '必须是存在的日期（YYYY-MM-DD）' } })

/** Which grades a report or export covers: a task, or the calls of its current filter; optionally a date range. */
export const reportScopeSchema = z
  .object({
    robotCallJobId: idSchema,
    /** Only graded calls matching these list filters; absent: the whole task. */
    filters: callFiltersSchema.optional(),
    /** Graded on or after this day (local time). */
    from: isoDate.optional(),
    /** Graded on or before this day (local time). */
    to: isoDate.optional(),
  })
  .strict()
export type ReportScope = z.infer<typeof reportScopeSchema>

export const exportRequestSchema = reportScopeSchema
  .extend({
    /** Absent: every task this account has grades in (the export offered before signing out). */
    robotCallJobId: idSchema.optional(),
    format: z.enum(['csv', 'xlsx']),
    language: languageSchema,
  })
  .strict()
  .refine((request) => request.robotCallJobId !== undefined || request.filters === undefined, {
    path: ['filters'],
    message: 'A filter needs a task',
    params: { 'zh-CN': '筛选条件只能用于单个任务' },
  })
export type ExportRequest = z.infer<typeof exportRequestSchema>

export const exportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** The file's bytes, base64: the page saves it as a download. */
  base64: z.string(),
  rowCount: z.number().int(),
})
export type ExportFile = z.infer<typeof exportFileSchema>

export const agreementSchema = z.object({
  levels: z.array(z.enum(INTENT_LEVELS)),
  /** matrix[i][j]: calls the AI graded levels[i] and the reviewer levels[j]. */
  matrix: z.array(z.array(z.number())),
  /** Pairs counted. */
  total: z.number(),
  /** Pairs left out for lack of a known grade on either side. */
  skipped: z.number(),
  agreed: z.number(),
  /** agreed / total; null without pairs. */
  agreementRate: z.number().nullable(),
  /** The agreement two raters with these grade frequencies would reach by chance. */
  chanceAgreement: z.number().nullable(),
  /** (p_o − p_e) / (1 − p_e); null when undefined, see kappaUndefined. */
  kappa: z.number().nullable(),
  /** Why kappa is null: no pairs, or both sides gave one and the same level only (p_e = 1). */
  kappaUndefined: z.enum(['no-pairs', 'single-class']).nullable(),
  perLevel: z.array(
    z.object({
      level: z.enum(INTENT_LEVELS),
      /** Pairs the AI graded this level (the matrix row's sum). */
      aiCount: z.number(),
      /** Pairs the reviewer graded this level (the column's sum). */
      reviewerCount: z.number(),
      /** Pairs both graded this level. */
      agreed: z.number(),
      /** agreed / aiCount; null when the AI never gave it. */
      precision: z.number().nullable(),
      /** agreed / reviewerCount; null when the reviewer never gave it. */
      recall: z.number().nullable(),
    }),
  ),
})
export type Agreement = z.infer<typeof agreementSchema>

// ---------------------------------------------------------------- download for offline

/** A text in both interface languages (the type Bilingual, shared/enums.ts). */
export const bilingualSchema = z.object({ 'zh-CN': z.string(), en: z.string() }) satisfies z.ZodType<Bilingual>

export const downloadFailureSchema = z.object({
  callRecordId: idSchema.nullable(),
  pageNum: z.number().int().optional(),
  step: z.enum(['page', 'detail', 'recording', 'timing']),
  message: bilingualSchema,
})

export const downloadStatusSchema = z.object({
  robotCallJobId: idSchema,
  /** 'paused': interrupted by a restart, resumes on start. */
  state: z.enum(['idle', 'running', 'done', 'cancelled', 'paused']),
  pages: z.object({ done: z.number(), total: z.number().nullable() }),
  /** A call is done when its detail, recordings and timings are cached. */
  calls: z.object({ done: z.number(), total: z.number().nullable() }),
  /** Recording bytes made available offline so far. */
  bytes: z.number(),
  startedAt: z.number().nullable(),
  /** Time left, from this run's rate so far; null until a call is done. */
  etaSeconds: z.number().nullable(),
  failures: z.array(downloadFailureSchema),
})
export type DownloadStatusAnswer = z.infer<typeof downloadStatusSchema>

export const downloadRequestSchema = z.object({ robotCallJobId: idSchema, filters: callFiltersSchema.optional() }).strict()
export type DownloadRequest = z.infer<typeof downloadRequestSchema>

export const cacheUsageSchema = z.object({ bytes: z.number(), recordings: z.number(), capBytes: z.number() })
export type CacheUsageAnswer = z.infer<typeof cacheUsageSchema>

const jobRef = z.object({ robotCallJobId: idSchema }).strict()

/** Something the reviewer must be told once, such as a damaged file set aside and recovered. */
export const noticeSchema = z.object({ id: z.string(), message: bilingualSchema })
export type Notice = z.infer<typeof noticeSchema>

export const signOutRequestSchema = z
  .object({
    /** Also delete this account's data on this computer: cached calls, recordings, grades and
     *  turn timings (the page offers the export first). False: only forget the credentials. */
    removeLocalData: z.boolean(),
  })
  .strict()
export type SignOutRequest = z.infer<typeof signOutRequestSchema>

export const signOutResultSchema = z.object({
  settings: publicSettingsSchema,
  /** What was deleted from this computer (all zero when the data was kept). */
  removed: z.object({ tasks: z.number().int(), grades: z.number().int(), calls: z.number().int(), recordings: z.number().int() }),
})
export type SignOutResult = z.infer<typeof signOutResultSchema>

// ---------------------------------------------------------------- the tenant's names and task figures

/** One of the tenant's intent label groups: its names by level (code 0 is A … 5 is F). A group may
 *  name fewer than six levels; the built-in names stand in for the others. */
export const intentLabelGroupSchema = z.object({
  intentLevelTagId: answerIdSchema,
  name: z.string(),
  levels: z.partialRecord(z.enum(INTENT_LEVELS), z.string()),
})
export type IntentLabelGroup = z.infer<typeof intentLabelGroupSchema>

/** Where an answer came from: the server, the cache (offline, or the server failed), or neither. */
const tenantDataSource = z.enum(['server', 'cache', 'none'])

export const intentLabelsSchema = z.object({
  /** Every group in use (getUsedIntentLevelTagList), each with its names (getIntentLevelTag). */
  groups: z.array(intentLabelGroupSchema),
  /** 'none': neither the server nor the cache had them, and the built-in names stand in. */
  source: tenantDataSource,
  /** When the groups were fetched from the server (ms since the epoch); null for 'none'. */
  fetchedAt: z.number().nullable(),
})
export type IntentLabels = z.infer<typeof intentLabelsSchema>

export const dialogFlowsSchema = z.object({
  /** The tenant's dialogue flows (getDialogFlowList); empty with source 'none'. */
  flows: z.array(dialogFlowSchema),
  source: tenantDataSource,
  fetchedAt: z.number().nullable(),
})
export type DialogFlows = z.infer<typeof dialogFlowsSchema>

/** A task's figures for the task picker: getJobDetail and getJobStats, either null when the server
 *  could not give it (an older server without the endpoint, say). */
export const jobFiguresSchema = z.object({
  robotCallJobId: idSchema,
  detail: jobDetailSchema.nullable(),
  stats: jobStatsSchema.nullable(),
  source: z.enum(['server', 'cache']),
  fetchedAt: z.number().nullable(),
})
export type JobFigures = z.infer<typeof jobFiguresSchema>

// ---------------------------------------------------------------- search inside transcripts

/** Words to find in the transcripts of a task's calls (those matching the list filters), a page of hits at a time. */
export const transcriptSearchRequestSchema = z
  .object({
    robotCallJobId: idSchema,
    filters: callFiltersSchema,
    /** The words as typed; every one must occur (shared/transcript-match.ts). */
    text: z
      .string()
      .max(200)
      .refine((text) => parseTranscriptQuery(text) !== null, {
        message: 'nothing to search for: type a word',
        params: { 'zh-CN': '没有可搜索的内容：请输入词语' },
      }),
    pageNum: z.number().int().min(1).max(1_000_000),
    pageSize: z.number().int().min(1).max(100),
    /** With the list's own filters or order (by my review): the calls they gave, in their order,
     *  as the page keeps them (queryFetchedCalls). The search keeps to these, in this order, so
     *  grading a call does not move the hits under the reviewer. */
    within: z.array(idSchema).max(1_000_000).optional(),
  })
  .strict()
export type TranscriptSearchRequest = z.infer<typeof transcriptSearchRequestSchema>

const matchRangeSchema = z.tuple([z.number().int(), z.number().int()])

/** A call whose transcript holds the words. */
export const transcriptHitSchema = z.object({
  /** The call as its list page gave it (from the cache). */
  call: callRecordSchema,
  /** Indexes of the transcript's turns that hold any of the words, in order. */
  turns: z.array(z.number().int()),
  /** The first of those turns around its first hit, for the call list. */
  snippet: z.object({
    turn: z.number().int(),
    speaker: z.string(),
    text: z.string(),
    ranges: z.array(matchRangeSchema),
    cutBefore: z.boolean(),
    cutAfter: z.boolean(),
  }),
})
export type TranscriptHit = z.infer<typeof transcriptHitSchema>

export const transcriptSearchAnswerSchema = z.object({
  page: pageSchema(transcriptHitSchema),
  /** Every hit's id, in order (the page is a slice of these): whether a call is among the hits. */
  ids: z.array(idSchema),
  /** Calls of the task matching the filters whose transcript was searched: those whose detail is
   *  on this computer (opened, fetched ahead or downloaded). */
  searched: z.number().int(),
  /** Calls of the task matching the filters known to this computer (list pages fetched so far). */
  known: z.number().int(),
})
export type TranscriptSearchAnswer = z.infer<typeof transcriptSearchAnswerSchema>
/** CouchDB's rule for a database name. */
const COUCH_DB_NAME = /^[a-z][a-z0-9_$()+/-]{0,127}$/

/** The team's CouchDB server: its address (https, except this computer), database and user. The
 *  password may be left out only to keep the saved one, for the same address and user. */
export const teamServerInputSchema = z
  .object({
    url: httpUrl,
    db: z.string().trim().refine((name) => COUCH_DB_NAME.test(name), {
      message: 'lower-case letters, digits and _$()+-/, starting with a letter (for example call-review)',
      params: { 'zh-CN': '只能用小写字母、数字和 _$()+-/，以字母开头（例如 call-review）' },
    }),
    user: z.string().trim().min(1).max(200),
    password: secretField.optional(),
  })
  .strict()
export type TeamServerInput = z.infer<typeof teamServerInputSchema>

export const TEAM_SYNC_PHASES = ['off', 'synced', 'pending', 'syncing', 'offline', 'error'] as const

/** Where the team's sync stands, in words the status bar shows. */
export const teamStatusSchema = z.object({
  phase: z.enum(TEAM_SYNC_PHASES),
  /** The reviewer's user name on the team server; null without a server. */
  user: z.string().nullable(),
  /** The server gives this user the lead's role: plans tasks, settles disagreements. */
  lead: z.boolean(),
  /** Grades of team tasks given here and not yet on the server. */
  pending: z.number().int(),
  conflicts: z.number().int(),
  lastSyncedAt: z.string().nullable(),
  error: bilingualSchema.nullable(),
})
export type TeamStatus = z.infer<typeof teamStatusSchema>

const teamGradeSchema = z.object({
  reviewer: z.string(),
  reviewerName: z.string(),
  realIntentLevel: z.enum(INTENT_LEVELS).nullable(),
  note: z.string(),
  updatedAt: z.string(),
})

const settlementSchema = z.object({
  finalLevel: z.enum(INTENT_LEVELS),
  note: z.string(),
  settledBy: z.string(),
  settledAt: z.string(),
  /** Earlier settlements of the same call, oldest first. */
  history: z.array(z.object({ finalLevel: z.enum(INTENT_LEVELS), note: z.string(), settledBy: z.string(), settledAt: z.string() })),
})

export const teamCallSchema = z.object({
  callRecordId: idSchema,
  /** The reviewers the plan gives the call: one, or two in the double-review sample. */
  reviewers: z.array(z.string()),
  sampled: z.boolean(),
  /** This reviewer is one of them. */
  mine: z.boolean(),
  /** The other reviewers' grades; empty while `blind`. */
  others: z.array(teamGradeSchema),
  /** A sampled call this reviewer has not graded yet: the other grade is not shown until then. */
  blind: z.boolean(),
  /** Both grades of a sampled call are in and differ (shown once neither side is blind). */
  disagreement: z.boolean(),
  settlement: settlementSchema.nullable(),
})
export type TeamCall = z.infer<typeof teamCallSchema>

const kappaPairSchema = z.object({ reviewers: z.tuple([z.string(), z.string()]), calls: z.number().int(), agreed: z.number().int(), kappa: z.number().nullable() })

export const teamTaskSchema = z.object({
  robotCallJobId: idSchema,
  plan: z
    .object({ reviewers: z.array(z.string()), samplePercent: z.number(), createdBy: z.string(), createdAt: z.string(), calls: z.number().int(), sampled: z.number().int() })
    .nullable(),
  calls: z.array(teamCallSchema),
  reliability: z.object({
    /** Cohen's kappa for each pair of reviewers with calls in common. */
    pairs: z.array(kappaPairSchema),
    /** Fleiss' kappa when three or more reviewers graded the same calls. */
    fleiss: z.object({ calls: z.number().int(), raters: z.number().int(), kappa: z.number().nullable() }).nullable(),
    /** Each reviewer's agreement with the final grade (the lead's settlement, or the grade both gave). */
    withFinal: z.array(z.object({ reviewer: z.string(), calls: z.number().int(), agreed: z.number().int(), rate: z.number().nullable() })),
  }),
})
export type TeamTask = z.infer<typeof teamTaskSchema>

export const teamPlanRequestSchema = z
  .object({
    robotCallJobId: idSchema,
    reviewers: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
    samplePercent: z.number().min(0).max(100),
    /** The calls shared out: those of the task fetched so far that match these filters. */
    filters: z.lazy(() => callFiltersSchema).optional(),
  })
  .strict()
export type TeamPlanRequest = z.infer<typeof teamPlanRequestSchema>

export const teamSettleRequestSchema = callRef.extend({ finalLevel: z.enum(INTENT_LEVELS), note: z.string().max(2000) }).strict()
export type TeamSettleRequest = z.infer<typeof teamSettleRequestSchema>

const conflictSideSchema = z.object({ realIntentLevel: z.enum(INTENT_LEVELS).nullable(), note: z.string(), updatedAt: z.string() })
export const teamConflictSchema = z.object({
  docId: z.string(),
  robotCallJobId: idSchema,
  callRecordId: idSchema,
  /** This desktop's grade. */
  mine: conflictSideSchema,
  /** The same reviewer's grade on the server, from another desktop. */
  theirs: conflictSideSchema,
})
export type TeamConflict = z.infer<typeof teamConflictSchema>

export const teamResolveRequestSchema = z.object({ docId: z.string().max(300), keep: z.enum(['mine', 'theirs']) }).strict()

/** The lead's file of a team task: every call shared, every reviewer's grade, the final grade. */
export const teamExportRequestSchema = z.object({ robotCallJobId: idSchema, format: z.enum(['csv', 'xlsx']), language: languageSchema }).strict()
export type TeamExportRequest = z.infer<typeof teamExportRequestSchema>

export const contract = {
  getAppStatus: { request: noPayload, response: appStatusSchema },
  getSettings: { request: noPayload, response: publicSettingsSchema },
  updateSettings: { request: settingsPatchSchema, response: publicSettingsSchema },
  saveCredentials: { request: credentialsInputSchema, response: publicSettingsSchema },
  /** Signs out of the account: forgets its credentials, and with removeLocalData its data here. */
  signOut: { request: signOutRequestSchema, response: signOutResultSchema },
  testConnection: { request: connectionTestInputSchema, response: connectionTestResultSchema },
  /** Tries the server once (the status query never does) and answers the status after it. */
  probeConnection: { request: noPayload, response: appStatusSchema },
  listJobs: { request: jobListQuerySchema, response: jobPageSchema },
  /** A task's figures (getJobDetail, getJobStats), from the cache when the server cannot be reached. */
  getJobFigures: { request: jobRef, response: jobFiguresSchema },
  /** The tenant's intent label groups; never fails: the built-in names stand in ('none'). */
  getIntentLabels: { request: noPayload, response: intentLabelsSchema },
  /** The tenant's dialogue flows, for the flow filter; never fails ('none': type the id). */
  listDialogFlows: { request: noPayload, response: dialogFlowsSchema },
  listCalls: { request: callListQuerySchema, response: callListAnswerSchema },
  getCallDetail: { request: callDetailQuerySchema, response: callDetailSchema },
  getWorkspaceState: { request: noPayload, response: workspaceStateSchema },
  saveWorkspaceState: { request: workspaceStateSchema, response: workspaceStateSchema },
  getReviewState: { request: jobRef, response: reviewStateSchema },
  saveGrade: { request: gradeInputSchema, response: gradeSchema },
  markRead: { request: callRef, response: z.object({ ok: z.literal(true) }) },
  prepareAudio: { request: audioRequestSchema, response: audioSourceSchema },
  getTurnTimings: { request: callDetailQuerySchema, response: turnTimingsSchema },
  correctTurnStart: { request: turnCorrectionSchema, response: turnTimingsSchema },
  exportGrades: { request: exportRequestSchema, response: exportFileSchema },
  getAgreement: { request: reportScopeSchema, response: agreementSchema },
  getCacheUsage: { request: noPayload, response: cacheUsageSchema },
  clearAudioCache: { request: noPayload, response: cacheUsageSchema },
  startDownload: {
    request: downloadRequestSchema,
    response: downloadStatusSchema,
  },
  getDownloadStatus: { request: jobRef, response: downloadStatusSchema },
  cancelDownload: { request: jobRef, response: downloadStatusSchema },
  retryDownloadFailures: { request: jobRef, response: downloadStatusSchema },
  /** Things the reviewer must be told once, such as a damaged file set aside and recovered. */
  getNotices: { request: noPayload, response: z.array(noticeSchema) },
  /** Calls of the task whose cached transcript holds the words, searched in main over the cache
   *  (online or not); says how many transcripts could be searched. */
  searchTranscripts: { request: transcriptSearchRequestSchema, response: transcriptSearchAnswerSchema },
  /** Saves the team server (its password in the secret store, bound to its address). */
  saveTeamServer: { request: teamServerInputSchema, response: publicSettingsSchema },
  /** Forgets the team server: grading goes on alone; nothing local is removed. */
  clearTeamServer: { request: noPayload, response: publicSettingsSchema },
  getTeamStatus: { request: noPayload, response: teamStatusSchema },
  /** One round of sync now (main also syncs after each grade and every minute). */
  syncTeam: { request: noPayload, response: teamStatusSchema },
  /** A task as the team shares it: the plan, each call's reviewers, grades as far as not blind. */
  getTeamTask: { request: jobRef, response: teamTaskSchema },
  /** A lead shares a task's calls between reviewers (online). */
  planTeamTask: { request: teamPlanRequestSchema, response: teamTaskSchema },
  /** A lead's final grade of a call, with a note (online). */
  settleTeamCall: { request: teamSettleRequestSchema, response: teamTaskSchema },
  listTeamConflicts: { request: noPayload, response: z.array(teamConflictSchema) },
  resolveTeamConflict: { request: teamResolveRequestSchema, response: teamStatusSchema },
  /** The lead's file of the task's team result (a reviewer is refused: it holds blind grades). */
  exportTeamResult: { request: teamExportRequestSchema, response: exportFileSchema },
  getFilterProgress: {
    request: z.object({ robotCallJobId: idSchema, filters: callFiltersSchema }).strict(),
    /** How many calls matching the filter the reviewer has graded. */
    response: z.object({ graded: z.number().int() }),
  },
  /** The ids of the task's fetched calls that pass the filters, local ones included (the list's own filters and orders). */
  queryFetchedCalls: { request: fetchedQuerySchema, response: fetchedMatchesSchema },
  /** Fetched calls by id, in the order given (a page of queryFetchedCalls' ids); ids not fetched are left out. */
  getFetchedCalls: {
    request: z.object({ robotCallJobId: idSchema, callRecordIds: z.array(idSchema).max(MAX_FETCHED_CALLS) }).strict(),
    response: z.object({ calls: z.array(callRecordSchema) }),
  },
  /** Graded calls per task (the task picker's review progress). */
  getReviewProgress: { request: noPayload, response: reviewProgressSchema },
} as const satisfies Record<MethodName, { request: z.ZodType; response: z.ZodType }>

export type Contract = typeof contract

/** Application-menu commands the page carries out: undo and redo (the last grade outside a text
 *  field, the text inside one) and the keyboard help. */
export const MENU_COMMANDS = ['undo', 'redo', 'help'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/** What main pushes to the page unasked: event name → payload. Main validates each before sending. */
export const eventContract = {
  /** The getAppStatus answer, whenever it changes (connectivity, work offline, account). */
  status: appStatusSchema,
  /** One task's getDownloadStatus answer as it progresses (a few a second at most) and its final state. */
  downloadStatus: downloadStatusSchema,
  /** A notice found after the page asked getNotices (e.g. a damaged task opened later). */
  notice: noticeSchema,
  /** The getTeamStatus answer whenever the team's sync moves on. */
  teamStatus: teamStatusSchema,
  /** A command from the application menu that the page carries out (the menu took its key). */
  menu: z.object({ command: z.enum(MENU_COMMANDS) }),
} as const satisfies Record<EventName, z.ZodType>

export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]>
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>
export type ResponseOf<M extends MethodName> = z.output<Contract[M]['response']>

/** The typed API the renderer uses: one async function per channel, throwing AppError on failure. */
export type Api = {
  [M in MethodName]: undefined extends RequestOf<M>
    ? (request?: RequestOf<M>) => Promise<ResponseOf<M>>
    : (request: RequestOf<M>) => Promise<ResponseOf<M>>
} & {
  /** Listens to one of main's events until the returned function is called. */
  on<E extends EventName>(event: E, listener: EventListener<E>): Unsubscribe
}

/** Main's side: a service function per channel, given the validated request. */
export type Handlers = {
  [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>>
}

/** Wraps the raw bridge so calls return values and failures throw AppError; `onFailure` hears
 *  every error main answers, before the caller does. */
export function createApi(raw: RawBridge, onFailure?: (error: AppError) => void): Api {
  const api = {} as Record<MethodName, (request?: unknown) => Promise<unknown>>
  for (const method of METHOD_NAMES) {
    api[method] = async (request?: unknown) => {
      const result: IpcResult<unknown> = await raw[method](request)
      if (result.ok) return result.value
      const error = AppError.fromPayload(result.error)
      onFailure?.(error)
      throw error
    }
  }
  // Not validated here: main checked each payload against eventContract before sending it.
  const on = <E extends EventName>(event: E, listener: EventListener<E>): Unsubscribe =>
    raw.on(event, (payload) => listener(payload as EventPayload<E>))
  return Object.assign(api, { on }) as unknown as Api
}

export { BRIDGE_GLOBAL, CHANNELS, EVENT_CHANNELS, EVENT_NAMES, METHOD_NAMES }
export type { EventName, IpcResult, MethodName, RawBridge, Unsubscribe }
