/**
 * .xlsx budgets and lists, read straight from the worksheet XML (issue 14 item 11: ExcelJS took 2.6–5.5 s for a
 * 50,000-line budget, most of it building a cell object model and styles we never use). The bounded zip reader
 * opens the file (OFFICE_FILE_LIMITS), `xlsxParts.ts` reads the workbook-level parts, and this file walks each
 * worksheet's `<row>` and `<c>` elements once. What a cell gives is what ExcelJS gave: formulas their cached
 * result, rich text its text, dates (numbers in a date format) as YYYY-MM-DD, errors null; formula cells without a
 * cached result are listed.
 */
import type { CellMerge, CellValue, SheetData } from '../../../shared/domain/budget/types'
import { PackageError } from './errors'
import { MAX_WORKBOOK_SHEETS } from './limits'
import { boundedOfficeParts } from './officeZip'
import { dateStyles, forEachElement, inner, nextElement, sharedStrings, stringItemText, workbookSheets, xmlElements, xmlText, type XmlElement } from './xlsxParts'

export interface WorkbookSheet extends SheetData {
  /** Formula cells that have no cached result (a file saved by a tool that never calculated it). */
  uncachedFormulas: string[]
}

/** Excel's own grid: 16,384 columns (XFD), 1,048,576 rows. */
const MAX_COLUMNS = 16_384

interface WorkbookContext {
  strings: string[]
  dates: boolean[]
  date1904: boolean
}

function columnIndex(ref: string): number {
  let col = 0
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i) & ~32 // a–z as A–Z
    if (ch < 65 || ch > 90) break
    col = col * 26 + (ch - 64)
    if (col > MAX_COLUMNS) return -1
  }
  return col - 1
}

function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** A cell reference "B12" or a range "A1:C3" end as 0-based row and column; null when it is not one. */
function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/.exec(ref)
  if (!m) return null
  const col = columnIndex(m[1] ?? '')
  const row = Number(m[2]) - 1
  return col < 0 || row < 0 ? null : { row, col }
}

function excelDate(serial: number, date1904: boolean): CellValue {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10)
}

interface CellAttributes {
  r: string | undefined
  s: number
  t: string
}

function cellAttributes(attrs: string): CellAttributes {
  const out: CellAttributes = { r: undefined, s: 0, t: 'n' }
  const re = /(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    const value = m[2] ?? m[3] ?? ''
    if (m[1] === 'r') out.r = value
    else if (m[1] === 's') out.s = Number(value) || 0
    else if (m[1] === 't') out.t = value
  }
  return out
}

/** A cell's value; `uncached` for a formula without a cached result. The cell's content is xml[start, end). */
function cellValue(xml: string, start: number, end: number, a: CellAttributes, book: WorkbookContext): { value: CellValue; uncached: boolean } {
  const formula = nextElement(xml, 'f', start, end) !== null
  if (a.t === 'inlineStr') {
    const is = nextElement(xml, 'is', start, end)
    return { value: is === null ? null : stringItemText(inner(xml, is)), uncached: formula && is === null }
  }
  const raw = nextElement(xml, 'v', start, end)
  if (raw === null) return { value: null, uncached: formula }
  const v = xmlText(inner(xml, raw))
  switch (a.t) {
    case 's':
      return { value: book.strings[Number(v)] ?? null, uncached: false }
    case 'str':
      return { value: v, uncached: false }
    case 'b':
      return { value: v === '1' || v === 'true', uncached: false }
    case 'e':
      return { value: null, uncached: false }
    case 'd': {
      const date = new Date(v)
      return { value: Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10), uncached: false }
    }
    default: {
      if (v.trim() === '') return { value: null, uncached: formula }
      const n = Number(v)
      if (!Number.isFinite(n)) return { value: null, uncached: false }
      return { value: book.dates[a.s] ? excelDate(n, book.date1904) : n, uncached: false }
    }
  }
}

/** A workbook with more worksheets than MAX_WORKBOOK_SHEETS (.xlsx and .xls alike). */
export function tooManySheets(path: string): PackageError {
  return new PackageError('sheet-corrupt', `文件“${path}”有超过 ${MAX_WORKBOOK_SHEETS} 个工作表，超出读取上限。`, path)
}

function tooManyRows(path: string, sheet: string, maxRows: number): PackageError {
  return new PackageError('sheet-corrupt', `文件“${path}”的工作表“${sheet}”超过 ${maxRows} 行，超出读取上限。`, path)
}

