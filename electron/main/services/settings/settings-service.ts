// Reviewer settings and API credentials. Credentials are stored only as ciphertexts and leave
// this module decrypted only towards the API client; the renderer sees a masked appKey.
import { z } from 'zod'
import { DEFAULT_TIMEOUT_MS, invalidRequestError, type Credentials } from '../api'
import {
  AUDIO_TRACKS,
  languageSchema,
  playbackSpeedSchema,
  type CredentialsInput,
  type PublicSettings,
  type SettingsPatch,
  type TeamServerInput,
  TIMEOUT_MS_RANGE,
} from '../../../../shared/ipc/contract'
import type { Language } from '../../../../shared/enums'
import { proxyAddress, redactUrlCredentials } from '../../../../shared/proxy-url'
import type { KeyValueStore, SecretCipher } from '../storage'

/** The API address of a new profile: the host the platform's documentation names today. */
export const DEFAULT_BASE_URL = 'https://openapi.tanyibot.com'
/** The default of earlier versions (the older documents' host). A profile that worked against it
 *  without saving an address keeps it: its credentials are bound to that origin and its cache and
 *  grades are kept under an account scope that includes it. */
export const FORMER_DEFAULT_BASE_URL = 'https://crm.tanyibot.com'

const KEYS = { general: 'settings', credentials: 'credentials', damaged: 'damagedSettingsSetAside', team: 'teamServer', proxy: 'proxySecret' } as const

const generalSchema = z.object({
  baseUrl: z.string().url().catch(DEFAULT_BASE_URL),
  timeoutMs: z.number().int().min(TIMEOUT_MS_RANGE.min).max(TIMEOUT_MS_RANGE.max).catch(DEFAULT_TIMEOUT_MS),
  reviewerName: z.string().max(40).catch(''),
  language: languageSchema.catch('zh-CN'),
  optionalFilters: z.boolean().catch(false),
  defaultSpeed: playbackSpeedSchema.catch(1),
  workOffline: z.boolean().catch(false),
  audioCacheMaxMb: z.number().int().min(100).max(1_000_000).catch(2048),
  // Private by default: a reviewer grades what was said, not who was called.
  maskPhoneNumbers: z.boolean().catch(true),
  // '' for none: the environment's proxy variables apply then. Saved as shown (user and
  // password as ***); the whole address, when it has them, is in the secret store (KEYS.proxy).
  proxyUrl: z
    .string()
    .refine((u) => u === '' || proxyAddress(u) !== null)
    .catch(''),
  // After a grade, open the next ungraded call and play it. A damaged value means today's
  // behaviour (stay); a new profile starts with it on (below).
  advanceAfterGrade: z.boolean().catch(false),
  // The player's choices, kept across calls and restarts: which recording plays, and whether
  // playback skips to the customer's turns.
  playbackTrack: z.enum(AUDIO_TRACKS).catch('full'),
  skipToCustomer: z.boolean().catch(false),
})
type GeneralSettings = z.infer<typeof generalSchema>

// `origin`: the API address they were saved for. Credentials are sent to that origin only, so a
// changed address (in the form, or by the page through updateSettings) never receives them.
const storedCredentialsSchema = z.object({ appKey: z.string(), appSecret: z.string(), tenantSign: z.string(), origin: z.string().optional() })

// The team server: its password encrypted like the API secret, and like it bound to the address it
// was entered for (a changed address needs the password again).
const storedTeamSchema = z.object({ url: z.string().url(), db: z.string(), user: z.string(), password: z.string() })

// The proxy's whole address when it carries a user or password: encrypted, with the shown form it
// belongs to (a settings file edited by hand to another proxy does not get these credentials).
const storedProxySchema = z.object({ shown: z.string(), url: z.string() })

