/**
 * Merging the panel's scores and budget reviews (DOMAIN.md "Merging scores", "Budget review"): pure maths, no I/O.
 *
 *  - mean: sum / number of experts (the common formula); trimmed mean: drop one highest and one lowest when there
 *    are at least 5 scores, then the mean; median.
 *  - a score is flagged when it deviates from the panel median by more than `deviationRatio` × the dimension's
 *    points (default 20 %); the expert may add a 偏离说明. Flags never drop a score.
 *  - budget: per line the experts' 核定 merged (median by default), the 组长's override with a reason, totals and
 *    审减率 per category; lines where the experts disagree most come first.
 *
 * The algorithm of `mergeValues` is the one the documents verify against (electron/main/documents/model.ts):
 * keep them identical (merge.test.ts checks).
 */
import type { Conclusion } from './conclusion'
import type { RubricDefinition } from './rubric'
import { roundScore } from './scoring'
import { completePinPolicy, DEFAULT_PIN_POLICY, type PinPolicy } from '../signing/pin'
import { completePriceSettings, DEFAULT_PRICE_SETTINGS, type PriceSettings } from './prices/range'
import { fenToWan, wanToFen } from './money'

export const MERGE_METHODS = ['mean', 'trimmed-mean', 'median'] as const
export type MergeMethod = (typeof MERGE_METHODS)[number]

export const MERGE_METHOD_NAMES: Record<MergeMethod, string> = {
  mean: '算术平均',
  'trimmed-mean': '去掉最高最低分后平均',
  median: '中位数'
}

export function isMergeMethod(x: unknown): x is MergeMethod {
  return typeof x === 'string' && (MERGE_METHODS as readonly string[]).includes(x)
}

/** The merged value of `values` by `method` (0 for no values). */
export function mergeValues(values: readonly number[], method: MergeMethod): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  if (method === 'median') {
    const mid = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  }
  const used = method === 'trimmed-mean' && sorted.length >= 5 ? sorted.slice(1, -1) : sorted
  let sum = 0
  for (const v of used) sum += v
  return sum / used.length
}

export function median(values: readonly number[]): number {
  return mergeValues(values, 'median')
}

// ---------------------------------------------------------------------------------------------------------
// Meeting settings
// ---------------------------------------------------------------------------------------------------------

/** The merge rules and thresholds of one meeting (secretariat-owned, stored as JSON on the meeting). */
export interface MeetingSettings {
  mergeMethod: MergeMethod
  budgetMergeMethod: MergeMethod
  /** A score deviating from the panel median by more than this share of the dimension's points is flagged. */
  deviationRatio: number
  /** Suggested panel conclusion: total ≥ passAt → 同意通过; ≥ reviseAt → 修改完善后通过; else 不予通过. */
  conclusion: { passAt: number; reviseAt: number }
  /** Panel size rules per project. */
  panel: { minPerProject: number; requireOdd: boolean }
  /** What a new PIN must be on the experts' laptops (a longer PIN, or a passphrase with letters). */
  pin: PinPolicy
  /** 价格参考 (issue 13): 单价偏高 margin, minimum reference count, age after which a reference is old. */
  prices: PriceSettings
}

export function defaultSettings(rubric: Pick<RubricDefinition, 'conclusion'>, mergeMethod: MergeMethod = 'mean'): MeetingSettings {
  return {
    mergeMethod,
    budgetMergeMethod: 'median',
    deviationRatio: 0.2,
    conclusion: { passAt: rubric.conclusion.passAt, reviseAt: rubric.conclusion.reviseAt },
    panel: { minPerProject: 3, requireOdd: true },
    pin: { ...DEFAULT_PIN_POLICY },
    prices: { ...DEFAULT_PRICE_SETTINGS }
  }
}

function num(x: unknown, fallback: number, min: number, max: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? x : fallback
}

/** Stored settings (possibly partial or from an older version) completed with the defaults. */
export function completeSettings(stored: unknown, rubric: Pick<RubricDefinition, 'conclusion' | 'totalPoints'>, mergeMethod: string): MeetingSettings {
  const d = defaultSettings(rubric, isMergeMethod(mergeMethod) ? mergeMethod : 'mean')
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof MeetingSettings, unknown>>
  const c = (typeof s.conclusion === 'object' && s.conclusion !== null ? s.conclusion : {}) as Record<string, unknown>
  const p = (typeof s.panel === 'object' && s.panel !== null ? s.panel : {}) as Record<string, unknown>
  const passAt = num(c.passAt, d.conclusion.passAt, 0, rubric.totalPoints)
  const reviseAt = num(c.reviseAt, d.conclusion.reviseAt, 0, passAt)
  return {
    mergeMethod: d.mergeMethod,
    budgetMergeMethod: isMergeMethod(s.budgetMergeMethod) ? s.budgetMergeMethod : d.budgetMergeMethod,
    deviationRatio: num(s.deviationRatio, d.deviationRatio, 0.01, 1),
    conclusion: { passAt, reviseAt },
    panel: {
      minPerProject: Math.round(num(p.minPerProject, d.panel.minPerProject, 1, 99)),
      requireOdd: typeof p.requireOdd === 'boolean' ? p.requireOdd : d.panel.requireOdd
    },
    pin: completePinPolicy(s.pin),
    prices: completePriceSettings(s.prices)
  }
}

