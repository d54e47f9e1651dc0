import { describe, expect, it } from 'vitest'
import { ariaSort, budgetNote, cellClass, formatQuantity, sortMark, windowPadding } from './budgetGridLogic'

describe('the 概算 grid decisions', () => {
  it('marks number cells and keeps the 金额 class on the amount column', () => {
    expect(cellClass('amount', true)).toBe('num pd-col-amount')
    expect(cellClass('quantity', true)).toBe('num')
    expect(cellClass('name', undefined)).toBeUndefined()
    expect(cellClass('amount', false)).toBe('pd-col-amount')
  })
  it('shows the sort direction to screen readers and on screen', () => {
    expect([ariaSort('asc'), ariaSort('desc'), ariaSort(false)]).toEqual(['ascending', 'descending', undefined])
    expect([sortMark('asc'), sortMark('desc'), sortMark(false)]).toEqual([' ↑', ' ↓', ''])
  })
  it('formats quantities with up to four decimals and leaves none empty', () => {
    expect(formatQuantity(null)).toBe('')
    expect(formatQuantity(2)).toBe('2')
    expect(formatQuantity(1.234567)).toBe('1.2346')
    expect(formatQuantity(12345)).toBe('12,345')
  })
  it('names the unit, the line count and, for a workbook only, the sheet', () => {
    expect(budgetNote({ sourceUnit: '元', path: 'a/概算.XLSX', sheetName: '概算表', lineCount: 3 }, '读取工作表')).toBe('原表单位为元，已换算为万元 · 共 3 行 · 读取工作表：概算表')
    expect(budgetNote({ sourceUnit: '万元', path: 'a/概算.xls', sheetName: '', lineCount: 0 }, '读取工作表')).toBe('单位：万元 · 共 0 行')
    expect(budgetNote({ sourceUnit: '万元', path: 'a/概算.csv', sheetName: 'csv', lineCount: 5 }, '预览工作表')).toBe('单位：万元 · 共 5 行')
  })
  it('pads above and below the rendered rows', () => {
    expect(windowPadding([], 0)).toEqual({ top: 0, bottom: 0 })
    expect(windowPadding([{ start: 68, end: 102 }, { start: 102, end: 136 }], 340)).toEqual({ top: 68, bottom: 204 })
  })
})
