import { describe, expect, it } from 'vitest'
import { vetoOverrideOf } from './vetoOverride'

const expert = { id: 'e1', name: '专家1' }

describe('vetoOverrideOf', () => {
  it('takes the signed vetoes and reason; a legacy sheet is checked against the local vetoes with no reason', () => {
    const signed = { expert, conclusion: 'pass' as const, suggestion: { vetoes: ['第十二条'] }, conclusionReason: ' 已补充 ' }
    expect(vetoOverrideOf(signed, [])).toEqual({ expertId: 'e1', name: '专家1', conclusion: 'pass', vetoes: ['第十二条'], reason: '已补充' })
    expect(vetoOverrideOf({ expert, conclusion: 'revise' }, ['第十一条', '第十一条'])).toEqual({ expertId: 'e1', name: '专家1', conclusion: 'revise', vetoes: ['第十一条'], reason: '' })
    expect(vetoOverrideOf({ ...signed, conclusion: 'reject' }, ['第十二条'])).toBeNull()
    expect(vetoOverrideOf({ expert, conclusion: 'pass', suggestion: { vetoes: [] } }, [])).toBeNull()
  })
})
