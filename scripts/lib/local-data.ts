// The app's local data (grades, cached calls) read outside Electron: where Electron keeps its
// user data, and which account's folder to use.
import Conf from 'conf'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createCallCache } from '../../electron/main/services/cache/call-cache'
import { accountScope } from '../../electron/main/services/connection'
import { createReportService } from '../../electron/main/services/report/report-service'
import { createReviewStore } from '../../electron/main/services/review/review-store'
import type { StoreFactory } from '../../electron/main/services/settings/ports'

const APP_FOLDER = 'call-review-workstation'

/** Electron's `app.getPath('userData')` for this app, per platform. */
export function defaultProfileDir(env: Record<string, string | undefined>): string {
  if (process.platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER)
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER)
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), APP_FOLDER)
}

/** The account the environment names (TANYI_*), or the demo. */
export function scopeFromEnv(env: Record<string, string | undefined>): string {
  const [baseUrl, appKey, appSecret, tenantSign] = ['TANYI_BASE_URL', 'TANYI_APP_KEY', 'TANYI_APP_SECRET', 'TANYI_TENANT_SIGN'].map((n) => env[n])
  return baseUrl && appKey && appSecret && tenantSign ? accountScope(baseUrl, { appKey, appSecret, tenantSign }) : 'demo'
}

export function openLocalReports(profileDir: string, scope: string) {
  const open: StoreFactory = (name) => new Conf<Record<string, unknown>>({ cwd: profileDir, configName: `${scope}-${name}`, projectName: APP_FOLDER })
  const review = createReviewStore({ dir: join(profileDir, 'reviews', scope) })
  return { review, report: createReportService({ review, cache: createCallCache(open) }) }
}