/** The panel's suggested conclusion by the meeting's thresholds; a veto of the project's findings makes it 不予通过. */
export function suggestPanelConclusion(settings: Pick<MeetingSettings, 'conclusion'>, total: number, vetoes: readonly { reason: string }[] = []): Conclusion {
  if (vetoes.length > 0) return 'reject'
  if (total >= settings.conclusion.passAt) return 'pass'
  if (total >= settings.conclusion.reviseAt) return 'revise'
  return 'reject'
}

/** Problems with a project's panel size (odd number, a minimum); empty when fine. */
export function panelSizeProblems(size: number, rules: MeetingSettings['panel']): string[] {
  const out: string[] = []
  if (size < rules.minPerProject) out.push(`评审专家不足 ${rules.minPerProject} 人（现 ${size} 人）`)
  if (rules.requireOdd && size > 0 && size % 2 === 0) out.push(`评审专家应为单数（现 ${size} 人）`)
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------------------

export interface ExpertScores {
  expertId: string
  name: string
  /** Dimension id → the expert's dimension total. */
  dimensionTotals: Record<string, number>
  total: number
  conclusion: Conclusion
}

export interface ScoreCell {
  expertId: string
  name: string
  score: number
  /** score − panel median */
  deviation: number
  flagged: boolean
}

export interface MergedRow {
  /** Dimension id, or 'total'. */
  id: string
  name: string
  points: number
  merged: number
  median: number
  min: number
  max: number
  /** Deviation beyond which a score is flagged (ratio × points). */
  threshold: number
  scores: ScoreCell[]
}

export interface ProjectMerge {
  method: MergeMethod
  experts: number
  dimensions: MergedRow[]
  total: MergedRow
  suggestedConclusion: Conclusion
  conclusions: Record<Conclusion, number>
  flagCount: number
}

/** Flags of one column of scores: |score − median| > threshold. */
export function deviationFlags(scores: readonly number[], threshold: number): boolean[] {
  const m = median(scores)
  return scores.map((s) => Math.abs(s - m) > threshold + 1e-9)
}

function mergedRow(id: string, name: string, points: number, sheets: readonly ExpertScores[], pick: (s: ExpertScores) => number, method: MergeMethod, ratio: number): MergedRow {
  const values = sheets.map(pick)
  const m = median(values)
  const threshold = ratio * points
  const flags = deviationFlags(values, threshold)
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
  }
  return {
    id,
    name,
    points,
    merged: roundScore(mergeValues(values, method)),
    median: roundScore(m),
    min: values.length ? min : 0,
    max: values.length ? max : 0,
    threshold: roundScore(threshold),
    scores: sheets.map((s, i) => ({ expertId: s.expertId, name: s.name, score: values[i] as number, deviation: roundScore((values[i] as number) - m), flagged: flags[i] as boolean }))
  }
}

/** Merges one project's valid sheets by the meeting's settings. */
export function mergeProject(
  rubric: Pick<RubricDefinition, 'dimensions' | 'totalPoints'>,
  sheets: readonly ExpertScores[],
  settings: MeetingSettings,
  vetoes: readonly { reason: string }[] = []
): ProjectMerge {
  const method = settings.mergeMethod
  const dimensions = rubric.dimensions.map((d) => mergedRow(d.id, d.name, d.points, sheets, (s) => s.dimensionTotals[d.id] ?? 0, method, settings.deviationRatio))
  const total = mergedRow('total', '总分', rubric.totalPoints, sheets, (s) => s.total, method, settings.deviationRatio)
  const conclusions: Record<Conclusion, number> = { pass: 0, revise: 0, reject: 0 }
  for (const s of sheets) conclusions[s.conclusion]++
  return {
    method,
    experts: sheets.length,
    dimensions,
    total,
    suggestedConclusion: suggestPanelConclusion(settings, total.merged, vetoes),
    conclusions,
    flagCount: dimensions.reduce((n, d) => n + d.scores.filter((c) => c.flagged).length, 0)
  }
}

export interface RankedProject {
  projectId: string
  name: string
  total: number | null
  rank: number | null
}

