import { cellNumber, cellText, normaliseForMatch } from './cells'
import { parseNumbering, splitLeadingNumbering } from './numbering'
import type { BudgetColumnRole, CellMerge, CellValue, HeaderDetection } from './types'

/**
 * Column synonyms, checked in this order for each header cell (the first role that matches wins),
 * so that "单价（万元）" is a unit price and "投资（万元）单价" (a two-row merged header) too.
 * `exact` entries must equal the whole normalised cell text (after units in brackets are removed).
 */
export interface ColumnSynonyms {
  role: BudgetColumnRole
  contains: readonly string[]
  exact?: readonly string[]
}

export const DEFAULT_BUDGET_COLUMN_SYNONYMS: readonly ColumnSynonyms[] = [
  { role: 'seq', contains: ['序号', '编号', '项次'], exact: ['no', 'no.', '#'] },
  { role: 'remark', contains: ['备注', '说明'] },
  { role: 'unitPrice', contains: ['单价', '综合单价', '单位价格'] },
  { role: 'quantity', contains: ['数量', '工程量', '工作量'] },
  { role: 'spec', contains: ['规格', '技术参数', '参数', '型号', '配置', '技术要求', '技术指标'] },
  { role: 'name', contains: ['名称'] },
  { role: 'unit', contains: ['计量单位'], exact: ['单位'] },
  { role: 'amount', contains: ['金额', '合计', '合价', '总价', '投资', '概算', '估算', '费用', '小计', '总额', '价格'] },
  { role: 'name', contains: ['项目', '内容', '科目'] }
]

/** Removes unit annotations like （万元）, (元), 单位：万元 from header text before matching. */
export function stripUnitAnnotation(text: string): string {
  return text
    .replace(/[(（][^()（）]*元[^()（）]*[)）]/g, '')
    .replace(/单位[:：]?\s*(万元|元)/g, '')
    .trim()
}

export function matchColumnRole(
  headerText: string,
  synonyms: readonly ColumnSynonyms[] = DEFAULT_BUDGET_COLUMN_SYNONYMS
): BudgetColumnRole | null {
  const text = normaliseForMatch(stripUnitAnnotation(headerText))
  if (text === '') return null
  for (const entry of synonyms) {
    if (entry.exact?.some((e) => text === e)) return entry.role
    if (entry.contains.some((c) => text.includes(c))) return entry.role
  }
  return null
}

/** Row values with horizontally merged header cells filled from their master cell. */
export function fillMergedCells(
  rows: readonly (readonly CellValue[])[],
  merges: readonly CellMerge[],
  rowIndex: number
): CellValue[] {
  const row = [...(rows[rowIndex] ?? [])]
  for (const merge of merges) {
    if (rowIndex < merge.top || rowIndex > merge.bottom) continue
    const master = rows[merge.top]?.[merge.left] ?? null
    for (let c = merge.left; c <= merge.right; c++) {
      if (c === merge.left && rowIndex === merge.top) continue
      while (row.length <= c) row.push(null)
      if (row[c] === null || row[c] === undefined) row[c] = master
    }
  }
  return row
}

interface Candidate {
  columns: Partial<Record<BudgetColumnRole, number>>
  headerText: Partial<Record<BudgetColumnRole, string>>
  score: number
}

function assignRoles(texts: readonly (string | null)[], synonyms: readonly ColumnSynonyms[]): Candidate {
  const columns: Partial<Record<BudgetColumnRole, number>> = {}
  const headerText: Partial<Record<BudgetColumnRole, string>> = {}
  texts.forEach((text, col) => {
    if (text === null || text.length > 40) return
    const role = matchColumnRole(text, synonyms)
    if (role && columns[role] === undefined) {
      columns[role] = col
      headerText[role] = text
    }
  })
  return { columns, headerText, score: Object.keys(columns).length }
}

function rowHasNumbers(row: readonly CellValue[]): boolean {
  return row.some((cell) => typeof cell === 'number' || (typeof cell === 'string' && cellNumber(cell) !== null))
}

export interface HeaderDetectionOptions {
  synonyms?: readonly ColumnSynonyms[]
  /** Roles that must be present for a row to count as the header. */
  required?: readonly BudgetColumnRole[]
  /** Minimum number of recognised columns. */
  minColumns?: number
  /** How many rows from the top to search. */
  searchRows?: number
}

/**
 * Finds the header row of a budget table below title and unit rows. Tries each row alone and each pair
 * of adjacent rows (a two-row header whose top cells are merged over sub-columns like 单价/金额), and keeps
 * the candidate with the most recognised columns that has all required roles.
 */
export function detectHeader(
  rows: readonly (readonly CellValue[])[],
  merges: readonly CellMerge[] = [],
  options: HeaderDetectionOptions = {}
): HeaderDetection | null {
  const synonyms = options.synonyms ?? DEFAULT_BUDGET_COLUMN_SYNONYMS
  const required = options.required ?? ['name', 'amount']
  const minColumns = options.minColumns ?? 3
  const limit = Math.min(rows.length, options.searchRows ?? 30)
  let best: (Candidate & { headerRow: number; headerRowCount: number }) | null = null

  for (let r = 0; r < limit; r++) {
    const top = fillMergedCells(rows, merges, r)
    if (top.some((c) => typeof c === 'number')) continue
    const topTexts = top.map((c) => cellText(c))
    const candidates: (Candidate & { headerRowCount: number })[] = [
      { ...assignRoles(topTexts, synonyms), headerRowCount: 1 }
    ]
    if (r + 1 < rows.length) {
      const bottom = fillMergedCells(rows, merges, r + 1)
      const firstText = cellText(bottom.find((c) => cellText(c) !== null) ?? null) ?? ''
      const bottomNamesAColumn = bottom.some((c) => {
        const t = cellText(c)
        return t !== null && matchColumnRole(t, synonyms) !== null
      })
      if (!rowHasNumbers(bottom) && bottomNamesAColumn && parseNumbering(firstText) === null && splitLeadingNumbering(firstText).numbering === null) {
        const width = Math.max(top.length, bottom.length)
        const joined: (string | null)[] = []
        for (let c = 0; c < width; c++) {
          const a = cellText(top[c])
          const b = cellText(bottom[c])
          joined.push(a && b ? (a === b ? a : `${a}${b}`) : (a ?? b))
        }
        const combined = assignRoles(joined, synonyms)
        const bottomAlone = assignRoles(bottom.map((c) => cellText(c)), synonyms)
        // A two-row header only when both rows add something.
        if (combined.score > Math.max(candidates[0]?.score ?? 0, bottomAlone.score)) {
          candidates.push({ ...combined, headerRowCount: 2 })
        }
      }
    }
    for (const candidate of candidates) {
      if (candidate.score < minColumns) continue
      if (!required.every((role) => candidate.columns[role] !== undefined)) continue
      if (!best || candidate.score > best.score) best = { ...candidate, headerRow: r }
    }
  }
  if (!best) return null
  return {
    headerRow: best.headerRow,
    headerRowCount: best.headerRowCount,
    columns: best.columns,
    headerText: best.headerText
  }
}
