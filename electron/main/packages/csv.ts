import iconv from 'iconv-lite'
import type { CellValue } from '../../../shared/domain/budget/types'
import { PackageError } from './errors'

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

/**
 * Decodes CSV bytes: a BOM decides; otherwise strict UTF-8, and if that fails GB18030 (a superset of GBK,
 * which Chinese Excel writes by default).
 */
export function decodeText(bytes: Uint8Array, path: string): { text: string; encoding: TextEncoding } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    const text = iconv.decode(buffer, 'gb18030')
    if (text.includes('\uFFFD')) {
      throw new PackageError('csv-decode', `文件“${path}”既不是 UTF-8 也不是 GBK 编码，无法读取。`, path)
    }
    return { text, encoding: 'gb18030' }
  }
}

function detectDelimiter(text: string): string {
  const firstLines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 10)
  let best = ','
  let bestCount = 0
  for (const delimiter of [',', '\t', ';', '，']) {
    const count = firstLines.reduce((n, line) => n + line.split(delimiter).length - 1, 0)
    if (count > bestCount) {
      best = delimiter
      bestCount = count
    }
  }
  return best
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), any single-character delimiter. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CellValue[][] {
  const rows: CellValue[][] = []
  let row: CellValue[] = []
  let field = ''
  let quoted = false
  let fieldStarted = false
  const endField = () => {
    row.push(field === '' && !fieldStarted ? null : field)
    field = ''
    fieldStarted = false
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field === '') {
      quoted = true
      fieldStarted = true
    } else if (ch === delimiter) {
      endField()
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endField()
      rows.push(row)
      row = []
    } else field += ch
  }
  if (field !== '' || fieldStarted || row.length > 0) {
    endField()
    rows.push(row)
  }
  return rows.map((r) => r.map((c) => (typeof c === 'string' && c.trim() === '' ? null : c)))
}
