// How a level is named: the platform's name for the call, else its label group's, else the
// built-in one; always with the letter. The documented examples disagree with one another (the
// list pairs A with 很好 in group 0, whose own names are A类…F类): the call's own name wins.
import { describe, expect, it } from 'vitest'
import { intentLevelOfCode, intentLevelText, labelGroupOf, tenantIntentText, tenantLevelName, withLetter } from '../../shared/intent-labels'
import type { IntentLabelGroup } from '../../shared/ipc/contract'

/** The documented list row's levels (callRecord.md): A named 很好, and a name without its level. */
const DOCUMENTED_ROW = { intentLevel: 'A', intentLevelName: '很好', realIntentLevel: null, realIntentLevelName: '很好', intentLevelTagId: 0 }
/** The documented built-in group 0 (intentLevelTag.md), by level. */
const GROUP_0: IntentLabelGroup = labelGroupOf({
  intentLevelTagId: 0,
  name: '内置意向分类标签',
  details: ['A类', 'B类', 'C类', 'D类', 'E类', 'F类'].map((name, code) => ({ code, name })),
})
/** A group of four levels, as the documented getJobStats example has. */
const FOUR: IntentLabelGroup = { intentLevelTagId: 121, name: '', levels: { A: '较差', B: '一般', C: '好', D: '很好' } }

describe('intent level names', () => {
  it('reads a label’s code as the level: 0 is A … 5 is F, nothing else', () => {
    expect([0, 1, 2, 3, 4, 5].map(intentLevelOfCode)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
    expect([6, -1, 1.5, '0', null].map(intentLevelOfCode)).toEqual([undefined, undefined, undefined, undefined, undefined])
    expect(GROUP_0.levels).toEqual({ A: 'A类', B: 'B类', C: 'C类', D: 'D类', E: 'E类', F: 'F类' })
  })

  it('prefers the call’s own name, then its group’s, and reads a name only beside its level', () => {
    expect(tenantLevelName('A', DOCUMENTED_ROW, GROUP_0)).toBe('很好')
    expect(tenantLevelName('B', DOCUMENTED_ROW, GROUP_0)).toBe('B类')
    // realIntentLevelName without realIntentLevel names nothing.
    expect(tenantLevelName('B', { realIntentLevel: null, realIntentLevelName: '很好' }, undefined)).toBeUndefined()
    expect(tenantLevelName('C', { realIntentLevel: 'C', realIntentLevelName: '好' }, undefined)).toBe('好')
    expect(tenantLevelName('E', {}, FOUR)).toBeUndefined()
  })

  it('shows the letter with the tenant’s name, else the built-in one, in either language', () => {
    expect(intentLevelText('A', 'zh-CN', DOCUMENTED_ROW, GROUP_0)).toBe('A 很好')
    expect(intentLevelText('A', 'en', DOCUMENTED_ROW, GROUP_0)).toBe('A 很好')
    expect(intentLevelText('D', 'zh-CN', null, FOUR)).toBe('D 很好')
    expect(intentLevelText('E', 'zh-CN', null, FOUR)).toBe('E 需要再次跟进')
    expect(intentLevelText('E', 'en', null, FOUR)).toBe('E Follow up again')
    expect(intentLevelText('A', 'zh-CN')).toBe('A 较强')
    // A name that carries its letter already is not doubled.
    expect(intentLevelText('B', 'zh-CN', null, GROUP_0)).toBe('B类')
    expect(withLetter('A', 'A级(较强)')).toBe('A级(较强)')
    expect(withLetter('A', 'Apple')).toBe('A Apple')
    expect(intentLevelText('G', 'zh-CN')).toBe('G')
    expect(intentLevelText(null, 'zh-CN')).toBe('—')
  })

  it('exports the tenant’s name with the letter, the bare letter without one', () => {
    expect(tenantIntentText('A', DOCUMENTED_ROW, GROUP_0)).toBe('A 很好')
    expect(tenantIntentText('F', null, FOUR)).toBe('F')
    expect(tenantIntentText(null, DOCUMENTED_ROW)).toBe('')
  })
})
