/**
 * Column widths and type size of the tables that print amounts (the 概算审核对比表, the 投资核定 table of the
 * 专家组评审意见, the 专家个人评审意见表's table): every amount column is as wide as the longest amount the table
 * prints needs on one line, at the table's own size or, when that does not fit, the next smaller one (小五 9 pt, then
 * 小六 6.5 pt), leaving the text columns their minimum. LibreOffice breaks a number that does not fit its cell
 * inside the number ("1,082" / ".20"), so the width is measured, not guessed from the number of columns. A group
 * row's label ("一、工程费用（小计）", issue 14 item 2) gets the width it needs on one line from what the amounts
 * leave over, so it does not wrap in a narrow 概算项目 column.
 */
import type { FigureMap } from './figures'
import { PARAGRAPH, TEXT } from './style'
import type { TextStyle } from './blocks'
import { textWidth } from './tables'

const TWIPS_PER_MM = 1440 / 25.4
const PT_MM = 25.4 / 72
/** Width of a digit, comma or point in the table's faces (仿宋 and its fallbacks), in em, rounded up (bold 合计 included). */
const CHAR_EM = 0.65
/** Left and right cell margins, and a little room for bold figures and for rounding. */
const CELL_EXTRA_MM = (2 * PARAGRAPH.tableCellMarginTwips) / TWIPS_PER_MM + 1.2
/** 五号, 小五, 小六 (the table styles there are: rawTable.ts TABLE_STYLES). */
export const TABLE_SIZES = [10.5, 9, 6.5] as const
export type TableSize = (typeof TABLE_SIZES)[number]

/** Keys of the figures printed in amount columns. */
const AMOUNT_KEY =
  /^(line\.[^.]+\.(submitted|approved|cut|increase|expert\..+)|category\.\d+\.(submitted|approved|cut|increase)|group\.\d+\.(submitted|approved|cut|increase)|budget\.(submitted|approved|cut|increase)|expert\.[^.]+\.approvedTotal)$/

/** Characters of the longest amount among the figures (keys matching `keys`, by default every amount key). */
export function longestAmount(figures: FigureMap, keys: RegExp = AMOUNT_KEY): number {
  let n = 0
  for (const [key, f] of figures) if (keys.test(key) && AMOUNT_KEY.test(key)) n = Math.max(n, [...f.value].length)
  return Math.max(n, 4)
}

/** Width of a text in em: CJK and full-width characters 1, others (digits, Latin) 0.6. */
export function textEm(text: string): number {
  let em = 0
  for (const ch of text) em += /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/.test(ch) ? 1 : 0.6
  return em
}

export interface TextColumn {
  /** Minimum width, mm. */
  min: number
  /** Share of what the amounts and the minimums leave over. */
  share: number
}

export interface AmountTableSpec {
  /** Text width of the page, mm. */
  full: number
  /** Characters of the longest amount. */
  chars: number
  /** Number of amount columns. */
  amountCols: number
  /** Text columns before the amount columns (序号, 概算项目, 类别…) and after them (reasons, citations). */
  before: TextColumn[]
  after: TextColumn[]
  /** Sizes to try, largest first. */
  sizes: readonly TableSize[]
  /** A label spanning the `before` columns that should stay on one line (em at 1 pt), 0 when none. */
  labelEm?: number
}

export interface AmountTableLayout {
  /** Widths (mm) of the `before` columns, the amount columns, then the `after` columns. */
  widths: number[]
  size: TableSize
  /** The figures' text style at that size. */
  style: TextStyle
}

/** Widths and size of a table with amount columns (see the file's comment). */
export function amountTableLayout(spec: AmountTableSpec): AmountTableLayout {
  const text = [...spec.before, ...spec.after]
  const minSum = text.reduce((s, c) => s + c.min, 0)
  const beforeMin = spec.before.reduce((s, c) => s + c.min, 0)
  const amountAt = (s: number) => spec.chars * CHAR_EM * s * PT_MM + CELL_EXTRA_MM
  const labelAt = (s: number) => (spec.labelEm ?? 0) * s * PT_MM + CELL_EXTRA_MM
  const fits = (s: number) => amountAt(s) * spec.amountCols + minSum <= spec.full
  const labelFits = (s: number) => amountAt(s) * spec.amountCols + minSum + Math.max(0, labelAt(s) - beforeMin) <= spec.full
  const last = spec.sizes[spec.sizes.length - 1]!
  const size = spec.sizes.find((s) => fits(s) && labelFits(s)) ?? spec.sizes.find(fits) ?? last
  const amount = amountAt(size)
  let rest = Math.max(0, spec.full - amount * spec.amountCols - minSum)
  const widths = text.map((c) => c.min)
  // The label first (to the widest `before` column), then the shares.
  const widest = spec.before.reduce((best, c, i) => (c.min > (spec.before[best]?.min ?? 0) ? i : best), 0)
  const label = Math.min(rest, Math.max(0, labelAt(size) - beforeMin))
  if (spec.before.length > 0) widths[widest]! += label
  rest -= label
  const shares = text.reduce((s, c) => s + c.share, 0) || 1
  text.forEach((c, i) => (widths[i]! += (rest * c.share) / shares))
  const n = spec.before.length
  return {
    widths: [...widths.slice(0, n), ...Array.from({ length: spec.amountCols }, () => amount), ...widths.slice(n)],
    size,
    style: styleOf(size)
  }
}

