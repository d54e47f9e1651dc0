/**
 * Tables of the four documents: full page width, header rows repeated on every page, rows never split across
 * pages; written as raw XML when they hold only text and figures (rawTable.ts), else through docx.
 */
import { AlignmentType, BorderStyle, LineRuleType, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType } from 'docx'
import type { ParagraphChild } from 'docx'
import type { RawCell, RawRun } from './rawTable'
import { NO_GRID_STYLE } from './stylesPatch'
import { rawTable, rawTablesEnabled } from './rawTable'
import { PAGE_TWIPS, PARAGRAPH, TABLE, TEXT, TEXT_WIDTH_TWIPS } from './style'
import { FigureRun, fontAttrs, toChild, type Inline, type TextStyle } from './blocks'

// ---------------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------------

export type Align = 'left' | 'center' | 'right'

export interface CellSpec {
  children: Inline[]
  align?: Align
  span?: number
  rowSpan?: number
  bold?: boolean
  shade?: boolean
}

export type Cell = string | FigureRun | ParagraphChild | CellSpec

function isSpec(c: Cell): c is CellSpec {
  return typeof c === 'object' && c !== null && 'children' in c && Array.isArray((c as CellSpec).children)
}

const border = { style: BorderStyle.SINGLE, size: TABLE.borderSize, color: '000000' }
const BORDERS = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border }

function alignment(a: Align | undefined): (typeof AlignmentType)[keyof typeof AlignmentType] {
  return a === 'right' ? AlignmentType.RIGHT : a === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT
}

export interface TableOptions {
  /** Relative column widths; scaled to the text width. */
  widths: number[]
  /** Default alignment per column. */
  aligns?: Align[]
  header: Cell[][]
  rows: Cell[][]
  small?: boolean
  /** Small text (小五) for wide tables. */
  tiny?: boolean
  /** Smallest text (小六) for the widest tables (a 概算审核对比表 of many experts); wins over `tiny`. */
  mini?: boolean
  landscape?: boolean
  /** Keep the whole table on one page (short tables: 验证信息, 专家签字). */
  keepTogether?: boolean
  /**
   * Body rows (indexes into `rows`) kept on the page of the row after them: every paragraph of the row keeps with
   * the next (a group's label and 小计 rows never stand alone at the foot of a page).
   */
  keepWithNext?: ReadonlySet<number>
}

/** Runs of a text whose '\n' become line breaks. */
function lines(text: string, style: TextStyle, bold: boolean | undefined): TextRun[] {
  return text.split('\n').map(
    (t, i) => new TextRun({ text: t, font: fontAttrs(style.font), size: style.size * 2, bold: bold ? true : undefined, break: i > 0 ? 1 : undefined })
  )
}

/** Text width of a page, in twips. */
export function textWidth(landscape = false): number {
  return landscape ? PAGE_TWIPS.height - PAGE_TWIPS.top - PAGE_TWIPS.bottom : TEXT_WIDTH_TWIPS
}

/** The cells of a table that can be written raw (only text and figure runs, no row spans), or null. */
function rawCells(opts: TableOptions, cols: number[]): { header: RawCell[][]; rows: RawCell[][] } | null {
  const convert = (cells: Cell[], header: boolean, keepNext: boolean): RawCell[] | null => {
    let col = 0
    const out: RawCell[] = []
    for (const c of cells) {
      const spec: CellSpec = isSpec(c) ? c : { children: [c] }
      if (spec.rowSpan && spec.rowSpan > 1) return null
      const runs: RawRun[] = []
      for (const x of spec.children) {
        if (typeof x === 'string') runs.push({ text: x, ...(spec.bold ? { bold: true } : {}) })
        else if (x instanceof FigureRun) runs.push({ text: x.text, ...(x.bold ? { bold: true } : {}), bookmark: { id: x.rawId, name: x.name } })
        else return null
      }
      const span = spec.span ?? 1
      let width = 0
      for (let i = col; i < col + span; i++) width += cols[i] ?? 0
      out.push({ runs, align: spec.align ?? (header ? 'center' : (opts.aligns?.[col] ?? 'left')), span, width, shade: header || spec.shade === true, ...(keepNext ? { keepNext } : {}) })
      col += span
    }
    return out
  }
  const header: RawCell[][] = []
  for (const r of opts.header) {
    const c = convert(r, true, false)
    if (!c) return null
    header.push(c)
  }
  const rows: RawCell[][] = []
  for (const [i, r] of opts.rows.entries()) {
    const c = convert(r, false, opts.keepWithNext?.has(i) === true)
    if (!c) return null
    rows.push(c)
  }
  return { header, rows }
}

