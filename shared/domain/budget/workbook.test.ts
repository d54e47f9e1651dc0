import { describe, expect, it } from 'vitest'
import { runComplianceRules } from '../compliance/engine'
import { contentFromRows } from '../compliance/testing'
import type { PackageContent } from '../compliance/types'
import { checkDetailArithmetic, reconcileSummary } from './reconcile'
import type { CellValue, SheetData } from './types'
import { chooseBudgetSheets, combineDetailSheets, sheetRoleByName } from './workbook'

const HEAD = ['序号', '工程或费用名称', '单位', '数量', '单价', '金额（万元）']
const SUMMARY: CellValue[][] = [
  ['概算汇总表'],
  ['序号', '工程或费用名称', '金额（万元）', '备注'],
  ['一', '工程费用', 120, null],
  ['二', '工程建设其他费用', 24, null],
  ['三', '预备费', 6, null],
  ['合计', null, 150, null]
]
const DETAIL: CellValue[][] = [
  ['概算明细表'],
  HEAD,
  ['一', '工程费用', null, null, null, 120],
  [1, '应用软件开发', '人月', 50, 2, 100],
  [2, '政务云资源租赁', '年', 2, 10, 20],
  ['二', '工程建设其他费用', null, null, null, 24],
  [1, '工程监理费', '项', 1, 6, 6],
  [2, '等保测评费', '项', 1, 6, 6],
  [3, '密码应用安全性评估费', '项', 1, 6, 6],
  [4, '第三方测试费', '项', 1, 6, 6],
  ['三', '预备费', '项', 1, 6, 6],
  ['合计', null, null, null, null, 150]
]
const NOTES: CellValue[][] = [['编制说明'], ['1. 本概算依据……'], ['序号', '名称', '金额'], [1, '说明', 3]]

const sheets = (...s: [string, CellValue[][]][]): SheetData[] => s.map(([name, rows]) => ({ name, rows }))

