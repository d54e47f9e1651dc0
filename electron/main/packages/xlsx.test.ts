import { describe, expect, it } from 'vitest'
import { writeXlsx } from '../../../scripts/fixtures/xlsxWriter'
import { rawXlsx } from '../../../tests/kits/xlsx/rawXlsx'
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

  it('reads every kind of cell the way Excel shows it (as ExcelJS did)', async () => {
    const styles =
      '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>'
    const bytes = rawXlsx({
      sharedStrings: ['<si><t>甲 &amp; 乙</t></si>', '<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si>'],
      styles,
      sheets: [
        {
          name: '概算 <1>',
          data:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
            '<row r="3"><c r="A3" s="1"><v>45292</v></c><c r="B3" s="2"><v>45292</v></c><c r="C3" s="3"><v>1234.5</v></c></row>' +
            '<row><c t="b"><v>1</v></c><c t="e"><v>#DIV/0!</v></c><c t="str"><f>A1&amp;"x"</f><v>甲x</v></c><c t="inlineStr"><is><t>行&#x5185;</t></is></c><c><f t="shared" si="0"/></c></row>'
        },
        { name: '第二页', data: '<row r="2"><c r="B2"><v>7</v></c></row>' }
      ]
    })
    const sheets = await readXlsx(bytes, 'b.xlsx', 1000)
    expect(sheets.map((s) => s.name)).toEqual(['概算 <1>', '第二页'])
    const rows = sheets[0]?.rows
    expect(rows?.[0]).toEqual(['甲 & 乙', null, '富文本 '])
    expect(rows?.[1]).toEqual([])
    expect(rows?.[2]).toEqual(['2024-01-01', '2024-01-01', 1234.5])
    expect(rows?.[3]).toEqual([true, null, '甲x', '行内', null])
    expect(sheets[0]?.uncachedFormulas).toEqual(['E4'])
    expect(sheets[1]?.rows).toEqual([[], [null, 7]])
  })

  it('counts dates from 1904 when the workbook says so', async () => {
    const styles = '<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    const [sheet] = await readXlsx(rawXlsx({ date1904: true, styles, sheets: [{ name: 'S', data: '<row r="1"><c r="A1" s="1"><v>0</v></c></row>' }] }), 'b.xlsx', 10)
    expect(sheet?.rows[0]).toEqual(['1904-01-01'])
  })

  it('accepts lower-case cell references', async () => {
    const [sheet] = await readXlsx(rawXlsx({ sheets: [{ name: 'S', data: '<row r="1"><c r="b1"><v>3</v></c></row>' }] }), 'b.xlsx', 10)
    expect(sheet?.rows[0]).toEqual([null, 3])
  })
})