/** A full-width table whose header rows repeat on every page and whose rows never split across pages. */
export function table(opts: TableOptions): Table | Paragraph {
  const sum = opts.widths.reduce((s, w) => s + w, 0)
  const full = textWidth(opts.landscape)
  const cols = opts.widths.map((w) => Math.floor((w / sum) * full))
  const raw = rawTablesEnabled() && !opts.keepTogether ? rawCells(opts, cols) : null
  if (raw) return rawTable({ cols, full, size: opts.mini ? 'mini' : opts.tiny ? 'tiny' : opts.small ? 'small' : 'normal', header: raw.header, rows: raw.rows })
  const textStyle = opts.mini ? TEXT.tableMini : opts.tiny ? TEXT.tableTiny : opts.small ? TEXT.tableSmall : TEXT.table
  const headStyle = opts.mini ? TEXT.tableHeaderMini : opts.tiny ? TEXT.tableHeaderTiny : opts.small ? TEXT.tableHeaderSmall : TEXT.tableHeader
  // Rows still covered by a cell above that spans rows, per column.
  const covered = cols.map(() => 0)
  // keepTogether: every row but the last keeps with the next, so the table moves to a new page whole.
  const lastRow = opts.header.length + opts.rows.length - 1
  const makeRow = (cells: Cell[], header: boolean, index: number): TableRow => {
    let col = 0
    const skipCovered = (): void => {
      while (col < cols.length && covered[col]! > 0) {
        covered[col]!--
        col++
      }
    }
    const keepNext = (opts.keepTogether === true && index < lastRow) || (!header && opts.keepWithNext?.has(index - opts.header.length) === true)
    const tcs = cells.map((c) => {
      skipCovered()
      const spec: CellSpec = isSpec(c) ? c : { children: [c] }
      const span = spec.span ?? 1
      const width = cols.slice(col, col + span).reduce((s, w) => s + w, 0)
      const align = spec.align ?? (header ? 'center' : opts.aligns?.[col])
      if (spec.rowSpan && spec.rowSpan > 1) for (let i = col; i < col + span; i++) covered[i] = spec.rowSpan - 1
      col += span
      return new TableCell({
        columnSpan: span > 1 ? span : undefined,
        rowSpan: spec.rowSpan && spec.rowSpan > 1 ? spec.rowSpan : undefined,
        width: { size: width, type: WidthType.DXA },
        verticalAlign: VerticalAlign.CENTER,
        shading: header || spec.shade ? { fill: TABLE.headerShading, type: 'clear', color: 'auto' } : undefined,
        children: [
          new Paragraph({
            style: NO_GRID_STYLE,
            keepNext: keepNext || undefined,
            alignment: alignment(align),
            spacing: { line: opts.small || opts.tiny ? PARAGRAPH.smallTableLineTwips : PARAGRAPH.tableLineTwips, lineRule: LineRuleType.AUTO },
            children: spec.children.flatMap((x) => (typeof x === 'string' ? lines(x, header ? headStyle : textStyle, spec.bold) : [toChild(x)]))
          })
        ]
      })
    })
    skipCovered()
    return new TableRow({ children: tcs, tableHeader: header, cantSplit: true })
  }
  return new Table({
    width: { size: full, type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    margins: { left: PARAGRAPH.tableCellMarginTwips, right: PARAGRAPH.tableCellMarginTwips, top: 20, bottom: 20 },
    rows: [...opts.header.map((r, i) => makeRow(r, true, i)), ...opts.rows.map((r, i) => makeRow(r, false, opts.header.length + i))]
  })
}

/** The text style of table cells, for figure runs placed in cells. */
export function cellStyle(size: 'normal' | 'small' | 'tiny' | 'mini' = 'normal'): TextStyle {
  return size === 'mini' ? TEXT.tableMini : size === 'tiny' ? TEXT.tableTiny : size === 'small' ? TEXT.tableSmall : TEXT.table
}
