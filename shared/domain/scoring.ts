/** Rubric maths: totals, the suggested conclusion, and what is missing before a sheet can be submitted. */
import type { Conclusion } from './conclusion'
import type { RubricDefinition, RubricItem } from './rubric'
import type { ItemScore } from './sheet'

export interface DimensionTotal {
  dimensionId: string
  /** Sum of the scored items; N/A items count as full points so that they never penalise. */
  score: number
  points: number
  scoredItems: number
  totalItems: number
}

export interface SheetTotals {
  dimensions: DimensionTotal[]
  total: number
  totalPoints: number
  complete: boolean
}

/** Rounds to the rubric's precision (two decimals) without binary noise such as 0.1 + 0.2. */
export function roundScore(x: number): number {
  return Math.round(x * 100) / 100
}

export type ScoreValidation = { ok: true } | { ok: false; message: string }

export function validateItemScore(item: RubricItem, score: ItemScore): ScoreValidation {
  if (score.na) {
    return item.naAllowed ? { ok: true } : { ok: false, message: `「${item.name}」不允许选择"不适用"` }
  }
  const v = score.value
  if (v === null) return { ok: true }
  if (!Number.isFinite(v)) return { ok: false, message: `「${item.name}」的分数不是有效数字` }
  if (v < 0 || v > item.points) return { ok: false, message: `「${item.name}」的分数应在 0 至 ${item.points} 之间` }
  const steps = v / item.step
  if (Math.abs(steps - Math.round(steps)) > 1e-9) {
    return { ok: false, message: `「${item.name}」的分数应为 ${item.step} 的整数倍` }
  }
  return { ok: true }
}

export function computeTotals(rubric: RubricDefinition, scores: Record<string, ItemScore>): SheetTotals {
  let complete = true
  const dimensions = rubric.dimensions.map((d): DimensionTotal => {
    let score = 0
    let scoredItems = 0
    for (const item of d.items) {
      const s = scores[item.id]
      if (s?.na && item.naAllowed) {
        score += item.points
        scoredItems++
      } else if (s && s.value !== null && Number.isFinite(s.value)) {
        score += Math.min(Math.max(s.value, 0), item.points)
        scoredItems++
      } else if (item.required) {
        complete = false
      }
    }
    return { dimensionId: d.id, score: roundScore(score), points: d.points, scoredItems, totalItems: d.items.length }
  })
  const total = roundScore(dimensions.reduce((s, d) => s + d.score, 0))
  return { dimensions, total, totalPoints: rubric.totalPoints, complete }
}

/** The rubric's rule: ≥ passAt with no veto → 同意通过; ≥ reviseAt → 修改完善后通过; otherwise 不予通过. */
export function suggestConclusion(rubric: RubricDefinition, total: number, hasVeto = false): Conclusion {
  if (hasVeto) return 'reject'
  if (total >= rubric.conclusion.passAt) return 'pass'
  if (total >= rubric.conclusion.reviseAt) return 'revise'
  return 'reject'
}

export interface ConclusionSuggestion {
  conclusion: Conclusion
  /** Chinese: why (each veto's reason, or the total against the thresholds). */
  reasons: string[]
  /** The distinct veto reasons behind a 不予通过 suggestion ([] when the suggestion comes from the total). */
  vetoes: string[]
}

/** The longest reason an expert may give for a conclusion that departs from a veto (characters). */
export const CONCLUSION_REASON_MAX = 5_000

/**
 * Whether the chosen conclusion overrides a veto: the suggestion rests on a veto (不予通过) and the expert chose
 * 同意通过 or 修改完善后通过. Then a reason is mandatory and is signed with the sheet.
 */
export function overridesVeto(vetoes: readonly string[], conclusion: Conclusion | null): boolean {
  return vetoes.length > 0 && conclusion !== null && conclusion !== 'reject'
}

/**
 * The suggested conclusion with its reasons. A veto (a finding that stops the project as submitted, e.g. 第十二条
 * 不得建设 or 第十一条 重新审批) makes it 不予通过 whatever the total; the expert may still conclude otherwise.
 */
export function suggestConclusionWithReasons(
  rubric: RubricDefinition,
  total: number,
  vetoes: readonly { reason: string }[] = []
): ConclusionSuggestion {
  if (vetoes.length > 0) {
    const reasons = [...new Set(vetoes.map((v) => v.reason))]
    return { conclusion: 'reject', reasons: reasons.map((r) => `否决项：${r}`), vetoes: reasons }
  }
  const conclusion = suggestConclusion(rubric, total)
  const { passAt, reviseAt } = rubric.conclusion
  const reason =
    conclusion === 'pass' ? `总分${total}分，不低于${passAt}分` : conclusion === 'revise' ? `总分${total}分，在${reviseAt}至${passAt}分之间` : `总分${total}分，低于${reviseAt}分`
  return { conclusion, reasons: [reason], vetoes: [] }
}

/** Whether an item's score is low enough that its dimension needs an opinion text. */
export function isLowScore(rubric: RubricDefinition, item: RubricItem, score: ItemScore | undefined): boolean {
  return !!score && !score.na && score.value !== null && score.value < item.points * rubric.lowScoreRatio
}
