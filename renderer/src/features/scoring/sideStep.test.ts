import { describe, expect, it } from 'vitest'
import { sideStep, type SideFacts } from './sideStep'

const base: SideFacts = { hasExpert: true, loaded: true, closed: false, committed: true, sheetStatus: null, declaration: null }

describe('sideStep', () => {
  it('walks 承诺书 → 声明 → 开始评审 → 评分', () => {
    expect(sideStep({ ...base, committed: false })).toBe('commit')
    expect(sideStep(base)).toBe('declare')
    expect(sideStep({ ...base, declaration: 'none' })).toBe('start')
    expect(sideStep({ ...base, declaration: 'none', sheetStatus: 'draft' })).toBe('scoring')
  })
  it('holds a recused or reopened sheet at the declaration while the meeting is open', () => {
    expect(sideStep({ ...base, declaration: 'recuse', sheetStatus: 'draft' })).toBe('recused')
    expect(sideStep({ ...base, declaration: 'none', sheetStatus: 'reopened' })).toBe('start')
    expect(sideStep({ ...base, declaration: 'none', sheetStatus: 'reopened', closed: true })).toBe('scoring')
  })
  it('says when there is nothing to show', () => {
    expect(sideStep({ ...base, hasExpert: false })).toBe('no-expert')
    expect(sideStep({ ...base, loaded: false })).toBe('loading')
    expect(sideStep({ ...base, closed: true })).toBe('closed-no-sheet')
  })
})
