/**
 * Rate-based fees recomputed after the expert's cuts (issue 14 item 6). 预备费, 系统集成费, 监理费 and
 * 建设单位管理费 are priced as a rate of a base; when the expert cuts lines of the base, the fee should follow. Each fee
 * keeps the rate the budget used (its 送审 fee ÷ its 送审 base), capped by the reference rate where there is one
 * (预备费 5 %, 系统集成 8 %: the same bases and caps as the fee findings, compliance/config.ts), and is applied to the
 * base as the expert approved it. The result is a suggestion the expert accepts or not — never applied silently.
 * Everything in integer 分.
 */
import type { BudgetCategory } from './budget/types'
import { distributeCut, approvedOf, type ReviewLine } from './budgetReview'
import { fenTimes, fenToWan, wanToFen } from './money'
import type { BudgetLineReview } from './sheet'

export interface FeeRule {
  /** Stable id of the fee (the suggestion's id is `fee-recompute.<id>`). */
  id: string
  label: string
  /** Whether a line is this fee. */
  isFee: (l: ReviewLine) => boolean
  /** Whether a line belongs to the fee's base. */
  inBase: (l: ReviewLine) => boolean
  /** The reference rate the fee may not exceed, when there is one. */
  maxRate?: number
}

export interface FeeRecompute {
  id: string
  label: string
  lineIds: string[]
  /** The rate applied: the budget's own, capped by the reference rate. */
  rate: number
  baseSubmitted: number
  baseApproved: number
  /** The fee as it stands in the expert's review, and as recomputed. */
  feeNow: number
  feeRecomputed: number
  /** The decisions accepting it would write (the fee lines cut in proportion). */
  decisions: BudgetLineReview[]
}

const MANAGEMENT = /建设单位管理费|项目建设管理费|建设管理费/
const WORKS: readonly BudgetCategory[] = ['硬件购置', '软件购置', '应用软件开发', '系统集成', '云资源租赁', '安全', '密码']

/** The fees PanelDesk recomputes, with their bases. */
export function defaultFeeRules(rates: { contingencyMaxRate: number; integrationMaxRate: number; integrationBaseCategories: readonly string[] }): FeeRule[] {
  const works = (l: ReviewLine) => (WORKS as readonly string[]).includes(l.category) && !l.added
  return [
    { id: 'integration', label: '系统集成费', isFee: (l) => l.category === '系统集成', inBase: (l) => rates.integrationBaseCategories.includes(l.category), maxRate: rates.integrationMaxRate },
    { id: 'supervision', label: '工程监理费', isFee: (l) => l.category === '监理', inBase: works },
    { id: 'management', label: '建设单位管理费', isFee: (l) => MANAGEMENT.test(l.name), inBase: works },
    // Last: its base is every other line, after the other fees are recomputed.
    { id: 'contingency', label: '预备费', isFee: (l) => l.category === '预备费', inBase: (l) => l.category !== '预备费', maxRate: rates.contingencyMaxRate }
  ]
}

/** Below this (1 元) a difference is rounding, not a suggestion. */
const MIN_FEN = 100

/**
 * The recomputed fees worth suggesting: those whose base the expert cut, and whose recomputed amount is below the
 * fee as it now stands. Fees after an earlier one (预备费 after 监理费) see that earlier suggestion as accepted.
 */
export function feeRecomputes(lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>, rules: readonly FeeRule[]): FeeRecompute[] {
  const out: FeeRecompute[] = []
  const assumed: Record<string, BudgetLineReview> = { ...reviews }
  for (const rule of rules) {
    const fees = lines.filter((l) => rule.isFee(l) && !l.added)
    if (fees.length === 0) continue
    const feeIds = new Set(fees.map((l) => l.lineId))
    const base = lines.filter((l) => !feeIds.has(l.lineId) && rule.inBase(l))
    const sum = (ls: readonly ReviewLine[], f: (l: ReviewLine) => number) => ls.reduce((s, l) => s + wanToFen(f(l)), 0)
    const baseSubmitted = sum(base, (l) => l.submitted)
    const baseApproved = sum(base, (l) => approvedOf(l, assumed[l.lineId]))
    const feeSubmitted = sum(fees, (l) => l.submitted)
    const feeNow = sum(fees, (l) => approvedOf(l, assumed[l.lineId]))
    if (baseSubmitted <= 0 || feeSubmitted <= 0 || baseApproved >= baseSubmitted) continue
    const rate = Math.min(feeSubmitted / baseSubmitted, rule.maxRate ?? Infinity)
    const recomputed = fenTimes(baseApproved, rate)
    if (feeNow - recomputed < MIN_FEN) continue
    const kept = distributeCut(fees, fenToWan(feeSubmitted - recomputed))
    const note = `按审减后的计费基数重算：${rule.label}按费率${(rate * 100).toFixed(2)}%计，基数由${fenToWan(baseSubmitted)}万元调为${fenToWan(baseApproved)}万元`
    const decisions = fees.map((l) => ({ lineId: l.lineId, approvedAmount: kept.get(l.lineId) ?? l.submitted, reason: '其他' as const, note }))
    for (const d of decisions) assumed[d.lineId] = d
    out.push({
      id: `fee-recompute.${rule.id}`,
      label: rule.label,
      lineIds: fees.map((l) => l.lineId),
      rate,
      baseSubmitted: fenToWan(baseSubmitted),
      baseApproved: fenToWan(baseApproved),
      feeNow: fenToWan(feeNow),
      feeRecomputed: fenToWan(recomputed),
      decisions
    })
  }
  return out
}
