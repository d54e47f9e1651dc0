/**
 * A budget workbook as offices send it: often a 概算汇总表 first and the 概算明细表 after it, sometimes several
 * detail sheets (硬件、软件、其他费用), and a 编制说明 sheet. This module decides which sheets are the detail that
 * the expert reviews, which one is the summary to reconcile against, and which ones are notes to ignore.
 */
import { fenToWan } from '../money'
import { normaliseForMatch } from './cells'
import { parseBudgetSheet, type BudgetParseOptions } from './parseBudget'
import type { BudgetLine, BudgetParseError, ParsedBudget, SheetData } from './types'

export type SheetRole = 'detail' | 'summary' | 'notes' | 'other'

export const SHEET_ROLE_LABELS: Record<SheetRole, string> = { detail: '明细', summary: '汇总', notes: '说明', other: '其他' }

const NOTES = /说明|填表|封面|目录|附注|注意事项|readme|修订记录|签字|审批表/
const SUMMARY = /汇总|总表|总概算|概算总表|总投资表|投资总表|总览/
const DETAIL = /明细|清单|详细|分项|细目|详表|计算表|测算/
const BUDGET = /概算|预算|投资|估算/

/** What a sheet's name says it is (null when the name says nothing). */
export function sheetRoleByName(name: string): SheetRole | null {
  const n = normaliseForMatch(name)
  if (DETAIL.test(n)) return 'detail'
  if (SUMMARY.test(n)) return 'summary'
  if (NOTES.test(n)) return 'notes'
  return null
}

export interface WorkbookSheetInfo {
  name: string
  role: SheetRole
  /** True when the lines of this sheet are the budget under review. */
  read: boolean
  /** Budget lines found on the sheet (0 when it has no budget table). */
  lineCount: number
  /** The sheet's total (合计 row, else the sum of its top-level lines), 万元. */
  total: number | null
  totalFen: number | null
  /** Hidden in the workbook (Excel's 隐藏工作表): listed so nobody misses it, chosen as any other sheet. */
  hidden: boolean
  /** Why the sheet has its role and is or is not read, in Chinese (shown beside the sheet list). */
  reason: string
}

export interface ParsedSheet {
  sheet: SheetData
  budget: ParsedBudget
}

export interface WorkbookChoice {
  details: ParsedSheet[]
  summary: ParsedSheet | null
  sheets: WorkbookSheetInfo[]
  /** The first parse error when no sheet has a budget table. */
  error: BudgetParseError | null
}

function itemCount(budget: ParsedBudget): number {
  return budget.lines.filter((l) => !l.isSubtotal && !l.isTotal && !l.isMemo).length
}

export function sheetTotalFen(budget: ParsedBudget): number {
  const total = budget.totalLineId ? budget.lines.find((l) => l.id === budget.totalLineId)?.amountFen : null
  return total ?? budget.computedTotalFen
}

/** How the detail sheet(s) were chosen. */
type DetailWhy = 'forced' | 'named' | 'beside-summary' | 'most-lines'

const DETAIL_REASONS: Record<DetailWhy, string> = {
  forced: '秘书处指定为评审依据',
  named: '表名标明为明细（明细、清单、分项等），作为评审依据读取',
  'beside-summary': '工作簿另有汇总表，其余概算表作为明细读取',
  'most-lines': '表名未标明用途，取明细行最多的概算表作为评审依据'
}

/** Why a sheet is read, reconciled or left out, in Chinese. */
function sheetReason(s: { isDetail: boolean; isSummary: boolean; named: SheetRole | null; parsed: boolean; why: DetailWhy }): string {
  if (s.isDetail) return DETAIL_REASONS[s.why]
  if (s.isSummary) {
    return s.named === 'summary' ? '表名标明为汇总，用于与明细核对，不作为评审依据' : '合计与明细相同而行数较少，视为汇总表，用于与明细核对'
  }
  if (s.named === 'notes') return '表名标明为说明（说明、封面、目录等），不读取'
  if (!s.parsed) return '没有可识别的概算表头或明细行，不读取'
  if (s.why === 'forced') return '秘书处另行指定了评审依据，此表不读取，可预览对照'
  return '不是评审依据（未被选为明细），可预览对照'
}

/**
 * Chooses the detail sheet(s) and the summary. `forced` (the expert's switch) names the sheets to read as
 * detail; otherwise: sheets named 明细/清单 are detail; with a sheet named 汇总 the other budget sheets are
 * detail; without names the sheet with the most lines is the detail and another with the same total is its
 * summary. Notes sheets are never read.
 */
