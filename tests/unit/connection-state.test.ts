// The badge and the offline banner read one state (issue 13: 16): the banner shows exactly when
// the badge says offline, and never beside a badge saying connected.
import { describe, expect, it } from 'vitest'
import type { AppStatus } from '../../shared/ipc/contract'
import { badgeOf, connectionState, isOffline, laterStatus } from '../../renderer/src/connection-state'

const base: AppStatus = {
  mode: 'account',
  baseUrl: 'https://openapi.tanyibot.com',
  appVersion: '0.1.0',
  online: true,
  offlineSince: null,
  workOffline: false,
  credentialsRejected: false,
  sequence: 1,
}

/** Every status main can send: each flag on and off, in both modes. */
function everyStatus(): AppStatus[] {
  const all: AppStatus[] = []
  for (const mode of ['demo', 'account'] as const)
    for (const online of [true, false])
      for (const workOffline of [true, false])
        for (const credentialsRejected of [true, false]) all.push({ ...base, mode, online: online && !workOffline, workOffline, credentialsRejected, offlineSince: online ? null : 1 })
  return all
}

describe('the badge and the offline banner', () => {
  it('agree for every status: the banner shows exactly when the badge says offline, never beside "connected"', () => {
    for (const status of everyStatus()) {
      const state = connectionState(status, null)
      const keys = badgeOf(state)!.keys
      expect(isOffline(state), JSON.stringify(status)).toBe(keys.includes('connection.offline'))
      if (isOffline(state)) expect(keys).not.toContain('connection.account')
    }
  })

  it('says offline when the demo server does not answer, and that it is the demo', () => {
    const state = connectionState({ ...base, mode: 'demo', online: false, offlineSince: 1 }, null)
    expect(state).toBe('demo-offline')
    expect(badgeOf(state)!.keys).toEqual(['connection.demo', 'connection.offline'])
  })

  it('takes offline over a refusal heard before the server went away, and a refusal over connected', () => {
    expect(connectionState({ ...base, online: false, offlineSince: 1, credentialsRejected: true }, null)).toBe('offline')
    expect(connectionState({ ...base, credentialsRejected: true }, null)).toBe('rejected')
    expect(connectionState({ ...base }, null)).toBe('connected')
  })

  it('says nothing before the status is known, and an error when main could not give it', () => {
    expect(badgeOf(connectionState(null, null))).toBeNull()
    expect(badgeOf(connectionState(null, new Error('x')))!.keys).toEqual(['connection.error'])
  })

  it('keeps the later reading when a reply read before a push arrives after it (the push said refused)', () => {
    const pushed = { ...base, credentialsRejected: true, sequence: 5 }
    const lateReply = { ...base, sequence: 4 }
    expect(laterStatus(pushed, lateReply)).toBe(pushed)
    expect(connectionState(laterStatus(pushed, lateReply), null)).toBe('rejected')
    const newer = { ...base, sequence: 6 }
    expect(laterStatus(pushed, newer)).toBe(newer)
    expect(laterStatus(null, lateReply)).toBe(lateReply)
  })
})
