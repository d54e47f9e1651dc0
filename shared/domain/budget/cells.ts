import type { CellValue } from './types'

const FULL_WIDTH_OFFSET = 0xfee0

/** Full-width ASCII to half-width, ideographic space to space. */
const WIDE = /[\uff01-\uff5e\u3000]/

export function toHalfWidth(text: string): string {
  // Most cells have no full-width characters: skip the per-character copy.
  if (!WIDE.test(text)) return text
  let out = ''
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - FULL_WIDTH_OFFSET)
    else if (code === 0x3000) out += ' '
    else out += ch
  }
  return out
}

/** Display text of a cell, trimmed; null when empty. */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  const text = value.replace(/\s+/g, ' ').trim()
  return text === '' ? null : text
}

/** Text for matching: half-width, no whitespace at all, lower-case. */
export function normaliseForMatch(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').toLowerCase()
}

const EMPTY_MARKERS = new Set(['-', '—', '--', '——', '/', '\\', '无', 'n/a', 'na', '／'])

/** A cell as a number: accepts "1,234.50", "１２", "12万元", "￥3.5"; null when not a number. */
export function cellNumber(value: CellValue | undefined): number | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  let text = toHalfWidth(value).replace(/\s+/g, '')
  if (text === '' || EMPTY_MARKERS.has(text.toLowerCase())) return null
  text = text.replace(/^[¥￥]/, '').replace(/(万元|元)$/, '').replace(/,/g, '')
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

export function isEmptyRow(row: readonly CellValue[] | undefined): boolean {
  if (!row) return true
  return row.every((cell) => cellText(cell) === null)
}
