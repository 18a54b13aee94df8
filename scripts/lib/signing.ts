// Code signing and notarisation come from the environment only (no secret in the repository):
// electron-builder reads CSC_LINK / CSC_KEY_PASSWORD (WIN_CSC_LINK for Windows alone) and, to
// notarise on a Mac, APPLE_ID / APPLE_APP_SPECIFIC_PASSWORD / APPLE_TEAM_ID. Where they are
// absent the installers are built unsigned, and the build says so in one line.
export type Platform = 'linux' | 'win' | 'mac'

export interface SigningPlan {
  /** One line per platform built unsigned (or signed but not notarised). */
  lines: string[]
  /** Added to electron-builder's environment. */
  env: Record<string, string>
  /** Whether to notarise the mac build (electron-builder's mac.notarize). */
  notarize: boolean
}

type Env = Record<string, string | undefined>

const has = (env: Env, ...names: string[]) => names.every((name) => !!env[name])

export function signingPlan(platforms: readonly Platform[], env: Env): SigningPlan {
  const lines: string[] = []
  const extra: Record<string, string> = {}
  let notarize = false
  for (const platform of platforms) {
    if (platform === 'win' && !has(env, 'WIN_CSC_LINK') && !has(env, 'CSC_LINK')) {
      lines.push('未配置 Windows 代码签名，安装包不签名（设置 WIN_CSC_LINK 或 CSC_LINK 与 CSC_KEY_PASSWORD 以签名）。 / Windows installer not signed: set WIN_CSC_LINK or CSC_LINK with CSC_KEY_PASSWORD to sign it.')
    }
    if (platform === 'mac') {
      if (!has(env, 'CSC_LINK') && !has(env, 'CSC_NAME')) {
        lines.push('未配置 macOS 代码签名，安装包不签名也不公证（设置 CSC_LINK 与 CSC_KEY_PASSWORD，或 CSC_NAME）。 / macOS app not signed or notarised: set CSC_LINK with CSC_KEY_PASSWORD, or CSC_NAME.')
        // Otherwise electron-builder picks whatever identity the keychain happens to hold.
        extra['CSC_IDENTITY_AUTO_DISCOVERY'] = 'false'
      } else if (has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID')) {
        notarize = true
      } else {
        lines.push('macOS 应用已签名但不公证（设置 APPLE_ID、APPLE_APP_SPECIFIC_PASSWORD、APPLE_TEAM_ID 以公证）。 / macOS app signed but not notarised: set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID.')
      }
    }
  }
  return { lines, env: extra, notarize }
}

/** The platforms electron-builder's arguments ask for; the host's own when none. */
export function platformsOf(args: readonly string[], host: NodeJS.Platform = process.platform): Platform[] {
  const asked = (['linux', 'win', 'mac'] as const).filter((p) => args.includes(`--${p}`) || args.includes(`-${p[0]}`))
  if (asked.length) return [...asked]
  return [host === 'win32' ? 'win' : host === 'darwin' ? 'mac' : 'linux']
}
