import { fenToWan, wanToFen, yuanToFen } from '../money'
import { cellText, normaliseForMatch } from './cells'
import type { AmountUnit, CellValue, HeaderDetection, UnitDetection } from './types'

/** The unit named in a header or unit-row text: 万元 before 元, since 万元 contains 元. */
export function unitInText(text: string): AmountUnit | null {
  const t = normaliseForMatch(text)
  if (/单位[:：]?万元|[(（[]万元[)）\]]|万元$/.test(t)) return '万元'
  if (/单位[:：]?(人民币)?元|[(（[](人民币)?元[)）\]]|[(（[]元\/|^元$/.test(t)) return '元'
  if (t.includes('万元')) return '万元'
  return null
}

/**
 * Detects 元 vs 万元: the unit in the amount (or unit price) header wins, then a unit row above the
 * header (单位：万元), then one to the right of the table; otherwise 万元 (the usual unit of 概算表).
 */
export function detectAmountUnit(
  rows: readonly (readonly CellValue[])[],
  header: HeaderDetection
): UnitDetection {
  const amountHeader = header.headerText.amount ? unitInText(header.headerText.amount) : null
  const priceHeader = header.headerText.unitPrice ? unitInText(header.headerText.unitPrice) : null
  let rowUnit: AmountUnit | null = null
  const lastHeaderRow = header.headerRow + header.headerRowCount - 1
  for (let r = 0; r <= lastHeaderRow && rowUnit === null; r++) {
    for (const cell of rows[r] ?? []) {
      const text = cellText(cell)
      if (!text || !/单位|金额/.test(text)) continue
      if (r >= header.headerRow && !/单位[:：]/.test(text)) continue
      const unit = unitInText(text)
      if (unit) {
        rowUnit = unit
        break
      }
    }
  }
  const sheetUnit: AmountUnit = amountHeader ?? rowUnit ?? priceHeader ?? '万元'
  const source = amountHeader || priceHeader ? 'header' : rowUnit ? 'unitRow' : 'default'
  return {
    unit: sheetUnit,
    source,
    amountUnit: amountHeader ?? rowUnit ?? priceHeader ?? '万元',
    unitPriceUnit: priceHeader ?? rowUnit ?? amountHeader ?? '万元'
  }
}

export function toWanYuan(value: number | null, unit: AmountUnit): number | null {
  const fen = toFen(value, unit)
  return fen === null ? null : fenToWan(fen)
}

/** A sheet value in its unit to integer 分. */
export function toFen(value: number | null, unit: AmountUnit): number | null {
  if (value === null) return null
  return unit === '元' ? yuanToFen(value) : wanToFen(value)
}
