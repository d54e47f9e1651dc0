import { describe, expect, it } from 'vitest'
import { detectHeader, matchColumnRole } from './header'
import { detectAmountUnit, unitInText } from './unit'

describe('matchColumnRole', () => {
  it.each([
    ['序号', 'seq'],
    ['工程或费用名称', 'name'],
    ['建设内容', 'name'],
    ['规格型号', 'spec'],
    ['主要技术参数', 'spec'],
    ['单位', 'unit'],
    ['计量单位', 'unit'],
    ['数量', 'quantity'],
    ['单价（万元）', 'unitPrice'],
    ['综合单价(元)', 'unitPrice'],
    ['金额（万元）', 'amount'],
    ['合计', 'amount'],
    ['概算投资', 'amount'],
    ['投资（万元）单价', 'unitPrice'],
    ['备注', 'remark']
  ])('%s → %s', (text, role) => {
    expect(matchColumnRole(text)).toBe(role)
  })

  it('ignores text that names no column', () => {
    expect(matchColumnRole('服务器')).toBeNull()
    expect(matchColumnRole('')).toBeNull()
  })
})

describe('unit detection', () => {
  it.each([
    ['单位：万元', '万元'],
    ['单位:元', '元'],
    ['金额（万元）', '万元'],
    ['金额(元)', '元'],
    ['（单位：人民币元）', '元'],
    ['服务器', null]
  ])('%s → %s', (text, unit) => {
    expect(unitInText(text)).toBe(unit)
  })

  it('prefers the amount header over the unit row', () => {
    const rows = [['单位：元'], ['序号', '名称', '金额（万元）']]
    const header = detectHeader(rows)
    expect(header).not.toBeNull()
    if (header) expect(detectAmountUnit(rows, header)).toMatchObject({ unit: '万元', source: 'header' })
  })

  it('falls back to 万元 when nothing names a unit', () => {
    const rows = [['序号', '名称', '金额']]
    const header = detectHeader(rows)
    if (!header) throw new Error('no header')
    expect(detectAmountUnit(rows, header)).toMatchObject({ unit: '万元', source: 'default' })
  })
})