export function styleOf(size: TableSize): TextStyle {
  return size === 10.5 ? TEXT.tableSmall : size === 9 ? TEXT.tableTiny : TEXT.tableMini
}

/** The table() flags of a size (小六 keeps the 小五 table's line spacing, as the wide 概算审核对比表 always had). */
export function sizeFlags(size: TableSize): { small: boolean; tiny: boolean; mini: boolean } {
  return { small: size === 10.5, tiny: size !== 10.5, mini: size === 6.5 }
}

/** Portrait or landscape text width, mm. */
export function pageWidthMm(landscape: boolean): number {
  return textWidth(landscape) / TWIPS_PER_MM
}

/**
 * The portrait budget tables (序号, 概算项目, 类别, `amountCols` amounts, a reason column): the 投资核定 table of the
 * 专家组评审意见 and the 专家个人评审意见表's table, from 五号 down. `labelEm`: the widest group row label, which
 * spans 序号, 概算项目 and 类别; `lines`: the rows numbered (the 序号 column fits the widest number).
 */
export function portraitBudgetLayout(figures: FigureMap, amountKeys: RegExp, amountCols: number, labelEm: number, lines = 0): AmountTableLayout {
  return amountTableLayout({
    full: pageWidthMm(false),
    chars: longestAmount(figures, amountKeys),
    amountCols,
    before: [
      { min: seqWidth(lines, TABLE_SIZES[0], 9), share: 0 },
      { min: 28, share: 0.5 },
      { min: 14, share: 0.15 }
    ],
    after: [{ min: 24, share: 0.35 }],
    sizes: TABLE_SIZES,
    labelEm
  })
}

/**
 * Width (mm) of the 序号 column: `floor`, or what the widest number (`lines`) needs on one line at `size` — a
 * 概算审核对比表 of 17 lines at 五号 otherwise printed “1” over “7”.
 */
export function seqWidth(lines: number, size: number, floor = 6): number {
  return Math.max(floor, String(Math.max(1, lines)).length * CHAR_EM * size * PT_MM + CELL_EXTRA_MM)
}

export interface ComparisonLayout {
  /** Relative widths (mm) of 序号, 概算项目, the amount columns, the reason column and the citation column. */
  widths: number[]
  /** The type of the figures; `mini` when it is 小六 (the table's option). */
  style: TextStyle
  mini: boolean
  size: TableSize
}

/**
 * The 概算审核对比表: `amountCols` amount columns sit between 序号 + 概算项目 and the reason (+ citation) columns
 * (送审, experts, 专家组核定, 审减额, 核增额). `sizes`: 小五 then 小六 for a wide table; a table of few experts
 * with group rows starts at 五号. `labelEm`: the widest group label with its indent and （小计）; `lines`: the
 * rows numbered.
 */
export function comparisonLayout(figures: FigureMap, amountCols: number, cite: boolean, sizes: readonly TableSize[] = [9, 6.5], labelEm = 0, lines = 0): ComparisonLayout {
  const l = amountTableLayout({
    full: pageWidthMm(true),
    chars: longestAmount(figures),
    amountCols,
    before: [
      { min: seqWidth(lines, sizes[0] ?? 9), share: 0 },
      { min: 14, share: cite ? 0.45 : 0.6 }
    ],
    after: [{ min: 10, share: cite ? 0.25 : 0.4 }, ...(cite ? [{ min: 14, share: 0.3 }] : [])],
    sizes,
    labelEm
  })
  return { widths: l.widths, style: l.style, mini: l.size === 6.5, size: l.size }
}