/** Projects by merged total, highest first; equal totals share a rank (1, 2, 2, 4); unmerged projects last. */
export function rankProjects(items: readonly { projectId: string; name: string; total: number | null }[]): RankedProject[] {
  const scored = items.filter((i) => i.total !== null).sort((a, b) => (b.total as number) - (a.total as number))
  const out: RankedProject[] = []
  scored.forEach((p, i) => {
    const prev = out[i - 1]
    const rank = prev && prev.total === p.total ? (prev.rank as number) : i + 1
    out.push({ ...p, rank })
  })
  for (const p of items) if (p.total === null) out.push({ ...p, rank: null })
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Budget
// ---------------------------------------------------------------------------------------------------------

export interface BudgetApproval {
  expertId: string
  /** The expert's 核定 (the submitted amount when the expert kept the line). */
  amount: number
  reason: string | null
}

export interface BudgetLineInput {
  lineId: string
  name: string
  category: string
  submitted: number
  approvals: BudgetApproval[]
}

export interface BudgetOverride {
  amount: number
  reason: string
}

export interface BudgetLineMerge {
  lineId: string
  name: string
  category: string
  submitted: number
  approvals: BudgetApproval[]
  /** The merged 核定 of the experts (by the budget merge method), rounded to 0.01 万元. */
  merged: number
  /** max − min of the experts' 核定: how much they disagree. */
  spread: number
  override: BudgetOverride | null
  /** The panel's 核定: the override when there is one, otherwise the merged value. */
  approved: number
  /** Original order of the line in the budget. */
  order: number
}

export interface BudgetCategoryTotal {
  category: string
  submitted: number
  approved: number
  /** 审减额: the lines cut only (送审 − 核定 where 核定 is lower). */
  cut: number
  /** 核增额: the lines raised or added, kept apart from 审减 (never netted against it). */
  increase: number
  /** 审减率 = 审减额 / 送审 (0 when nothing was submitted). */
  cutRate: number
}

export interface BudgetMerge {
  method: MergeMethod
  /** Lines where the experts disagree most first (then by original order). */
  lines: BudgetLineMerge[]
  categories: BudgetCategoryTotal[]
  total: BudgetCategoryTotal
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100
}

interface FenTotal {
  s: number
  a: number
  cut: number
  inc: number
}

/** Adds a line in exact 分: its 审减 or its 核增, each on its own side. */
function addFen(t: FenTotal, submitted: number, approved: number): void {
  const s = wanToFen(submitted)
  const a = wanToFen(approved)
  t.s += s
  t.a += a
  if (a < s) t.cut += s - a
  else t.inc += a - s
}

function categoryTotal(category: string, t: FenTotal): BudgetCategoryTotal {
  const cut = fenToWan(t.cut)
  const s = fenToWan(t.s)
  return { category, submitted: s, approved: fenToWan(t.a), cut, increase: fenToWan(t.inc), cutRate: s > 0 ? cut / s : 0 }
}

/** Merges the experts' 核定 line by line, applies the 组长's overrides, and totals by category. */
export function mergeBudget(lines: readonly BudgetLineInput[], method: MergeMethod, overrides: Readonly<Record<string, BudgetOverride>> = {}): BudgetMerge {
  const merged: BudgetLineMerge[] = lines.map((l, order) => {
    let min = Infinity
    let max = -Infinity
    const amounts = l.approvals.map((a) => a.amount)
    for (const v of amounts) {
      if (v < min) min = v
      if (v > max) max = v
    }
    const m = amounts.length ? round2(mergeValues(amounts, method)) : l.submitted
    const o = Object.prototype.hasOwnProperty.call(overrides, l.lineId) ? (overrides[l.lineId] as BudgetOverride) : null
    return {
      lineId: l.lineId,
      name: l.name,
      category: l.category,
      submitted: l.submitted,
      approvals: l.approvals,
      merged: m,
      spread: amounts.length ? round2(max - min) : 0,
      override: o,
      approved: o ? round2(o.amount) : m,
      order
    }
  })
  const byCategory = new Map<string, FenTotal>()
  const all: FenTotal = { s: 0, a: 0, cut: 0, inc: 0 }
  for (const l of merged) {
    const c = byCategory.get(l.category) ?? { s: 0, a: 0, cut: 0, inc: 0 }
    addFen(c, l.submitted, l.approved)
    byCategory.set(l.category, c)
    addFen(all, l.submitted, l.approved)
  }
  const sortedLines = [...merged].sort((x, y) => y.spread - x.spread || x.order - y.order)
  return {
    method,
    lines: sortedLines,
    categories: [...byCategory].map(([category, t]) => categoryTotal(category, t)),
    total: categoryTotal('合计', all)
  }
}
