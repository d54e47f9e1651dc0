import { describe, expect, it } from 'vitest'
import { writeXlsx } from '../../../scripts/fixtures/xlsxWriter'
import { readSheetFile } from './sheets'
import { readXlsx } from './xlsx'

describe('readXlsx', () => {
  it('reads cached formula results and merges as null slave cells', async () => {
    const bytes = await writeXlsx([
      {
        name: '概算',
        rows: [
          ['标题', null, null],
          ['数量', '单价', '金额'],
          [2, 30, { formula: 'A3*B3', result: 60 }],
          [{ formula: 'TODAY()', result: 1 }, null, null]
        ],
        merges: ['A1:C1']
      }
    ])
    const [sheet] = await readXlsx(bytes, 'b.xlsx', 1000)
    expect(sheet?.name).toBe('概算')
    expect(sheet?.rows[0]).toEqual(['标题', null, null])
    expect(sheet?.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 2 }])
    expect(sheet?.rows[2]).toEqual([2, 30, 60])
    expect(sheet?.uncachedFormulas).toEqual([])
  })

  it('lists formula cells without cached values, and readSheetFile refuses them', async () => {
    const bytes = await writeXlsx([{ name: 'S', rows: [['数量', '金额'], [2, { formula: 'A2*3' }]] }])
    const [sheet] = await readXlsx(bytes, 'b.xlsx', 1000)
    expect(sheet?.uncachedFormulas).toEqual(['B2'])
    await expect(readSheetFile('b.xlsx', bytes, 1000)).rejects.toMatchObject({ code: 'sheet-formulas-without-values' })
  })

  it('rejects a zip that is not a workbook, and unsupported extensions', async () => {
    const { zipFiles } = await import('./buildPackage')
    const notWorkbook = new Uint8Array(zipFiles(new Map([['hello.txt', new TextEncoder().encode('hi')]])))
    await expect(readSheetFile('b.xlsx', notWorkbook, 1000)).rejects.toMatchObject({ code: 'sheet-corrupt' })
    // .xls is read now (xls.test.ts), but a ZIP named .xls is not handed to the .xls reader
    await expect(readSheetFile('b.xls', notWorkbook, 1000)).rejects.toMatchObject({ code: 'file-type-mismatch' })
    await expect(readSheetFile('b.ods', notWorkbook, 1000)).rejects.toMatchObject({ code: 'file-unsupported-type' })
  })
})