export function chooseBudgetSheets(sheets: readonly SheetData[], options: BudgetParseOptions = {}, forced: readonly string[] = []): WorkbookChoice {
  const parsed: { sheet: SheetData; role: SheetRole | null; budget: ParsedBudget | null }[] = []
  let error: BudgetParseError | null = null
  for (const sheet of sheets) {
    const role = sheetRoleByName(sheet.name)
    if (role === 'notes' && !forced.includes(sheet.name)) {
      parsed.push({ sheet, role, budget: null })
      continue
    }
    const result = parseBudgetSheet(sheet, options)
    if (!result.ok && (!error || error.code === 'budget.empty')) error = result.error
    parsed.push({ sheet, role, budget: result.ok ? result.budget : null })
  }
  const usable = parsed.filter((p): p is { sheet: SheetData; role: SheetRole | null; budget: ParsedBudget } => p.budget !== null)
  let details: typeof usable = []
  let summary: (typeof usable)[number] | null = null
  let why: DetailWhy = 'forced'
  if (forced.length > 0) {
    details = usable.filter((p) => forced.includes(p.sheet.name))
    summary = usable.find((p) => !forced.includes(p.sheet.name) && p.role === 'summary') ?? null
  } else {
    const named = usable.filter((p) => p.role === 'detail')
    const summaries = usable.filter((p) => p.role === 'summary')
    summary = summaries[0] ?? null
    if (named.length > 0) {
      why = 'named'
      details = named
    } else if (summary && usable.length > summaries.length) {
      why = 'beside-summary'
      details = usable.filter((p) => p.role !== 'summary')
    } else {
      why = 'most-lines'
      // No telling names: the budget-named sheet with the most lines is the detail; another sheet with the same
      // total and fewer lines is its summary.
      const ranked = [...usable].sort(
        (a, b) => Number(BUDGET.test(b.sheet.name)) - Number(BUDGET.test(a.sheet.name)) || itemCount(b.budget) - itemCount(a.budget)
      )
      const first = ranked[0]
      if (first) {
        details = [first]
        const byLines = [...usable].sort((a, b) => itemCount(b.budget) - itemCount(a.budget))[0]
        if (byLines && byLines !== first && sheetTotalFen(byLines.budget) === sheetTotalFen(first.budget)) details = [byLines]
        const d = details[0]
        summary =
          usable.find((p) => p !== d && d && itemCount(p.budget) < itemCount(d.budget) && sheetTotalFen(p.budget) === sheetTotalFen(d.budget)) ?? null
      }
      if (summary === null && first && summaries.length > 0) summary = summaries[0] ?? null
    }
  }
  const info: WorkbookSheetInfo[] = parsed.map((p) => {
    const isDetail = details.some((d) => d.sheet === p.sheet)
    const totalFen = p.budget ? sheetTotalFen(p.budget) : null
    const role: SheetRole = isDetail ? 'detail' : summary?.sheet === p.sheet ? 'summary' : (p.role ?? 'other')
    const reason = sheetReason({ isDetail, isSummary: summary?.sheet === p.sheet, named: p.role, parsed: p.budget !== null, why })
    return {
      name: p.sheet.name,
      role,
      read: isDetail,
      lineCount: p.budget?.lines.length ?? 0,
      total: totalFen === null ? null : fenToWan(totalFen),
      totalFen,
      hidden: p.sheet.hidden === true,
      reason: p.sheet.hidden === true ? `${reason}（隐藏的工作表）` : reason
    }
  })
  return {
    details: details.map((d) => ({ sheet: d.sheet, budget: d.budget })),
    summary: summary ? { sheet: summary.sheet, budget: summary.budget } : null,
    sheets: info,
    error
  }
}

/** Ids and sheet names of lines from the second and later detail sheets: `s<k>r<row>` so ids stay unique. */
function relabel(line: BudgetLine, prefix: string, sheetName: string): BudgetLine {
  const id = (x: string | null) => (x === null ? null : `${prefix}${x}`)
  return { ...line, id: `${prefix}${line.id}`, parentId: id(line.parentId), sheetName }
}

/**
 * One budget from several detail sheets: the first sheet's lines keep their ids, the others' get `s<k>`
 * prefixes (k = the sheet's position in the workbook, from 1). Each sheet's 合计 row stays a total of its
 * sheet; the combined total is the sum of the sheets' totals.
 */
export function combineDetailSheets(details: readonly ParsedSheet[], allSheets: readonly SheetData[]): ParsedBudget | null {
  const first = details[0]
  if (!first) return null
  if (details.length === 1) return first.budget
  const lines: BudgetLine[] = []
  let computedTotalFen = 0
  let sheetTotal = 0
  details.forEach((d, i) => {
    const k = allSheets.indexOf(d.sheet) + 1
    const prefix = i === 0 ? '' : `s${k}`
    for (const l of d.budget.lines) lines.push(relabel(l, prefix, d.sheet.name))
    computedTotalFen += d.budget.computedTotalFen
    sheetTotal += sheetTotalFen(d.budget)
  })
  return {
    sheetName: details.map((d) => d.sheet.name).join('、'),
    header: first.budget.header,
    unit: first.budget.unit,
    lines,
    notes: details.flatMap((d) => d.budget.notes),
    computedTotal: fenToWan(computedTotalFen),
    computedTotalFen,
    sheetTotal: fenToWan(sheetTotal),
    totalLineId: null
  }
}
