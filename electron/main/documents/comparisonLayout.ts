/**
 * Column widths and type size of a wide 概算审核对比表 (many experts, or the 核增 / 价格依据 columns): every amount
 * column is as wide as the longest amount the table prints needs on one line, at 小五 (9 pt) or, when that does not
 * fit, 小六 (6.5 pt), leaving the text columns their minimum. LibreOffice breaks a number that does
 * not fit its cell inside the number ("486.4" / "0"), so the width is measured, not guessed from the expert count.
 */
import type { FigureMap } from './figures'
import { PARAGRAPH, TEXT } from './style'
import type { TextStyle } from './blocks'
import { textWidth } from './tables'

const TWIPS_PER_MM = 1440 / 25.4
const PT_MM = 25.4 / 72
/** Width of a digit, comma or point in the table's faces (仿宋 and its fallbacks), in em, rounded up (bold 专家组核定 included). */
const CHAR_EM = 0.65
/** Left and right cell margins, and a little room for the bold 专家组核定 and for rounding. */
const CELL_EXTRA_MM = (2 * PARAGRAPH.tableCellMarginTwips) / TWIPS_PER_MM + 1.2
/** 小五, then 小六 (the table styles there are: rawTable.ts TABLE_STYLES). */
const SIZES = [9, 6.5] as const

/** Keys of the figures printed in amount columns. */
const AMOUNT_KEY = /^(line\.[^.]+\.(submitted|approved|cut|increase|expert\..+)|category\.\d+\.(submitted|approved|cut|increase)|budget\.(submitted|approved|cut|increase)|expert\.[^.]+\.approvedTotal)$/

export function longestAmount(figures: FigureMap): number {
  let n = 0
  for (const [key, f] of figures) if (AMOUNT_KEY.test(key)) n = Math.max(n, [...f.value].length)
  return Math.max(n, 4)
}

export interface ComparisonLayout {
  /** Relative widths (mm) of 序号, 概算项目, the amount columns, the reason column and the citation column. */
  widths: number[]
  /** The type of the figures; `mini` when it is 小六 (the table's option). */
  style: TextStyle
  mini: boolean
}

/**
 * `amountCols` amount columns sit between 序号 + 概算项目 and the reason (+ citation) columns; `amountBefore` of them
 * come before the reason column (送审, experts, 专家组核定, 审减额, 核增额 — all of them in this table).
 */
export function comparisonLayout(figures: FigureMap, amountCols: number, cite: boolean): ComparisonLayout {
  const full = textWidth(true) / TWIPS_PER_MM
  const chars = longestAmount(figures)
  const minText = { seq: 6, name: 14, reason: 10, cite: cite ? 14 : 0 }
  const minSum = minText.seq + minText.name + minText.reason + minText.cite
  let size: number = SIZES[1]
  for (const s of SIZES) {
    if ((chars * CHAR_EM * s * PT_MM + CELL_EXTRA_MM) * amountCols + minSum <= full) {
      size = s
      break
    }
  }
  const amount = chars * CHAR_EM * size * PT_MM + CELL_EXTRA_MM
  // What is left goes to the text columns: the name most, then the reason and the citation.
  const rest = Math.max(0, full - amount * amountCols - minSum)
  const share = cite ? { name: 0.45, reason: 0.25, cite: 0.3 } : { name: 0.6, reason: 0.4, cite: 0 }
  const widths = [
    minText.seq,
    minText.name + rest * share.name,
    ...Array.from({ length: amountCols }, () => amount),
    minText.reason + rest * share.reason,
    ...(cite ? [minText.cite + rest * share.cite] : [])
  ]
  return { widths, style: size === 9 ? TEXT.tableTiny : TEXT.tableMini, mini: size !== 9 }
}
