import { classifyLine, DEFAULT_CATEGORY_RULES, type CategoryRule } from './classify'
import { cellNumber, cellText, isEmptyRow, normaliseForMatch } from './cells'
import { detectHeader, type ColumnSynonyms } from './header'
import { fenToWan } from '../money'
import { buildHierarchy, childrenByParent, effectiveFen, type LinePlacement, type RawLine } from './hierarchy'
import { parseNumbering, splitLeadingNumbering } from './numbering'
import { detectAmountUnit, toFen } from './unit'
import type {

  BudgetCategory,
  BudgetLine,
  BudgetParseResult,
  CellValue,
  Numbering,
  SheetData,
  UnitDetection
} from './types'

export interface BudgetParseOptions {
  synonyms?: readonly ColumnSynonyms[]
  categoryRules?: readonly CategoryRule[]
  /** The manifest's declared investment (万元): used only to infer 元 when the sheet names no unit. */
  declaredInvestment?: number | null
}

const SUBTOTAL = /小计/
const TOTAL = /^(合计|总计|总合计|共计|项目总投资|总投资|投资合计|项目合计|概算合计|总概算)/
const MEMO = /^其中/
const NOTE = /^(注|备注|说明|附注)\s*[:：\d]/

interface RowDraft {
  raw: RawLine
  sourceRow: number
  name: string
  spec: string | null
  unit: string | null
  quantity: number | null
  unitPrice: number | null
  amount: number | null
  remark: string | null
  /** Unnumbered, its name written indented (leading spaces). */
  indented: boolean
}

function readRow(row: readonly CellValue[], col: number | undefined): CellValue {
  return col === undefined ? null : (row[col] ?? null)
}

function inferYuan(drafts: readonly RowDraft[], declared: number | null | undefined, unit: UnitDetection): UnitDetection {
  if (unit.source !== 'default' || !declared || declared <= 0) return unit
  const total = drafts.filter((d) => d.raw.isTotal).map((d) => d.amount)[0]
  const sum = total ?? drafts.filter((d) => !d.raw.isSubtotal && !d.raw.isMemo).reduce((s, d) => s + (d.amount ?? 0), 0)
  if (!sum) return unit
  const asWan = Math.abs(sum - declared)
  const asYuan = Math.abs(sum / 10000 - declared)
  if (asYuan < asWan && asYuan <= declared * 0.2) {
    return { unit: '元', source: 'inferred', amountUnit: '元', unitPriceUnit: '元' }
  }
  return unit
}

/**
 * 其中 breakdowns: after a "其中：…" row, unnumbered rows continue the breakdown (they are memo rows too, never
 * summed) while their amounts still fit in the line being broken down. A numbered row, 小计 or 合计 ends it.
 */
function memoTracker() {
  let active = false
  let parentAmount: number | null = null
  let used = 0
  let lastItemAmount: number | null = null
  return {
    continues(numbering: Numbering | null, closing: boolean, amount: number | null): boolean {
      if (!active || numbering || closing || parentAmount === null) return false
      return used + Math.abs(amount ?? 0) <= Math.abs(parentAmount) + 0.005
    },
    after(isMemo: boolean, amount: number | null, closing: boolean): void {
      if (isMemo) {
        if (!active) {
          active = true
          parentAmount = lastItemAmount
          used = 0
        }
        used += Math.abs(amount ?? 0)
        return
      }
      active = false
      lastItemAmount = closing ? null : amount
    }
  }
}

const INDENTED = /^\s/
/** Rank of item numberings (1, 1.1, （1）, ①), below the group numberings 一、 and （一）. */
const ITEM_RANK = 30

/**
 * Indented breakdowns without 其中 (issue 14 item 10): unnumbered rows written indented under a numbered item, whose
 * amounts add up to less than the item's, are a partial breakdown of it — memo rows, as after 其中 — not its parts
 * (which would make the item a group whose 小计 does not add up and drop its own amount out of the fee bases).
 * Indented rows that add up to the item, or over it, stay its parts (checked as a group).
 */
function markIndentedBreakdowns(drafts: RowDraft[], placements: Map<string, LinePlacement>): void {
  const byParent = new Map<string, RowDraft[]>()
  for (const d of drafts) {
    const parent = placements.get(d.raw.id)?.parentId
    if (!parent || d.raw.isMemo) continue
    const list = byParent.get(parent)
    if (list) list.push(d)
    else byParent.set(parent, [d])
  }
  const fen = (x: number): number => Math.round(Math.abs(x) * 100)
  for (const d of drafts) {
    const kids = byParent.get(d.raw.id)
    if (!kids || d.amount === null || !d.raw.numbering || d.raw.numbering.rank < ITEM_RANK) continue
    if (!kids.every((k) => k.indented && !k.raw.isSubtotal && !k.raw.isTotal && k.amount !== null)) continue
    const sum = kids.reduce((s, k) => s + fen(k.amount ?? 0), 0)
    if (sum < fen(d.amount)) for (const k of kids) k.raw.isMemo = true
  }
}