function readMerges(xml: string, from: number, maxRows: number): CellMerge[] {
  const merges: CellMerge[] = []
  for (const m of xmlElements(xml, 'mergeCell', from)) {
    const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(m.attrs)?.[1] ?? ''
    const [a, b] = ref.split(':').map(parseRef)
    if (!a || !b) continue
    const top = Math.min(a.row, b.row)
    const left = Math.min(a.col, b.col)
    if (top >= maxRows) continue
    merges.push({ top, left, bottom: Math.min(Math.max(a.row, b.row), maxRows - 1), right: Math.max(a.col, b.col) })
  }
  return merges
}

/** One worksheet: rows of cells in order; a row or cell without its `r` follows the one before it. */
function readWorksheet(xml: string, name: string, path: string, maxRows: number, book: WorkbookContext): WorkbookSheet {
  const rows: CellValue[][] = []
  const uncachedFormulas: string[] = []
  const dataStart = xml.indexOf('<sheetData')
  const dataEnd = dataStart < 0 ? -1 : xml.indexOf('</sheetData>', dataStart)
  let rowIndex = -1
  if (dataStart >= 0 && dataEnd >= 0) {
    forEachElement(xml, 'row', dataStart, dataEnd, (row) => {
      const r = /(?<![\w:.-])r\s*=\s*["']([0-9]+)["']/.exec(row.attrs)?.[1]
      rowIndex = r === undefined ? rowIndex + 1 : Number(r) - 1
      // Excel writes rows in order, once each; anything else is not a file Excel would open.
      if (rowIndex < rows.length) throw new Error(`row ${rowIndex + 1} out of order`)
      if (rowIndex >= maxRows) throw tooManyRows(path, name, maxRows)
      while (rows.length < rowIndex) rows.push([])
      rows.push(readRow(xml, row, rowIndex, book, uncachedFormulas))
    })
  }
  const merges = readMerges(xml, dataEnd >= 0 ? dataEnd : 0, maxRows)
  return { name, rows, merges, uncachedFormulas }
}

function readRow(xml: string, row: XmlElement, rowIndex: number, book: WorkbookContext, uncachedFormulas: string[]): CellValue[] {
  const values: CellValue[] = []
  let col = -1
  forEachElement(xml, 'c', row.start, row.end, (c) => {
    const a = cellAttributes(c.attrs)
    col = a.r === undefined ? col + 1 : columnIndex(a.r)
    if (col < 0 || col >= MAX_COLUMNS || col < values.length) throw new Error(`cell ${a.r ?? ''} out of place`)
    while (values.length < col) values.push(null)
    const { value, uncached } = cellValue(xml, c.start, c.end, a, book)
    if (uncached) uncachedFormulas.push(`${columnName(col)}${rowIndex + 1}`)
    values.push(value)
  })
  return values
}

/** Reads every worksheet of an .xlsx into 2D arrays (slave cells of merges are null, merges listed). */
export async function readXlsx(bytes: Uint8Array, path: string, maxRows: number): Promise<WorkbookSheet[]> {
  const corrupt = (cause: unknown) => new PackageError('sheet-corrupt', `文件“${path}”不是有效的 Excel（.xlsx）文件，或已损坏。`, path, { cause })
  const parts = boundedOfficeParts(bytes, path, corrupt)
  const text = (name: string) => {
    const part = parts.get(name)
    return part === undefined ? undefined : Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('utf8')
  }
  const sheets: WorkbookSheet[] = []
  try {
    const workbookXml = text('xl/workbook.xml')
    if (workbookXml === undefined) throw new Error('no xl/workbook.xml')
    const { sheets: refs, date1904 } = workbookSheets(workbookXml, text('xl/_rels/workbook.xml.rels'))
    if (refs.length > MAX_WORKBOOK_SHEETS) throw tooManySheets(path)
    const book: WorkbookContext = { strings: sharedStrings(text('xl/sharedStrings.xml')), dates: dateStyles(text('xl/styles.xml')), date1904 }
    for (const ref of refs) {
      const xml = text(ref.part)
      if (xml !== undefined) sheets.push({ ...readWorksheet(xml, ref.name, path, maxRows, book), ...(ref.hidden ? { hidden: true } : {}) })
    }
  } catch (cause) {
    if (cause instanceof PackageError) throw cause
    throw corrupt(cause)
  }
  if (sheets.length === 0) {
    throw new PackageError('sheet-corrupt', `文件“${path}”中没有任何工作表，不是有效的 Excel（.xlsx）文件。`, path)
  }
  return sheets
}
