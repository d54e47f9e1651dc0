/**
 * Issue 14 item 11: .xlsx files are read by our own scanner (electron/main/packages/xlsx.ts) instead of ExcelJS.
 * Its promises against a crafted workbook: every malformed part is refused as 已损坏 (sheet-corrupt) rather than
 * crashing; no input makes it walk the text more than a bounded number of times (unclosed tags, a missing child
 * looked for in every cell, thousands of empty rows); rows past the row limit and cells past Excel's last column
 * are refused before anything is allocated for them; a merge over the whole grid is clamped.
 */
import { describe, expect, it } from 'vitest'
import { readSheetFile } from '../../electron/main/packages/sheets'
import { readXlsx } from '../../electron/main/packages/xlsx'
import { rawXlsx } from '../kits/xlsx/rawXlsx'

/** CPU budget for reading a few MB of crafted XML: generous for a shared machine, far below a quadratic walk. */
const CPU_BUDGET_MS = 5000

async function cpuOf<T>(f: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; cpu: number }> {
  const c0 = process.cpuUsage()
  const [result] = await Promise.allSettled([f()])
  const c = process.cpuUsage(c0)
  return { result: result as PromiseSettledResult<T>, cpu: (c.user + c.system) / 1000 }
}

function refusedWith(r: PromiseSettledResult<unknown>, code: string): void {
  expect(r.status).toBe('rejected')
  if (r.status === 'rejected') {
    expect(r.reason).toMatchObject({ code })
    expect(String((r.reason as Error).message)).toMatch(/[\u4e00-\u9fff]/)
  }
}

describe('a crafted .xlsx is refused or read in bounded time', () => {
  it('refuses 40,000 unclosed cells at once, without walking the rest of the sheet for each', async () => {
    const data = `<row r="1">${'<c r="A1" t="n"><v>1</v>'.repeat(40_000)}</row>`
    const { result, cpu } = await cpuOf(() => readXlsx(rawXlsx({ sheets: [{ name: 'S', data }] }), 'b.xlsx', 1000))
    refusedWith(result, 'sheet-corrupt')
    expect(cpu).toBeLessThan(CPU_BUDGET_MS)
  })

  it('reads 150,000 cells without formulas in linear time (a child missing from every cell is not searched for in the rest of the file)', async () => {
    const rows: string[] = []
    for (let r = 1; r <= 15_000; r++) rows.push(`<row r="${r}">${Array.from({ length: 10 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r}</v></c>`).join('')}</row>`)
    // One formula at the very end: a search for <f that ran past each cell would walk to it from every cell.
    rows.push('<row r="15001"><c r="A15001"><f>1+1</f><v>2</v></c></row>')
    const { result, cpu } = await cpuOf(() => readXlsx(rawXlsx({ sheets: [{ name: 'S', data: rows.join('') }] }), 'b.xlsx', 200_000))
    expect(result.status).toBe('fulfilled')
    if (result.status === 'fulfilled') expect(result.value[0]?.rows.length).toBe(15_001)
    expect(cpu).toBeLessThan(CPU_BUDGET_MS)
  })

  it('refuses rows past the row limit by their number, before filling the gap', async () => {
    const data = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>2</v></c></row>'
    const { result, cpu } = await cpuOf(() => readSheetFile('b.xlsx', rawXlsx({ sheets: [{ name: '概算', data }] }), 1000))
    refusedWith(result, 'sheet-corrupt')
    if (result.status === 'rejected') expect(String((result.reason as Error).message)).toContain('超过 1000 行')
    expect(cpu).toBeLessThan(CPU_BUDGET_MS)
    const far = await cpuOf(() => readSheetFile('b.xlsx', rawXlsx({ sheets: [{ name: '概算', data: '<row r="99999999999"><c><v>1</v></c></row>' }] }), 1000))
    refusedWith(far.result, 'sheet-corrupt')
  })

  it('refuses 5,000 empty rows over a limit of 1,000 (rows without r count on)', async () => {
    const data = '<row/>'.repeat(5000)
    const { result } = await cpuOf(() => readXlsx(rawXlsx({ sheets: [{ name: 'S', data }] }), 'b.xlsx', 1000))
    refusedWith(result, 'sheet-corrupt')
  })

  it('refuses a cell past column XFD and rows out of order', async () => {
    const wide = await cpuOf(() => readXlsx(rawXlsx({ sheets: [{ name: 'S', data: '<row r="1"><c r="ZZZZ1"><v>1</v></c></row>' }] }), 'b.xlsx', 1000))
    refusedWith(wide.result, 'sheet-corrupt')
    const back = await cpuOf(() => readXlsx(rawXlsx({ sheets: [{ name: 'S', data: '<row r="5"/><row r="2"/>' }] }), 'b.xlsx', 1000))
    refusedWith(back.result, 'sheet-corrupt')
  })

  it('clamps a merge over the whole grid to the rows that may be read', async () => {
    const [sheet] = await readXlsx(
      rawXlsx({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1"><v>1</v></c></row>', tail: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' }] }),
      'b.xlsx',
      1000
    )
    expect(sheet?.merges).toEqual([{ top: 0, left: 0, bottom: 999, right: 16_383 }])
  })

  it('refuses unclosed shared strings, attributes and CDATA as 已损坏, in bounded time', async () => {
    const cases = [
      rawXlsx({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }], sharedStrings: ['<si><t>a'.repeat(50_000)] }),
      rawXlsx({ sheets: [{ name: 'S', data: `<row r="1"><c r="A1" s="${'1'.repeat(10)}><v>1</v></c></row>${'<c r="'.repeat(50_000)}` }] }),
      rawXlsx({ sheets: [{ name: 'S', data: `<row r="1"><c r="A1" t="inlineStr"><is><t>${'<![CDATA[x'.repeat(50_000)}</t></is></c></row>` }] })
    ]
    for (const bytes of cases) {
      const { result, cpu } = await cpuOf(() => readXlsx(bytes, 'b.xlsx', 1000))
      refusedWith(result, 'sheet-corrupt')
      expect(cpu).toBeLessThan(CPU_BUDGET_MS)
    }
  })

  it('refuses a workbook without xl/workbook.xml, and one whose sheets all point nowhere', async () => {
    const { zipSync } = await import('fflate')
    const noWorkbook = zipSync({ 'xl/worksheets/sheet1.xml': new TextEncoder().encode('<worksheet/>') })
    refusedWith((await cpuOf(() => readXlsx(noWorkbook, 'b.xlsx', 1000))).result, 'sheet-corrupt')
    const dangling = rawXlsx({ sheets: [{ name: 'S', data: '' }], parts: { 'xl/_rels/workbook.xml.rels': '<Relationships/>' } })
    refusedWith((await cpuOf(() => readXlsx(dangling, 'b.xlsx', 1000))).result, 'sheet-corrupt')
  })
})
