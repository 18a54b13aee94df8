// The production main bundle carries the demo (the simulated platform) but none of the test
// equipment: no fault injection, no voice bank looked up from the working directory.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const bundle = readFileSync(resolve(import.meta.dirname, '../../out/main/index.js'), 'utf8')

describe('the built main bundle', () => {
  it('holds the demo server', () => {
    expect(bundle).toContain('demo-secret')
    expect(bundle).toContain('early_media')
  })

  it.each(['injectFault', 'clearFaults', 'FaultBook', 'streamHugeAnswer', 'resetAndDestroy', 'nginx/1.20.1', 'truncated-json'])('has no fault injection: %s', (marker) => {
    expect(bundle).not.toContain(marker)
  })

  it('finds the voice bank where the host says, not through the working directory', () => {
    expect(bundle).not.toContain('process.cwd()')
  })
})
