/**
 * The budget of two versions compared line by line in the submitted structure (issue 12): lines are matched by name
 * within the same group, then by name anywhere (a line moved between groups), then by name similarity (a renamed
 * line); what is left is added or removed. Each line is also set against the 核定 amount of the old line when the
 * caller gives them: 按核定调整, 未按核定调整, 新增, 已删除. Amounts are compared as integer 分.
 */
import { interleave } from './order'
import { bigrams, dice, normaliseName, toFen } from './similarity'
import type { ApprovalStatus, BudgetChange, BudgetDiff, BudgetLineDiff, BudgetLineSnapshot, BudgetTotals, LineApproval } from './types'

export interface DiffBudgetLine {
  id: string
  parentId: string | null
  numbering: string | null
  name: string
  spec: string | null
  unit: string | null
  quantity: number | null
  /** 万元. */
  unitPrice: number | null
  /** 万元. */
  amount: number | null
  isSubtotal: boolean
  isTotal: boolean
  isMemo: boolean
  hasChildren: boolean
}

export interface DiffBudgetInput {
  lines: readonly DiffBudgetLine[]
  /** 万元. */
  computedTotal: number
  sheetTotal: number | null
  declaredInvestment: number
}

/** Lines compared per version (a larger sheet is compared in its first lines only). */
export const MAX_BUDGET_LINES = 50_000
/** Name-similarity matching runs only when unmatched old × unmatched new lines stay under this. */
export const MAX_SIMILARITY_PAIRS = 250_000
const MAX_DEPTH = 12
/** Float noise tolerated when comparing an amount with its 核定 (分). */
const APPROVAL_TOLERANCE_FEN = 1

interface Prepared {
  lines: DiffBudgetLine[]
  index: Map<string, number>
  names: string[]
  parents: (number | null)[]
}

function prepare(input: DiffBudgetInput): Prepared {
  const lines = input.lines.filter((l) => !l.isSubtotal && !l.isTotal && !l.isMemo).slice(0, MAX_BUDGET_LINES)
  const index = new Map(lines.map((l, i) => [l.id, i]))
  return { lines, index, names: lines.map((l) => normaliseName(l.name)), parents: lines.map((l) => (l.parentId === null ? null : (index.get(l.parentId) ?? null))) }
}

function groupOf(p: Prepared, i: number): string[] {
  const out: string[] = []
  for (let k = p.parents[i] ?? null, depth = 0; k !== null && depth < MAX_DEPTH; k = p.parents[k] ?? null, depth++) out.unshift((p.lines[k] as DiffBudgetLine).name)
  return out
}

function snapshot(p: Prepared, i: number): BudgetLineSnapshot {
  const l = p.lines[i] as DiffBudgetLine
  return { id: l.id, numbering: l.numbering, name: l.name, group: groupOf(p, i), unit: l.unit, quantity: l.quantity, unitPriceFen: toFen(l.unitPrice), amountFen: toFen(l.amount), isGroup: l.hasChildren }
}

