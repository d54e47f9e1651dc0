/**
 * A small builder for realistic 概算表 sheets: numbered groups, items with 数量 × 单价 written as formulas with
 * cached results, 小计 rows or group lines that carry their sum, a 合计 row. It computes every amount itself, so a
 * demo budget can be checked against the declared investment before it is written.
 */
import type { FixtureCell } from '../fixtures/xlsxWriter'

export interface BudgetItem {
  seq: string | number | null
  name: string
  spec?: string | null
  unit: string
  quantity: number
  /** In the sheet's unit-price unit (元 or 万元). */
  price: number
  /** A hand-typed amount that differs from 数量 × 单价 (an owner's slip); written as a plain value. */
  written?: number
  remark?: string | null
}

export interface BudgetGroup {
  seq: string | number | null
  name: string
  spec?: string | null
  remark?: string | null
  children: (BudgetItem | BudgetGroup)[]
  /** 'subtotal': a 小计 row after the lines (flat groups only); 'line': the group line carries the sum. */
  sum: 'subtotal' | 'line'
}

export interface BudgetLayout {
  title: string
  /** The amount unit written in the sheet (the unit row and the 金额 header). */
  amountUnit: '元' | '万元'
  /** The unit of 单价 (may differ from the amount unit: 单价（元） beside 金额（万元）). */
  priceUnit: '元' | '万元'
  lines: (BudgetItem | BudgetGroup)[]
  notes: string[]
}

export interface BuiltBudget {
  /** Rows with formulas (for .xlsx). */
  rows: FixtureCell[][]
  /** The same rows with values only (for .csv). */
  values: (string | number | null)[][]
  merges: string[]
  /** 合计, in the sheet's amount unit. */
  total: number
  /** Cost lines (leaves), for the generator's own checks. */
  leaves: { name: string; amount: number }[]
}

const isGroup = (l: BudgetItem | BudgetGroup): l is BudgetGroup => 'children' in l

/** Rounds to the cent of the unit (0.01), the precision sheets are written in. */
const round2 = (n: number) => Math.round(n * 100) / 100

/** Column layout: A 序号, B 名称, C 规格, D 单位, E 数量, F 单价, G 金额, H 备注. */
export function buildBudget(layout: BudgetLayout): BuiltBudget {
  const rows: FixtureCell[][] = []
  const values: (string | number | null)[][] = []
  const leaves: { name: string; amount: number }[] = []
  const priceFactor = layout.priceUnit === layout.amountUnit ? 1 : layout.priceUnit === '元' ? 1 / 10000 : 10000
  const divisor = priceFactor === 1 ? '' : priceFactor < 1 ? '/10000' : '*10000'

  const push = (cells: FixtureCell[]) => {
    rows.push(cells)
    values.push(cells.map((c) => (c !== null && typeof c === 'object' ? (c.result ?? null) : c)))
    return rows.length
  }
  push([layout.title, null, null, null, null, null, null, null])
  push([null, null, null, null, null, null, null, `单位：${layout.amountUnit}`])
  push(['序号', '工程或费用名称', '规格（技术参数）', '单位', '数量', '投资概算', null, '备注'])
  push([null, null, null, null, null, `单价（${layout.priceUnit}）`, `金额（${layout.amountUnit}）`, null])
  const merges = ['A1:H1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:E4', 'F3:G3', 'H3:H4']

  /** Writes a line or group; returns the row holding its amount and the amount. */
  const write = (line: BudgetItem | BudgetGroup): { row: number; amount: number } => {
    if (!isGroup(line)) {
      const expected = round2(line.quantity * line.price * priceFactor)
      const amount = line.written ?? expected
      const r = rows.length + 1
      const cell: FixtureCell = line.written !== undefined ? line.written : { formula: `E${r}*F${r}${divisor}`, result: expected }
      push([line.seq, line.name, line.spec ?? null, line.unit, line.quantity, line.price, cell, line.remark ?? null])
      leaves.push({ name: line.name, amount })
      return { row: r, amount }
    }
    if (line.sum === 'subtotal' && line.children.some(isGroup)) throw new Error(`${line.name}: a 小计 row closes only a flat group`)
    const groupRow = push([line.seq, line.name, line.spec ?? null, null, null, null, null, line.remark ?? null])
    const parts = line.children.map(write)
    const amount = round2(parts.reduce((s, p) => s + p.amount, 0))
    const formula =
      line.children.every((c) => !isGroup(c)) && parts.length > 0
        ? `SUM(G${parts[0]?.row}:G${parts[parts.length - 1]?.row})`
        : parts.map((p) => `G${p.row}`).join('+')
    if (line.sum === 'line') {
      const cell = rows[groupRow - 1]
      if (cell) cell[6] = { formula, result: amount }
      const v = values[groupRow - 1]
      if (v) v[6] = amount
      return { row: groupRow, amount }
    }
    const r = push([null, '小计', null, null, null, null, { formula, result: amount }, null])
    return { row: r, amount }
  }

  const top = layout.lines.map(write)
  const total = round2(top.reduce((s, p) => s + p.amount, 0))
  push(['合计', null, null, null, null, null, { formula: top.map((p) => `G${p.row}`).join('+'), result: total }, null])
  for (const note of layout.notes) {
    push([note, null, null, null, null, null, null, null])
    merges.push(`A${rows.length}:H${rows.length}`)
  }
  return { rows, values, merges, total, leaves }
}

/** RFC 4180 CSV with CRLF line ends (what Excel writes). */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return (
    rows
      .map((r) =>
        r
          .map((c) => {
            const s = c === null ? '' : String(c)
            return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
          })
          .join(',')
      )
      .join('\r\n') + '\r\n'
  )
}
