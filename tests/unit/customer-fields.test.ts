// English labels of the customer's custom properties the app knows (issue 13: 16): every key the
// demo tenant uploads has one, and an unknown key is shown as it comes.
import { describe, expect, it } from 'vitest'
import { propertyLabel } from '../../renderer/src/customer-fields'
import { customerProperties } from '../../electron/simulator/people'
import { createRng } from '../../electron/simulator/random'

describe('customer property labels', () => {
  it('gives every property key of the demo tenant an English label, and keeps the Chinese one', () => {
    const rng = createRng(1)
    const keys = new Set((['sales', 'notice', 'survey'] as const).flatMap((kind) => Object.keys(customerProperties(kind, rng))))
    expect(keys.size).toBeGreaterThan(3)
    for (const key of keys) {
      expect(propertyLabel(key, 'en'), key).toMatch(/^[A-Z][a-z ]+$/)
      expect(propertyLabel(key, 'zh-CN')).toBe(key)
    }
    expect(propertyLabel('城市', 'en')).toBe('City')
  })

  it('shows a key it does not know as it comes, in both languages', () => {
    expect(propertyLabel('ss', 'en')).toBe('ss')
    expect(propertyLabel('楼盘偏好', 'en')).toBe('楼盘偏好')
    expect(propertyLabel('constructor', 'en')).toBe('constructor')
  })
})
