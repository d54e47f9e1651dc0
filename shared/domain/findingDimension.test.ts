import { describe, expect, it } from 'vitest'
import { findingDimension } from './findingDimension'

describe('which dimension a finding sits beside', () => {
  it('maps articles to the dimensions of 第八条', () => {
    expect(findingDimension({ article: 22, code: 'art22.no-mlps-grade', message: '' })).toBe('security')
    expect(findingDimension({ article: 15, code: 'art15.no-crypto-assessment-cost', message: '' })).toBe('security')
    expect(findingDimension({ article: 12, code: 'art12.self-built-infrastructure', message: '' })).toBe('tech')
    expect(findingDimension({ article: 12, code: 'art12.no-sharing-interface', message: '' })).toBe('standards')
    expect(findingDimension({ article: 7, code: 'art7.missing-element', message: '缺少数据需求清单' })).toBe('data')
    expect(findingDimension({ article: 7, code: 'art7.missing-element', message: '未说明业务流程' })).toBe('tech')
    expect(findingDimension({ article: 3, code: 'art3.office-equipment', message: '' })).toBe('budget')
    expect(findingDimension({ article: null, code: 'budget.subtotal-mismatch', message: '' })).toBe('budget')
  })
})