/** Parses one budget sheet (概算表) into normalised lines in 万元 with their hierarchy and categories. */
export function parseBudgetSheet(sheet: SheetData, options: BudgetParseOptions = {}): BudgetParseResult {
  const rows = sheet.rows
  if (rows.every((row) => isEmptyRow(row))) {
    return { ok: false, error: { code: 'budget.empty', message: `工作表“${sheet.name}”为空。` } }
  }
  const header = detectHeader(rows, sheet.merges ?? [], options.synonyms ? { synonyms: options.synonyms } : {})
  if (!header) {
    return {
      ok: false,
      error: {
        code: 'budget.no-header',
        message: `工作表“${sheet.name}”中找不到可识别的表头（至少需要“名称”和“金额/合计”列，以及序号、单位、数量、单价、备注等列中的一列）。`
      }
    }
  }
  const cols = header.columns
  const memo = memoTracker()
  const notes: string[] = []
  const drafts: RowDraft[] = []

  for (let r = header.headerRow + header.headerRowCount; r < rows.length; r++) {
    const row = rows[r] ?? []
    if (isEmptyRow(row)) continue
    const firstText = cellText(row.find((c) => cellText(c) !== null) ?? null) ?? ''
    if (NOTE.test(firstText)) {
      notes.push(firstText)
      continue
    }
    const seqText = cellText(readRow(row, cols.seq))
    let nameText = cellText(readRow(row, cols.name))
    let numbering: Numbering | null = seqText ? parseNumbering(seqText) : null
    if (!nameText && seqText && !numbering) nameText = seqText
    if (!nameText) {
      // A row of numbers without a name (e.g. a column-number row "1 2 3 …"): not a budget line.
      continue
    }
    if (!numbering) {
      const split = splitLeadingNumbering(nameText)
      if (split.numbering) {
        numbering = split.numbering
        nameText = split.rest
      }
    }
    const matchName = normaliseForMatch(nameText)
    const isSubtotal = SUBTOTAL.test(matchName)
    const isTotal = !isSubtotal && TOTAL.test(matchName)
    const amount = cellNumber(readRow(row, cols.amount))
    const isMemo = MEMO.test(matchName) || memo.continues(numbering, isSubtotal || isTotal, amount)
    memo.after(isMemo, amount, isSubtotal || isTotal)
    drafts.push({
      raw: { id: `r${r + 1}`, numbering: isSubtotal || isTotal ? null : numbering, isSubtotal, isTotal, isMemo },
      sourceRow: r + 1,
      name: nameText,
      spec: cellText(readRow(row, cols.spec)),
      unit: cellText(readRow(row, cols.unit)),
      quantity: cellNumber(readRow(row, cols.quantity)),
      unitPrice: cellNumber(readRow(row, cols.unitPrice)),
      amount,
      remark: cellText(readRow(row, cols.remark)),
      indented: !numbering && INDENTED.test(String(readRow(row, cols.name) ?? ''))
    })
  }
  if (drafts.length === 0) {
    return { ok: false, error: { code: 'budget.no-lines', message: `工作表“${sheet.name}”的表头下没有任何概算行。` } }
  }

  const unit = inferYuan(drafts, options.declaredInvestment, detectAmountUnit(rows, header))
  const placements = buildHierarchy(drafts.map((d) => d.raw))
  markIndentedBreakdowns(drafts, placements)
  // A line whose only children are 其中 rows still carries its own cost (a leaf for sums and fee bases).
  const parents = new Set<string>()
  for (const d of drafts) {
    const p = placements.get(d.raw.id)
    if (p?.parentId && !d.raw.isMemo) parents.add(p.parentId)
  }

  const rules = options.categoryRules ?? DEFAULT_CATEGORY_RULES
  const categoryById = new Map<string, BudgetCategory>()
  const lines: BudgetLine[] = drafts.map((d) => {
    const unitPriceFen = toFen(d.unitPrice, unit.unitPriceUnit)
    const amountFen = toFen(d.amount, unit.amountUnit)
    const placement = placements.get(d.raw.id) ?? { parentId: null, level: 0 }
    const parentCategory = placement.parentId ? (categoryById.get(placement.parentId) ?? null) : null
    const category = classifyLine(d.name, d.spec, parentCategory, rules)
    categoryById.set(d.raw.id, category)
    return {
      id: d.raw.id,
      parentId: placement.parentId,
      level: placement.level,
      numbering: d.raw.numbering?.text ?? null,
      numberingKind: d.raw.numbering?.kind ?? null,
      name: d.name,
      spec: d.spec,
      unit: d.unit,
      quantity: d.quantity,
      unitPrice: unitPriceFen === null ? null : fenToWan(unitPriceFen),
      amount: amountFen === null ? null : fenToWan(amountFen),
      unitPriceFen,
      amountFen,
      remark: d.remark,
      isSubtotal: d.raw.isSubtotal,
      isTotal: d.raw.isTotal,
      isMemo: d.raw.isMemo,
      hasChildren: parents.has(d.raw.id),
      category,
      sourceRow: d.sourceRow
    }
  })

  const children = childrenByParent(lines)
  const topLevel = (children.get(null) ?? []).filter((l) => !l.isSubtotal && !l.isTotal && !l.isMemo)
  const computedTotalFen = topLevel.reduce((sum, line) => sum + effectiveFen(line, children), 0)
  const totalLine = lines.find((l) => l.isTotal) ?? null
  return {
    ok: true,
    budget: {
      sheetName: sheet.name,
      header,
      unit,
      lines,
      notes,
      computedTotal: fenToWan(computedTotalFen),
      computedTotalFen,
      sheetTotal: totalLine?.amount ?? null,
      totalLineId: totalLine?.id ?? null
    }
  }
}

