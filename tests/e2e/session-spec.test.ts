// The review session both hosts share, run here in the browser through the test bridge; the
// real-Electron test (tests/electron/) runs the same steps through the preload.
import { describe, it } from 'vitest'
import { reviewSessionSteps } from '../shared/review-session-steps'
import { useStack } from './harness'

const stack = useStack({ seed: 6 })

describe('the shared review session, in the browser', () => {
  it('opens a task, plays, grades, and after a reload the grade is still there', async () => {
    const { page, host } = stack
    await page.goto(host.url)
    await reviewSessionSteps(page, async () => void (await page.reload()))
  })
})