/** Old index → new index (and the similarity for renamed lines); false in `renameMatching` when it was skipped. */
function matchLines(a: Prepared, b: Prepared): { match: (number | null)[]; similarity: Map<number, number>; renameMatching: boolean } {
  const match: (number | null)[] = a.lines.map(() => null)
  const used = new Set<number>()
  const byKey = (key: (p: Prepared, i: number) => string) => {
    const queues = new Map<string, number[]>()
    b.lines.forEach((_, j) => {
      if (used.has(j)) return
      const k = key(b, j)
      const q = queues.get(k) ?? []
      q.push(j)
      queues.set(k, q)
    })
    a.lines.forEach((_, i) => {
      if (match[i] !== null) return
      const q = queues.get(key(a, i))
      const j = q?.shift()
      if (j !== undefined) {
        match[i] = j
        used.add(j)
      }
    })
  }
  const parentName = (p: Prepared, i: number) => {
    const k = p.parents[i]
    return k === null || k === undefined ? '' : (p.names[k] as string)
  }
  byKey((p, i) => `${p.names[i]}\u0000${parentName(p, i)}\u0000${p.lines[i]?.hasChildren ? 1 : 0}`)
  byKey((p, i) => `${p.names[i]}\u0000${p.lines[i]?.hasChildren ? 1 : 0}`)

  const similarity = new Map<number, number>()
  const oldLeft = a.lines.map((_, i) => i).filter((i) => match[i] === null)
  const newLeft = b.lines.map((_, j) => j).filter((j) => !used.has(j))
  if (oldLeft.length * newLeft.length > MAX_SIMILARITY_PAIRS) return { match, similarity, renameMatching: false }
  const grams = new Map<string, Set<string>>()
  const gramsOf = (name: string) => grams.get(name) ?? (grams.set(name, bigrams(name)), grams.get(name) as Set<string>)
  const candidates: { i: number; j: number; score: number }[] = []
  for (const i of oldLeft) {
    const li = a.lines[i] as DiffBudgetLine
    for (const j of newLeft) {
      const lj = b.lines[j] as DiffBudgetLine
      if (li.hasChildren !== lj.hasChildren) continue
      const score = dice(gramsOf(a.names[i] as string), gramsOf(b.names[j] as string))
      const sameAmount = toFen(li.amount) === toFen(lj.amount) && li.amount !== null
      if (score >= 0.5 || (score >= 0.3 && sameAmount)) candidates.push({ i, j, score: score + (sameAmount ? 0.1 : 0) + (parentName(a, i) === parentName(b, j) ? 0.05 : 0) })
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j)
  for (const c of candidates) {
    if (match[c.i] !== null || used.has(c.j)) continue
    match[c.i] = c.j
    used.add(c.j)
    similarity.set(c.i, Math.min(1, Math.round(dice(gramsOf(a.names[c.i] as string), gramsOf(b.names[c.j] as string)) * 100) / 100))
  }
  return { match, similarity, renameMatching: true }
}

function changesOf(a: DiffBudgetLine, b: DiffBudgetLine): BudgetChange[] {
  const out: BudgetChange[] = []
  const text = (x: string | null) => (x ?? '').trim()
  if (a.name.trim() !== b.name.trim()) out.push('name')
  if (a.quantity !== b.quantity) out.push('quantity')
  if (toFen(a.unitPrice) !== toFen(b.unitPrice)) out.push('unitPrice')
  if (toFen(a.amount) !== toFen(b.amount)) out.push('amount')
  if (text(a.unit) !== text(b.unit)) out.push('unit')
  if (text(a.spec) !== text(b.spec)) out.push('spec')
  return out
}

function approvalOf(old: BudgetLineSnapshot | null, now: BudgetLineSnapshot | null, approved: ReadonlyMap<string, number> | undefined): LineApproval | null {
  if (!approved) return null
  if ((old ?? now)?.isGroup) return null
  const a = old ? approved.get(old.id) : undefined
  const aFen = a === undefined ? null : toFen(a)
  const nowFen = now?.amountFen ?? 0
  if (!old && now) return { status: 'new', approvedFen: null, differenceFen: nowFen }
  if (aFen === null) return null
  if (!now) return aFen === 0 ? { status: 'as-approved', approvedFen: 0, differenceFen: 0 } : { status: 'removed', approvedFen: aFen, differenceFen: -aFen }
  const difference = nowFen - aFen
  return { status: Math.abs(difference) <= APPROVAL_TOLERANCE_FEN ? 'as-approved' : 'not-as-approved', approvedFen: aFen, differenceFen: difference }
}

function totals(input: DiffBudgetInput): BudgetTotals {
  return { computedFen: toFen(input.computedTotal) ?? 0, sheetFen: toFen(input.sheetTotal), declaredFen: toFen(input.declaredInvestment) ?? 0 }
}

/**
 * Compares two budgets. `approved` maps an old line's id to its 核定 amount (万元) — the signed 专家组评审意见's
 * lines — and adds the 核定 comparison.
 */
export function diffBudgets(oldBudget: DiffBudgetInput, newBudget: DiffBudgetInput, approved?: ReadonlyMap<string, number>): BudgetDiff {
  const a = prepare(oldBudget)
  const b = prepare(newBudget)
  const { match, similarity, renameMatching } = matchLines(a, b)
  const newToOld = new Map<number, number>()
  match.forEach((j, i) => {
    if (j !== null) newToOld.set(j, i)
  })
  const counts = { same: 0, changed: 0, added: 0, removed: 0, moved: 0, renamed: 0 }
  const lines: BudgetLineDiff[] = interleave(b.lines.length, match).map(({ old: i, new: j }) => {
    const o = i === null ? null : snapshot(a, i)
    const n = j === null ? null : snapshot(b, j)
    const changes = i !== null && j !== null ? changesOf(a.lines[i] as DiffBudgetLine, b.lines[j] as DiffBudgetLine) : []
    let moved: BudgetLineDiff['moved'] = null
    if (i !== null && j !== null) {
      const op = a.parents[i] ?? null
      const mappedParent = op === null ? null : (match[op] ?? null)
      const np = b.parents[j] ?? null
      if (mappedParent !== np) moved = { from: o?.group ?? [], to: n?.group ?? [] }
    }
    const sim = i !== null ? similarity.get(i) : undefined
    const status = i === null ? 'added' : j === null ? 'removed' : changes.length > 0 || moved ? 'changed' : 'same'
    counts[status]++
    if (moved) counts.moved++
    if (sim !== undefined) counts.renamed++
    return {
      status,
      old: o,
      new: n,
      changes,
      renamed: sim === undefined ? null : { similarity: sim },
      moved,
      deltaFen: (n?.amountFen ?? 0) - (o?.amountFen ?? 0),
      approval: approvalOf(o, n, approved)
    }
  })
  const oldTotals = totals(oldBudget)
  const newTotals = totals(newBudget)
  const deltaFen = newTotals.computedFen - oldTotals.computedFen
  return {
    lines,
    old: oldTotals,
    new: newTotals,
    deltaFen,
    deltaRate: oldTotals.computedFen > 0 ? deltaFen / oldTotals.computedFen : 0,
    counts,
    renameMatching,
    approval: approved ? approvalSummary(lines, a, approved) : null
  }
}

function approvalSummary(lines: readonly BudgetLineDiff[], a: Prepared, approved: ReadonlyMap<string, number>): NonNullable<BudgetDiff['approval']> {
  const counts: Record<ApprovalStatus, number> = { 'as-approved': 0, 'not-as-approved': 0, new: 0, removed: 0 }
  let approvedTotalFen = 0
  for (const [id, amount] of approved) if (a.index.has(id)) approvedTotalFen += toFen(amount) ?? 0
  let newTotalFen = 0
  for (const l of lines) {
    if (!l.approval) continue
    counts[l.approval.status]++
    newTotalFen += l.new?.amountFen ?? 0
  }
  return { approvedTotalFen, newTotalFen, counts }
}