describe('budget workbooks: summary + detail', () => {
  it('knows sheets by their names', () => {
    expect(sheetRoleByName('概算汇总表')).toBe('summary')
    expect(sheetRoleByName('表2 投资概算明细表')).toBe('detail')
    expect(sheetRoleByName('编制说明')).toBe('notes')
    expect(sheetRoleByName('Sheet1')).toBeNull()
  })

  it('reads the detail sheet, not the summary first in the workbook, ignores notes, and records it', () => {
    const book = sheets(['编制说明', NOTES], ['概算汇总表', SUMMARY], ['概算明细表', DETAIL])
    const choice = chooseBudgetSheets(book)
    expect(choice.details.map((d) => d.sheet.name)).toEqual(['概算明细表'])
    expect(choice.summary?.sheet.name).toBe('概算汇总表')
    expect(choice.sheets.map((s) => [s.name, s.role, s.read])).toEqual([
      ['编制说明', 'notes', false],
      ['概算汇总表', 'summary', false],
      ['概算明细表', 'detail', true]
    ])
    const combined = combineDetailSheets(choice.details, book)
    expect(combined?.lines.filter((l) => l.name.includes('监理'))).toHaveLength(1)
    expect(reconcileSummary(choice.summary!.budget, '概算汇总表', combined!).mismatches).toEqual([])
  })

  it('without telling names takes the sheet with the lines as detail and the short one with the same total as summary', () => {
    const choice = chooseBudgetSheets(sheets(['Sheet1', SUMMARY], ['Sheet2', DETAIL]))
    expect(choice.details.map((d) => d.sheet.name)).toEqual(['Sheet2'])
    expect(choice.summary?.sheet.name).toBe('Sheet1')
  })

  it('a summary that disagrees with the detail is a finding naming both amounts', () => {
    const summary = SUMMARY.map((r) => [...r])
    summary[3] = ['二', '工程建设其他费用', 30, null]
    summary[5] = ['合计', null, 156, null]
    const book = sheets(['概算汇总表', summary], ['概算明细表', DETAIL])
    const choice = chooseBudgetSheets(book)
    const combined = combineDetailSheets(choice.details, book)!
    const base = contentFromRows(DETAIL, { declaredInvestment: 150 })
    const content: PackageContent = {
      ...base,
      budget: { ...base.budget!, workbook: { sheets: choice.sheets, reconciliation: reconcileSummary(choice.summary!.budget, '概算汇总表', combined) } }
    }
    const found = runComplianceRules(content).filter((f) => f.code === 'budget.summary-detail-mismatch')
    expect(found.map((f) => f.message)).toEqual([
      '汇总表“概算汇总表”第6行“合计”为156.00万元，明细表“概算明细表”中为150.00万元，汇总表多6.00万元。请核对汇总表与明细表。',
      '汇总表“概算汇总表”第4行“工程建设其他费用”为30.00万元，明细表“概算明细表”中为24.00万元，汇总表多6.00万元。请核对汇总表与明细表。'
    ])
  })

  it('several detail sheets are read together, ids kept unique, each checked on its own', () => {
    const hw: CellValue[][] = [HEAD, [1, '应用软件开发', '人月', 50, 2, 100], [2, '政务云资源租赁', '年', 2, 10, 21], ['合计', null, null, null, null, 120]]
    const other: CellValue[][] = [HEAD, [1, '工程监理费', '项', 1, 6, 6], [2, '等保测评费', '项', 1, 6, 6], ['合计', null, null, null, null, 12]]
    const book = sheets(['汇总表', [['序号', '名称', '金额'], [1, '工程费用', 120], [2, '其他费用', 12], ['合计', null, 132]]], ['工程费用明细', hw], ['其他费用明细', other])
    const choice = chooseBudgetSheets(book)
    expect(choice.details.map((d) => d.sheet.name)).toEqual(['工程费用明细', '其他费用明细'])
    const combined = combineDetailSheets(choice.details, book)!
    expect(combined.sheetName).toBe('工程费用明细、其他费用明细')
    expect(new Set(combined.lines.map((l) => l.id)).size).toBe(combined.lines.length)
    expect(combined.lines.find((l) => l.name === '工程监理费')?.id).toBe('s3r2')
    expect(combined.computedTotal).toBe(133)
    const checks = checkDetailArithmetic(choice.details, combined, 132, book.map((s) => s.name))
    expect(checks.map((c) => [c.kind, c.lineId])).toEqual([
      ['line-product', 'r3'],
      ['total-sum', 'r4']
    ])
  })

  it('the expert can switch the sheet that is read', () => {
    const book = sheets(['概算汇总表', SUMMARY], ['概算明细表', DETAIL])
    expect(chooseBudgetSheets(book, {}, ['概算汇总表']).details.map((d) => d.sheet.name)).toEqual(['概算汇总表'])
  })

  it('says why each sheet is read or not, and marks a hidden sheet without choosing differently', () => {
    const why = (book: SheetData[], forced: string[] = []) => chooseBudgetSheets(book, {}, forced).sheets.map((s) => [s.name, s.read, s.reason])
    const hiddenDetail: SheetData = { name: '概算明细表', rows: DETAIL, hidden: true }
    expect(why([...sheets(['编制说明', NOTES], ['概算汇总表', SUMMARY]), hiddenDetail, ...sheets(['附件', [['无关内容']]])])).toEqual([
      ['编制说明', false, '表名标明为说明（说明、封面、目录等），不读取'],
      ['概算汇总表', false, '表名标明为汇总，用于与明细核对，不作为评审依据'],
      ['概算明细表', true, '表名标明为明细（明细、清单、分项等），作为评审依据读取（隐藏的工作表）'],
      ['附件', false, '没有可识别的概算表头或明细行，不读取']
    ])
    expect(why(sheets(['概算汇总表', SUMMARY], ['软件', DETAIL]))[1]).toEqual(['软件', true, '工作簿另有汇总表，其余概算表作为明细读取'])
    expect(why(sheets(['Sheet1', SUMMARY], ['Sheet2', DETAIL]))).toEqual([
      ['Sheet1', false, '合计与明细相同而行数较少，视为汇总表，用于与明细核对'],
      ['Sheet2', true, '表名未标明用途，取明细行最多的概算表作为评审依据']
    ])
    expect(why(sheets(['概算汇总表', SUMMARY], ['概算明细表', DETAIL]), ['概算汇总表'])).toEqual([
      ['概算汇总表', true, '秘书处指定为评审依据'],
      ['概算明细表', false, '秘书处另行指定了评审依据，此表不读取，可预览对照']
    ])
    expect(chooseBudgetSheets([hiddenDetail]).sheets[0]?.hidden).toBe(true)
  })
})
