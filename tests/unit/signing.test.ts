// Signing comes from the environment; without it the installers are built unsigned and the build
// says so in one line per platform.
import { describe, expect, it } from 'vitest'
import { platformsOf, signingPlan } from '../../scripts/lib/signing'

describe('code signing from the environment', () => {
  it('builds unsigned with one clear line where nothing is configured', () => {
    const plan = signingPlan(['win', 'mac', 'linux'], {})
    expect(plan.lines).toHaveLength(2)
    expect(plan.lines[0]).toMatch(/^未配置 Windows 代码签名.*WIN_CSC_LINK/)
    expect(plan.lines[1]).toMatch(/^未配置 macOS 代码签名.*CSC_LINK/)
    expect(plan.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' })
    expect(plan.notarize).toBe(false)
    expect(signingPlan(['linux'], {})).toEqual({ lines: [], env: {}, notarize: false })
  })

  it('signs, and notarises on a Mac, when the credentials are there', () => {
    expect(signingPlan(['win'], { WIN_CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x' }).lines).toEqual([])
    const signedOnly = signingPlan(['mac'], { CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x' })
    expect(signedOnly.notarize).toBe(false)
    expect(signedOnly.lines[0]).toMatch(/不公证.*APPLE_TEAM_ID/)
    const full = signingPlan(['mac'], { CSC_LINK: 'c', CSC_KEY_PASSWORD: 'x', APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' })
    expect(full).toEqual({ lines: [], env: {}, notarize: true })
  })

  it('reads the platforms from electron-builder’s arguments, the host’s by default', () => {
    expect(platformsOf([], 'linux')).toEqual(['linux'])
    expect(platformsOf([], 'win32')).toEqual(['win'])
    expect(platformsOf(['--win', '--mac'], 'linux')).toEqual(['win', 'mac'])
    expect(platformsOf(['--linux', 'dir'], 'darwin')).toEqual(['linux'])
  })
})
