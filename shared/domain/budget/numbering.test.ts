import { describe, expect, it } from 'vitest'
import { parseNumbering, splitLeadingNumbering } from './numbering'

describe('parseNumbering', () => {
  it.each([
    ['一、', 'chinese'],
    ['十二', 'chinese'],
    ['（一）', 'parenChinese'],
    ['(三)', 'parenChinese'],
    ['1', 'arabic'],
    ['2.', 'arabic'],
    ['3、', 'arabic'],
    ['1.1', 'decimal'],
    ['（1）', 'parenArabic'],
    ['①', 'circled']
  ])('%s is %s', (text, kind) => {
    expect(parseNumbering(text)?.kind).toBe(kind)
  })

  it('ranks nested numberings deeper', () => {
    const ranks = ['一、', '（一）', '1', '1.1', '1.1.1', '（1）', '①'].map((t) => parseNumbering(t)?.rank ?? -1)
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
    expect(new Set(ranks).size).toBe(ranks.length)
  })

  it('rejects names and amounts that are not numberings', () => {
    expect(parseNumbering('服务器')).toBeNull()
    expect(parseNumbering('合计')).toBeNull()
    expect(parseNumbering('')).toBeNull()
  })

  it('splits a numbering written inside the name', () => {
    expect(splitLeadingNumbering('一、硬件购置')).toMatchObject({ numbering: { kind: 'chinese' }, rest: '硬件购置' })
    expect(splitLeadingNumbering('（二）软件')).toMatchObject({ numbering: { kind: 'parenChinese' }, rest: '软件' })
    expect(splitLeadingNumbering('1.2 地图模块')).toMatchObject({ numbering: { kind: 'decimal' }, rest: '地图模块' })
    expect(splitLeadingNumbering('3、培训费')).toMatchObject({ numbering: { kind: 'arabic' }, rest: '培训费' })
    // a model number is not a numbering
    expect(splitLeadingNumbering('5G 通信模块')).toMatchObject({ numbering: null, rest: '5G 通信模块' })
    expect(splitLeadingNumbering('2.5寸硬盘')).toMatchObject({ numbering: null })
  })
})
