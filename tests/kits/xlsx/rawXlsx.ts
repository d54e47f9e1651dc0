/**
 * Hand-written .xlsx files for the reader's tests: the parts exactly as given (the XML a test needs, well-formed or
 * not), zipped with fflate. `sheets` are the worksheet XMLs' <sheetData> insides unless `raw` gives the whole part.
 */
import { zipSync } from 'fflate'

export interface RawSheet {
  name: string
  /** Inside of <sheetData>. */
  data?: string
  /** After </sheetData> (e.g. <mergeCells>). */
  tail?: string
  /** The whole worksheet part instead. */
  raw?: string
}

export interface RawWorkbook {
  sheets: RawSheet[]
  sharedStrings?: string[]
  /** Whole xl/styles.xml. */
  styles?: string
  date1904?: boolean
  /** Extra parts by path. */
  parts?: Record<string, string>
}

const utf8 = (s: string) => new TextEncoder().encode(s)
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

export function rawXlsx(book: RawWorkbook): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  const sheetList = book.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
  files['xl/workbook.xml'] = utf8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
      `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `${book.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheetList}</sheets></workbook>`
  )
  files['xl/_rels/workbook.xml.rels'] = utf8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      book.sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('') +
      `</Relationships>`
  )
  book.sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = utf8(
      s.raw ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${s.data ?? ''}</sheetData>${s.tail ?? ''}</worksheet>`
    )
  })
  if (book.sharedStrings) {
    files['xl/sharedStrings.xml'] = utf8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${book.sharedStrings.join('')}</sst>`
    )
  }
  if (book.styles) files['xl/styles.xml'] = utf8(book.styles)
  for (const [p, text] of Object.entries(book.parts ?? {})) files[p] = utf8(text)
  return zipSync(files, { level: 6 })
}
