// The app's local data (grades, cached calls) read outside Electron: where Electron keeps its
// user data, and which account's folder to use. Opened read-only by the composition root.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { APP_FOLDER } from '../../shared/app-folder'
import { accountScope } from '../../electron/main/services/connection'
import { openScopeReadOnly } from '../../electron/main/services/root'

/** Electron's `app.getPath('userData')` for this app (the glue pins it to APP_FOLDER), per platform. */
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

/** One account's grades and reports, without writing a byte: the CLI's export may run beside the app. */
export function openLocalReports(profileDir: string, scope: string, options: { maskPhoneNumbers?: boolean } = {}) {
  return openScopeReadOnly(profileDir, scope, options)
}
