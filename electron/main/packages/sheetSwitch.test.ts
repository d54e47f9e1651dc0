/**
 * Issue 14 item 1 through the package reader (what `package inspect --sheet` and the import call): a workbook with
 * 编制说明, 概算汇总表 and 概算明细表 is read from the detail sheet with every sheet's role recorded; the expert's
 * switch reads the named sheet instead, and an unknown sheet name is refused in Chinese.
 */
import { describe, expect, it } from 'vitest'
import { workbookPackage } from '../../../tests/kits/findings/workbookPackage'
import { readPackage } from './readPackage'

describe('which budget sheet is read', () => {
  it('reads the detail by default, records every sheet’s role, and reads the named sheet when the expert switches', async () => {
    const bytes = await workbookPackage()
    const auto = await readPackage(bytes)
    expect(auto.budget.parsed.sheetName).toBe('概算明细表')
    expect(auto.budget.sheets.map((s) => [s.name, s.role, s.read])).toEqual([
      ['编制说明', 'notes', false],
      ['概算汇总表', 'summary', false],
      ['概算明细表', 'detail', true]
    ])
    expect(auto.budget.reconciliation).not.toBeNull()
    const detailLines = auto.budget.parsed.lines.length

    const switched = await readPackage(bytes, { budgetSheets: ['概算汇总表'] })
    expect(switched.budget.parsed.sheetName).toBe('概算汇总表')
    expect(switched.budget.sheets.find((s) => s.name === '概算汇总表')?.read).toBe(true)
    expect(switched.budget.parsed.lines.length).toBeLessThan(detailLines)
  })

  it('refuses a sheet name the workbook does not have, naming it', async () => {
    await expect(readPackage(await workbookPackage(), { budgetSheets: ['不存在的表'] })).rejects.toThrow(/不存在的表/)
  })
})
