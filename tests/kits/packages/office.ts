/** Test kit: Excel 97-2003 (.xls, BIFF8) files written with @e965/xlsx, and the committed .doc fixture. */
import path from 'node:path'
import * as XLSX from '@e965/xlsx'
import type { CellValue } from '../../../shared/domain/budget/types'

export const OFFICE_FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures/office')
/** Made by scripts/fixtures/makeDoc.sh (LibreOffice) from the emergency package's .docx. */
export const DOC_FIXTURE = path.join(OFFICE_FIXTURES_DIR, '可研暨初设方案.doc')

export interface XlsSheet {
  name: string
  rows: CellValue[][]
  /** A1 ranges, e.g. 'A1:F1'. */
  merges?: string[]
  /** Hidden in the workbook (SheetJS writes the sheet's hidden state). */
  hidden?: boolean
}

/** A BIFF8 workbook, as Excel 97-2003 saves it. */
export function writeXls(sheets: readonly XlsSheet[]): Uint8Array {
  const workbook = XLSX.utils.book_new()
  for (const sheet of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(sheet.rows.map((row) => row.map((v) => (v === null ? undefined : v))))
    if (sheet.merges) ws['!merges'] = sheet.merges.map((m) => XLSX.utils.decode_range(m))
    XLSX.utils.book_append_sheet(workbook, ws, sheet.name)
  }
  workbook.Workbook = { Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) }
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'biff8' }) as Buffer)
}
