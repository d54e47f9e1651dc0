/**
 * Excel 97-2003 (.xls, BIFF8 in an OLE2 container) read with @e965/xlsx (a republication of the current SheetJS
 * release; the `xlsx` 0.18.5 on npm is stale and has advisories). Only .xls goes this way; .xlsx is read by `xlsx.ts`.
 * The bytes must start with the OLE2 signature before SheetJS sees them, so it never guesses another format (HTML,
 * CSV, SYLK… saved as .xls are refused by `assertFileType` first). Formulas are not parsed or evaluated: the value
 * Excel cached is read, as for .xlsx. The result is the same row model as `readXlsx`, so everything downstream is
 * shared.
 */
import type * as XLSX from '@e965/xlsx'
import type { CellMerge, CellValue } from '../../../shared/domain/budget/types'
import { PackageError } from './errors'
import { MAX_WORKBOOK_SHEETS, OFFICE_FILE_LIMITS } from './limits'
import { assertSaneOle2 } from './ole2'
import { tooManySheets, type WorkbookSheet } from './xlsx'
import { lazyModule } from '../lazyModule'

/** SheetJS is loaded with the first .xls (lazyModule.ts). */
const loadXlsx = lazyModule<typeof XLSX>('@e965/xlsx', 'Excel 97-2003 文件读取')

/** Columns read per row (Excel 97-2003 itself stops at 256). */
const MAX_COLUMNS = 256

function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell) return null
  switch (cell.t) {
    case 'n':
      return typeof cell.v === 'number' && Number.isFinite(cell.v) ? cell.v : null
    case 's':
      return typeof cell.v === 'string' ? cell.v : null
    case 'b':
      return typeof cell.v === 'boolean' ? cell.v : null
    case 'd':
      return cell.v instanceof Date && !Number.isNaN(cell.v.getTime()) ? cell.v.toISOString().slice(0, 10) : null
    default:
      return null // 'e' (error) and 'z' (blank)
  }
}

function readSheet(name: string, sheet: XLSX.WorkSheet, path: string, maxRows: number): WorkbookSheet {
  const { utils } = loadXlsx()
  const full = sheet['!fullref'] ?? sheet['!ref']
  if (full && utils.decode_range(full).e.r + 1 > maxRows) {
    throw new PackageError('sheet-corrupt', `文件“${path}”的工作表“${name}”超过 ${maxRows} 行，超出读取上限。`, path)
  }
  const merges: CellMerge[] = (sheet['!merges'] ?? []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }))
  const slaves = new Set<string>()
  for (const m of merges) {
    for (let r = m.top; r <= Math.min(m.bottom, maxRows - 1); r++) {
      for (let c = m.left; c <= Math.min(m.right, MAX_COLUMNS - 1); c++) if (r !== m.top || c !== m.left) slaves.add(`${r}:${c}`)
    }
  }
  const rows: CellValue[][] = []
  if (sheet['!ref']) {
    const range = utils.decode_range(sheet['!ref'])
    const lastCol = Math.min(range.e.c, MAX_COLUMNS - 1)
    for (let r = 0; r <= Math.min(range.e.r, maxRows - 1); r++) {
      const values: CellValue[] = []
      for (let c = 0; c <= lastCol; c++) {
        values.push(slaves.has(`${r}:${c}`) ? null : cellValue(sheet[utils.encode_cell({ r, c })] as XLSX.CellObject | undefined))
      }
      while (values.length > 0 && values[values.length - 1] === null) values.pop()
      rows.push(values)
    }
    while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop()
  }
  return { name, rows, merges, uncachedFormulas: [] }
}

/** Reads every worksheet of an .xls into the row model of `readXlsx` (slave cells of merges null, merges listed). */
export function readXls(bytes: Uint8Array, path: string, maxRows: number): WorkbookSheet[] {
  const corrupt = (cause?: unknown) =>
    new PackageError('sheet-corrupt', `文件“${path}”不是有效的 Excel 97-2003（.xls）文件，或已损坏。`, path, { cause })
  if (bytes.byteLength > OFFICE_FILE_LIMITS.maxEntryBytes) {
    throw new PackageError('archive-too-large', `文件“${path}”超过 ${OFFICE_FILE_LIMITS.maxEntryBytes / 1024 / 1024} MB，超出读取上限。`, path)
  }
  assertSaneOle2(bytes, corrupt)
  const xlsx = loadXlsx()
  let workbook: XLSX.WorkBook
  try {
    workbook = xlsx.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      type: 'buffer',
      cellFormula: false,
      cellHTML: false,
      cellNF: false,
      cellStyles: false,
      cellText: false,
      cellDates: true,
      bookVBA: false,
      bookFiles: false,
      sheetRows: maxRows + 1,
      WTF: false
    })
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : ''
    if (/password|encrypt/i.test(message)) {
      throw new PackageError('file-encrypted', `文件“${path}”设有密码或已加密，请取消密码后重新提交。`, path, { cause })
    }
    throw corrupt(cause)
  }
  if (workbook.bookType !== undefined && workbook.bookType !== 'xls') throw corrupt()
  if (workbook.SheetNames.length > MAX_WORKBOOK_SHEETS) throw tooManySheets(path)
  const names = workbook.SheetNames
  const sheets = names.flatMap((name, i) => {
    const sheet = workbook.Sheets[name]
    // SheetJS: Hidden 1 = hidden, 2 = very hidden.
    const hidden = (workbook.Workbook?.Sheets?.[i]?.Hidden ?? 0) > 0
    return sheet ? [{ ...readSheet(name, sheet, path, maxRows), ...(hidden ? { hidden: true } : {}) }] : []
  })
  if (sheets.length === 0) throw new PackageError('sheet-corrupt', `文件“${path}”中没有任何工作表，不是有效的 Excel（.xls）文件。`, path)
  return sheets
}