/** The team server with its password, decrypted: for the team client only. */
export interface TeamServerSecret {
  url: string
  db: string
  user: string
  password: string
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

/** The proxy as the page sees it: its user and password as ***. */
const shownProxy = (proxyUrl: string) => redactUrlCredentials(proxyUrl)
/** An address with a real user or password in it (not the *** the page sees). */
const carriesCredentials = (proxyUrl: string) => shownProxy(proxyUrl) !== proxyUrl && !proxyUrl.includes('://***@')

export function maskAppKey(appKey: string): string {
  if (appKey.length <= 4) return '*'.repeat(appKey.length)
  const keep = appKey.length <= 8 ? 1 : 3
  return appKey.slice(0, keep) + '*'.repeat(appKey.length - keep * 2) + appKey.slice(-keep)
}

export interface SettingsService {
  getPublic(): Promise<PublicSettings>
  general(): GeneralSettings
  update(patch: SettingsPatch): Promise<PublicSettings>
  saveCredentials(input: CredentialsInput): Promise<PublicSettings>
  clearCredentials(): Promise<PublicSettings>
  /** The settings file was found damaged and set aside under `setAsideAs`: kept in the fresh
   *  file, so the page says so (after a restart too) until acknowledged or credentials are saved. */
  markDamaged(setAsideAs: string): void
  /** Decrypted credentials for the current address (or for `forAddress`), or null when none are
   *  stored for it or they cannot be decrypted. */
  loadCredentials(forAddress?: string): Promise<Credentials | null>
  language(): Language
  /** Saves the team server; the password may be left out to keep the saved one for the same
   *  address and user, otherwise it is required (an invalid-request error keyed 'password'). */
  saveTeamServer(input: TeamServerInput): Promise<PublicSettings>
  clearTeamServer(): Promise<PublicSettings>
  /** The team server with its password, or null without one (or when it cannot be decrypted). */
  loadTeamServer(): Promise<TeamServerSecret | null>
  /** The proxy's whole address, its user and password decrypted ('' for none): for requests only. */
  proxyUrl(): Promise<string>
  /** Changes whenever where or how requests go changes (address, proxy with its password, deadline). */
  connectionKey(): string
}

/** The general settings a store holds, each damaged or missing field at its default: for readers
 *  that must not write (the command line's export beside the app). */
export function generalSettingsOf(store: Pick<KeyValueStore, 'get'>): GeneralSettings {
  return generalSchema.parse({ ...(store.get(KEYS.general) as object | undefined) })
}

export interface SettingsServiceOptions {
  /** Whether this profile already holds an account's data (cached calls, grades): made by an
   *  earlier version, its address is the former default unless one was saved. */
  accountDataExists?: () => boolean
}

export function createSettingsService(store: KeyValueStore, cipher: SecretCipher, options: SettingsServiceOptions = {}): SettingsService {
  const damaged = () => {
    const value = store.get(KEYS.damaged)
    return typeof value === 'string' ? value : null
  }
  // A hand-edited or damaged value falls back to its default field by field, never crashing.
  const general = (): GeneralSettings => generalSettingsOf(store)

  function storedCredentials() {
    const parsed = storedCredentialsSchema.safeParse(store.get(KEYS.credentials))
    return parsed.success ? parsed.data : null
  }

  // A profile that never saved an address used the default of its day. One already in use (an
  // account's credentials or data) keeps the address they were made with, so they stay in view;
  // a new one gets today's default. Either way it is saved now, so no later change of the default
  // moves a profile to another address.
  const saved = store.get(KEYS.general) as { baseUrl?: unknown; advanceAfterGrade?: unknown } | undefined
  const inUse = () => storedCredentials() !== null || (options.accountDataExists?.() ?? false)
  if (!z.string().url().safeParse(saved?.baseUrl).success) {
    const credentials = storedCredentials()
    const baseUrl = inUse() ? (credentials?.origin ?? FORMER_DEFAULT_BASE_URL) : DEFAULT_BASE_URL
    store.set(KEYS.general, { ...general(), baseUrl })
  }
  // Grade-and-advance is on for a new profile; one already in use keeps staying on the graded
  // call as it always did until the reviewer turns it on. Saved now, so the choice stays made.
  if (typeof saved?.advanceAfterGrade !== 'boolean') {
    store.set(KEYS.general, { ...general(), advanceAfterGrade: saved === undefined && !inUse() })
  }

  // Credentials saved before they were bound belong to the address in use when this version
  // first starts (before the page can change it).
  const unbound = storedCredentials()
  if (unbound && !unbound.origin) store.set(KEYS.credentials, { ...unbound, origin: originOf(general().baseUrl) })

  function storedProxy() {
    const parsed = storedProxySchema.safeParse(store.get(KEYS.proxy))
    return parsed.success ? parsed.data : null
  }

  /** Keeps a proxy address: as shown in the settings, the whole of it encrypted when it has a
   *  user or password. Resolves to what the general settings hold. */
  async function keepProxy(proxyUrl: string): Promise<string> {
    if (!carriesCredentials(proxyUrl)) {
      store.delete(KEYS.proxy)
      return proxyUrl
    }
    const shown = shownProxy(proxyUrl)
    store.set(KEYS.proxy, { shown, url: await cipher.encrypt(proxyUrl) })
    return shown
  }

  // Earlier versions kept the proxy's password in the settings file as typed: moved into the
  // secret store as this version starts (before any request needs it: proxyUrl() waits).
  const migrated = (async () => {
    const plain = general().proxyUrl
    if (carriesCredentials(plain)) store.set(KEYS.general, { ...general(), proxyUrl: await keepProxy(plain) })
  })()

  let decrypted: { ciphertext: string; url: string } | undefined
  async function proxyUrl(): Promise<string> {
    await migrated
    const shown = general().proxyUrl
    const secret = storedProxy()
    if (!secret || secret.shown !== shown) return shown
    if (decrypted?.ciphertext !== secret.url) {
      try {
        decrypted = { ciphertext: secret.url, url: await cipher.decrypt(secret.url) }
      } catch {
        // Encrypted under another user account or keyring: the proxy will ask for its password.
        return shown
      }
    }
    return decrypted.url
  }

  /** The saved credentials when they belong to the current address; null otherwise. */
  function usableCredentials() {
    const stored = storedCredentials()
    return stored && stored.origin === originOf(general().baseUrl) ? stored : null
  }

  async function loadCredentials(forAddress?: string): Promise<Credentials | null> {
    const stored = forAddress === undefined ? usableCredentials() : storedCredentials()
    if (!stored || (forAddress !== undefined && stored.origin !== originOf(forAddress))) return null
    try {
      return {
        appKey: await cipher.decrypt(stored.appKey),
        appSecret: await cipher.decrypt(stored.appSecret),
        tenantSign: await cipher.decrypt(stored.tenantSign),
      }
    } catch {
      // Encrypted under another user account or keyring: unusable, treated as not configured.
      return null
    }
  }

  function storedTeam() {
    const parsed = storedTeamSchema.safeParse(store.get(KEYS.team))
    return parsed.success ? parsed.data : null
  }

  async function loadTeamServer(): Promise<TeamServerSecret | null> {
    const stored = storedTeam()
    if (!stored) return null
    try {
      return { url: stored.url, db: stored.db, user: stored.user, password: await cipher.decrypt(stored.password) }
    } catch {
      return null
    }
  }

  async function getPublic(): Promise<PublicSettings> {
    const credentials = await loadCredentials()
    const settings = general()
    const team = storedTeam()
    return {
      team: team ? { url: team.url, db: team.db, user: team.user } : null,
      ...settings,
      proxyUrl: shownProxy(settings.proxyUrl),
      credentials: {
        configured: credentials !== null,
        appKeyMasked: credentials ? maskAppKey(credentials.appKey) : null,
        savedFor: storedCredentials()?.origin ?? null,
      },
      damagedSettingsSetAside: damaged(),
      secretProtection: await cipher.protection(),
    }
  }

  return {
    getPublic,
    general,
    language: () => general().language,
    loadCredentials,
    async update({ acknowledgeDamagedSettings, ...patch }) {
      if (acknowledgeDamagedSettings) store.delete(KEYS.damaged)
      await migrated
      // The page saw the proxy's user and password as ***: sent back so, the saved ones stay.
      if (patch.proxyUrl !== undefined && patch.proxyUrl === shownProxy(general().proxyUrl)) delete patch.proxyUrl
      if (patch.proxyUrl !== undefined) patch.proxyUrl = await keepProxy(patch.proxyUrl)
      store.set(KEYS.general, { ...general(), ...patch })
      return getPublic()
    },
    markDamaged(setAsideAs) {
      store.set(KEYS.damaged, setAsideAs)
    },
    async saveCredentials(input) {
      const encrypted = {
        appKey: await cipher.encrypt(input.appKey),
        appSecret: await cipher.encrypt(input.appSecret),
        tenantSign: await cipher.encrypt(input.tenantSign),
      }
      if (input.baseUrl) store.set(KEYS.general, { ...general(), baseUrl: input.baseUrl })
      store.set(KEYS.credentials, { ...encrypted, origin: originOf(general().baseUrl) })
      // The account is back: what the damaged file lost has been entered again.
      store.delete(KEYS.damaged)
      return getPublic()
    },
    async clearCredentials() {
      store.delete(KEYS.credentials)
      return getPublic()
    },
    loadTeamServer,
    proxyUrl,
    connectionKey() {
      const { baseUrl, timeoutMs, proxyUrl: shown } = general()
      return JSON.stringify([baseUrl, timeoutMs, shown, storedProxy()?.url ?? null])
    },
    async saveTeamServer(input) {
      const saved = storedTeam()
      const sameAccount = saved !== null && originOf(saved.url) === originOf(input.url) && saved.user === input.user
      if (input.password === undefined && !sameAccount) {
        const needed = { 'zh-CN': '新的地址或用户需要填写密码', en: 'a new address or user needs its password' }
        throw invalidRequestError(
          { 'zh-CN': `团队服务器密码：${needed['zh-CN']}`, en: `Team server password: ${needed.en}` },
          { password: needed },
        )
      }
      const password = input.password === undefined ? saved!.password : await cipher.encrypt(input.password)
      store.set(KEYS.team, { url: input.url, db: input.db, user: input.user, password })
      return getPublic()
    },
    async clearTeamServer() {
      store.delete(KEYS.team)
      return getPublic()
    },
  }
}
