/**
 * The library (or the tab's filtered view) as a file (issue 13): CSV (UTF-8 with BOM, so Excel reads the Chinese;
 * a cell that would start a formula is kept as text with a leading ') or Excel (.xlsx, every cell a plain value).
 * The columns are the import template's (名称, 规格, 单位, 参考单价（元）, 来源, 日期, 分类, 项目, 备注, 状态), so an
 * exported file imports back as it was (importRows.ts reads every one of them; 参考单价 exactly in 元 with two
 * decimals). What an import cannot carry: whether an entry came from a closed meeting (it comes back as an import
 * with its 来源, e.g. 历史核定), the 送审单价 and quantity of meeting lines, and the edit log.
 */
import type ExcelJSModule from 'exceljs'
import type { Db } from '../db/connection'
import { lazyModule } from '../lazyModule'
import type { LibraryRow } from './priceLibrary'
import { countMatches, libraryChunks, type LibraryPageQuery } from './priceLibraryQuery'

const loadExcelJS = lazyModule<typeof ExcelJSModule>('exceljs', 'Excel 文件生成')

export const TEMPLATE_HEADER = ['名称', '规格', '单位', '参考单价（元）', '来源', '日期', '分类', '项目', '备注', '状态'] as const

/** 分 as 元 with two decimals, from the integer (no float on the way). */
export function fenAsYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

function cells(r: LibraryRow): string[] {
  return [r.name, r.spec, r.unit, fenAsYuan(r.unit_price_fen), r.source, r.ref_date, r.group_name ?? '', r.project, r.note, r.retired ? '已停用' : '有效']
}

export function csvCell(v: string): string {
  // A leading = + - @ would run as a formula in Excel: quote it as text.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const csvLine = (values: readonly string[]) => values.map(csvCell).join(',')

/** An empty list with the template's header and one example row, to fill and import. */
export function templateCsv(): string {
  return '\uFEFF' + [csvLine(TEMPLATE_HEADER), csvLine(['应用服务器', '2路32核 256G内存', '台', '85000.00', '政府采购协议价', '2026-06-01', '', '', '', '有效'])].join('\r\n') + '\r\n'
}

/** The whole library (every status) or a filtered view as CSV text, in the tab's order. */
export function exportLibraryCsv(db: Db, q: LibraryPageQuery = { status: 'all' }): string {
  const lines = [csvLine(TEMPLATE_HEADER)]
  for (const chunk of libraryChunks(db, q)) for (const r of chunk) lines.push(csvLine(cells(r)))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

export interface ExportProgress {
  progress(done: number, total: number, message: string): void
  throwIfCancelled(): void
}

export interface ExportedFile {
  fileName: string
  bytes: Uint8Array
  rows: number
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A filtered view as a file, a chunk at a time (the API stays responsive; progress and cancel between chunks). */
export async function exportLibraryFile(db: Db, q: LibraryPageQuery, format: 'csv' | 'xlsx', job: ExportProgress, now = new Date()): Promise<ExportedFile> {
  const total = countMatches(db, q)
  const stem = `参考价格库-${now.toISOString().slice(0, 10)}`
  let done = 0
  const step = (n: number) => {
    done += n
    job.progress(done, total, `已写出 ${done} / ${total} 条`)
  }
  if (format === 'csv') {
    const lines = [csvLine(TEMPLATE_HEADER)]
    for (const chunk of libraryChunks(db, q)) {
      job.throwIfCancelled()
      for (const r of chunk) lines.push(csvLine(cells(r)))
      step(chunk.length)
      await tick()
    }
    return { fileName: `${stem}.csv`, bytes: new Uint8Array(Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8')), rows: done }
  }
  const wb = new (loadExcelJS().Workbook)()
  const ws = wb.addWorksheet('参考价格库')
  ws.addRow([...TEMPLATE_HEADER])
  ws.getRow(1).font = { bold: true }
  ws.columns.forEach((c, i) => (c.width = [28, 30, 8, 16, 16, 12, 20, 28, 30, 8][i] ?? 12))
  for (const chunk of libraryChunks(db, q)) {
    job.throwIfCancelled()
    // Text cells stay text (nothing in a list can become a formula); 参考单价 a number of 元 (exact to the 分 read back).
    for (const r of chunk) {
      const c: (string | number)[] = cells(r)
      c[3] = r.unit_price_fen / 100
      ws.addRow(c)
    }
    step(chunk.length)
    await tick()
  }
  job.progress(done, total, '正在生成 Excel 文件')
  const buf = await wb.xlsx.writeBuffer()
  return { fileName: `${stem}.xlsx`, bytes: new Uint8Array(buf as ArrayBuffer), rows: done }
}
