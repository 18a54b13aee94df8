import { describe, expect, it } from 'vitest'
import { computeSignature, signedHeaders } from '../../electron/main/services/api/signature'

describe('request signature', () => {
  it('matches the known-answer value of the API documentation', () => {
    const signature = computeSignature({ appKey: 'k', appSecret: 's', tenantSign: 't' }, '1557747252783', 'v1')
    expect(signature).toBe('d510646e456d6afe97747b92a21446611839b01f6e86ec742f596bd41201a3fe')
  })

  it('changes with any credential or the timestamp', () => {
    const base = computeSignature({ appKey: 'k', appSecret: 's', tenantSign: 't' }, '1557747252783')
    expect(computeSignature({ appKey: 'k', appSecret: 'x', tenantSign: 't' }, '1557747252783')).not.toBe(base)
    expect(computeSignature({ appKey: 'k', appSecret: 's', tenantSign: 'u' }, '1557747252783')).not.toBe(base)
    expect(computeSignature({ appKey: 'k', appSecret: 's', tenantSign: 't' }, '1557747252784')).not.toBe(base)
  })

  it('puts the six documented headers on every request', () => {
    const headers = signedHeaders({ appKey: 'k', appSecret: 's', tenantSign: 't' }, 1557747252783.9)
    expect(headers).toEqual({
      appKey: 'k',
      appSecret: 's',
      tenantSign: 't',
      version: 'v1',
      timestamp: '1557747252783',
      signature: 'd510646e456d6afe97747b92a21446611839b01f6e86ec742f596bd41201a3fe',
    })
  })
})
