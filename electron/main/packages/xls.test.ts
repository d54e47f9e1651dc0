import * as XLSX from '@e965/xlsx'
import { describe, expect, it } from 'vitest'
import type { CellValue } from '../../../shared/domain/budget/types'
import { writeXlsx } from '../../../scripts/fixtures/xlsxWriter'
import { writeXls } from '../../../tests/kits/packages/office'
import { readPackage } from './readPackage'
import { readSheetFile } from './sheets'

const HEAD = ['序号', '工程或费用名称', '单位', '数量', '单价（万元）', '金额（万元）', '备注']
/** A Fujian-style 概算: title merged over the table, summary first, detail second, notes last. */
const SUMMARY: (string | number | null)[][] = [
  ['沙县区智慧城管平台项目投资概算汇总表', null, null, null],
  ['序号', '工程或费用名称', '金额（万元）', '备注'],
  ['一', '工程费用', 150, null],
  ['二', '工程建设其他费用', 24, null],
  ['三', '预备费', 6, null],
  ['合计', null, 180, null]
]
const DETAIL: (string | number | null)[][] = [
  ['沙县区智慧城管平台项目投资概算明细表', null, null, null, null, null, null],
  HEAD,
  ['一', '工程费用', null, null, null, 150, null],
  [1, '城管业务应用软件开发', '人月', 50, 2, 100, '定制开发'],
  [2, '视频智能分析服务器', '台', 2, 15, 30, '硬件设备购置'],
  [3, '政务云资源租赁', '年', 2, 10, 20, null],
  ['二', '工程建设其他费用', null, null, null, 24, null],
  [1, '工程监理费', '项', 1, 6, 6, null],
  [2, '等保测评费', '项', 1, 6, 6, null],
  [3, '密码应用安全性评估费', '项', 1, 6, 6, null],
  [4, '第三方软件测试费', '项', 1, 6, 6, null],
  ['三', '预备费', '项', 1, 6, 6, null],
  ['合计', null, null, null, null, 180, null]
]
const NOTES: (string | number | null)[][] = [['编制说明'], ['1. 本概算依据三明市政务信息化项目建设管理办法编制。']]
const BOOK = [
  { name: '概算汇总表', rows: SUMMARY, merges: ['A1:D1'] },
  { name: '概算明细表', rows: DETAIL, merges: ['A1:G1'] },
  { name: '编制说明', rows: NOTES }
]

const MANIFEST = (budget: string) =>
  new TextEncoder().encode(
    JSON.stringify({
      format: 'paneldesk.package/1',
      project: { name: '沙县区智慧城管平台项目', ownerUnit: '沙县区城市管理局', declaredInvestment: 180 },
      documents: [],
      budget
    })
  )

describe('.xls budgets (Excel 97-2003)', () => {
  it('reads the same cells and merges as the .xlsx of the same workbook', async () => {
    const xls = await readSheetFile('概算.xls', writeXls(BOOK), 1000)
    const xlsx = await readSheetFile('概算.xlsx', await writeXlsx(BOOK), 1000)
    expect(xls.format).toBe('xls')
    expect(xls.sheets.map((s) => s.name)).toEqual(['概算汇总表', '概算明细表', '编制说明'])
    const trim = (rows: readonly (readonly CellValue[])[]) => rows.map((r) => { const c = [...r]; while (c.length && c[c.length - 1] === null) c.pop(); return c })
    for (let i = 0; i < 3; i++) {
      expect(trim(xls.sheets[i]?.rows ?? [])).toEqual(trim(xlsx.sheets[i]?.rows ?? []))
      expect(xls.sheets[i]?.merges ?? []).toEqual(xlsx.sheets[i]?.merges ?? [])
    }
  })

  it('gives the same budget lines, sheet choice and reconciliation as the .xlsx path', async () => {
    const read = async (name: string, bytes: Uint8Array) =>
      readPackage({ kind: 'files', label: 'p', files: new Map([['manifest.json', MANIFEST(name)], [name, bytes]]) })
    const fromXls = await read('概算.xls', writeXls(BOOK))
    const fromXlsx = await read('概算.xlsx', await writeXlsx(BOOK))
    expect(fromXls.budget.format).toBe('xls')
    expect(fromXls.budget.parsed.lines.length).toBeGreaterThan(10)
    expect(fromXls.budget.parsed.lines).toEqual(fromXlsx.budget.parsed.lines)
    expect(fromXls.budget.parsed.computedTotal).toBe(fromXlsx.budget.parsed.computedTotal)
    expect(fromXls.budget.sheets).toEqual(fromXlsx.budget.sheets)
    expect(fromXls.budget.sheets.find((s) => s.name === '概算明细表')?.role).toBe('detail')
    expect(fromXls.budget.reconciliation).toEqual(fromXlsx.budget.reconciliation)
    expect(fromXls.findings.map((f) => f.code)).toEqual(fromXlsx.findings.map((f) => f.code))
  })

  it('reads an .xls data list the same way', async () => {
    const rows: CellValue[][] = [['序号', '数据资源名称', '提供单位', '共享类型'], [1, '人口基础信息', '市公安局', '有条件共享']]
    const xls = await readSheetFile('数据目录.xls', writeXls([{ name: '数据目录', rows }]), 1000)
    expect(xls.sheets[0]?.rows).toEqual(rows)
  })

  it('reads a date cell as its ISO date, as the .xlsx reader does', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['编制日期'], [46000]])
    const cell = ws['A2'] as XLSX.CellObject
    cell.z = 'yyyy-mm-dd'
    const book = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(book, ws, 'S')
    const bytes = new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer)
    expect((await readSheetFile('d.xls', bytes, 100)).sheets[0]?.rows[1]).toEqual(['2025-12-09'])
  })

  it('refuses a sheet over the row limit', async () => {
    const rows: CellValue[][] = Array.from({ length: 50 }, (_, i) => [i + 1, '行'])
    await expect(readSheetFile('大.xls', writeXls([{ name: 'S', rows }]), 20)).rejects.toMatchObject({ code: 'sheet-corrupt', message: expect.stringContaining('超过 20 行') })
  })
})
