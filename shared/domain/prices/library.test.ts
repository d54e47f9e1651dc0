import { describe, expect, it } from 'vitest'
import { checkRefField, fenToYuanInput, searchKey, searchTerms, yuanInputToFen } from './library'

describe('library search rules', () => {
  it('reads a search as matching reads names, word by word, and keys an entry by name, spec, 来源 and project', () => {
    expect(searchTerms('  ＰＣ服务器   256G ')).toEqual([['pc服务器', '服务器'], ['256g']])
    expect(searchTerms('采购')).toEqual([['采购']])
    expect(searchTerms('a b c d e f g h')).toHaveLength(6)
    expect(searchKey({ name: '机架式服务器（2路）', spec: '256G 内存', source: '市场询价', project: '智慧医保' })).toBe('服务器|机架式服务器2路|256g内存|市场询价|智慧医保')
  })
})

describe('参考单价 typed in 元', () => {
  it('becomes integer 分 exactly, from full-width digits and 。; refuses what it would have to guess', () => {
    expect(yuanInputToFen('85000')).toEqual({ ok: true, fen: 8_500_000 })
    expect(yuanInputToFen('０.１')).toEqual({ ok: true, fen: 10 })
    expect(yuanInputToFen('61000。5 元')).toEqual({ ok: true, fen: 6_100_050 })
    expect(yuanInputToFen('1.15')).toEqual({ ok: true, fen: 115 })
    expect(yuanInputToFen('0.29')).toEqual({ ok: true, fen: 29 })
    expect(yuanInputToFen('1.005')).toEqual({ ok: false, message: '参考单价最多到分（两位小数）' })
    expect(yuanInputToFen('85,000')).toMatchObject({ ok: false, message: expect.stringMatching(/逗号/) })
    expect(yuanInputToFen('-5')).toEqual({ ok: false, message: '不能为负数' })
    expect(yuanInputToFen('0')).toEqual({ ok: false, message: '参考单价应大于 0' })
    expect(yuanInputToFen('')).toEqual({ ok: false, message: '请填写参考单价（元）' })
    expect(yuanInputToFen('1e5')).toMatchObject({ ok: false })
    expect(yuanInputToFen('999999999999')).toEqual({ ok: false, message: '参考单价过大' })
    for (const fen of [1, 10, 29, 115, 6_100_050, 8_500_000, 123_405]) expect(yuanInputToFen(fenToYuanInput(fen))).toEqual({ ok: true, fen })
  })

  it('checks each field in Chinese', () => {
    expect(checkRefField('name', ' ')).toBe('名称不能为空')
    expect(checkRefField('date', '2026-02-29')).toBe('日期应为有效的日期，如 2026-03-01')
    expect(checkRefField('date', '2028-02-29')).toBeNull()
    expect(checkRefField('source', '')).toMatch(/来源不能为空/)
    expect(checkRefField('unit', '一二三四五六七八九十一二三四五六七八九十一')).toBe('单位不能超过 20 个字')
  })
})
