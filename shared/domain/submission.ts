/**
 * What stands between a draft sheet and its submission: each problem says exactly what is missing, in Chinese,
 * and where (so the UI can take the expert there). Nothing is submitted while this list is not empty.
 */
import type { Conclusion } from './conclusion'
import type { RubricDefinition } from './rubric'
import { isLowScore, overridesVeto, validateItemScore } from './scoring'
import type { ConflictDeclaration, ItemScore } from './sheet'

export type SubmissionProblem =
  | { kind: 'declaration'; message: string }
  | { kind: 'commitment'; message: string }
  | { kind: 'score'; dimensionId: string; itemId: string; message: string }
  | { kind: 'opinion'; dimensionId: string; message: string }
  | { kind: 'conclusion'; message: string }
  | { kind: 'key'; message: string }

export interface SubmissionState {
  scores: Record<string, ItemScore>
  opinions: Record<string, string>
  conclusion: Conclusion | null
  declaration: ConflictDeclaration | null
  commitmentAccepted: boolean
  hasKey: boolean
  /** The project's veto reasons (the suggestion is 不予通过 because of them); absent or [] when none. */
  vetoes?: readonly string[]
  /** The expert's reason for a conclusion that departs from a veto. */
  conclusionReason?: string
}

export function submissionProblems(rubric: RubricDefinition, s: SubmissionState): SubmissionProblem[] {
  const out: SubmissionProblem[] = []
  if (!s.commitmentAccepted) out.push({ kind: 'commitment', message: '尚未签署本次会议的评审承诺书' })
  if (!s.declaration) out.push({ kind: 'declaration', message: '尚未作出回避声明' })
  else if (s.declaration.kind === 'recuse') out.push({ kind: 'declaration', message: '已申请回避，不能提交评分表' })
  for (const d of rubric.dimensions) {
    let low = false
    for (const item of d.items) {
      const score = s.scores[item.id]
      if (score) {
        const v = validateItemScore(item, score)
        if (!v.ok) {
          out.push({ kind: 'score', dimensionId: d.id, itemId: item.id, message: v.message })
          continue
        }
      }
      const scored = !!score && (score.na || score.value !== null)
      if (item.required && !scored) {
        out.push({ kind: 'score', dimensionId: d.id, itemId: item.id, message: `「${d.name}」的「${item.name}」尚未评分` })
      }
      if (isLowScore(rubric, item, score)) low = true
    }
    if (low && !(s.opinions[d.id] ?? '').trim()) {
      out.push({
        kind: 'opinion',
        dimensionId: d.id,
        message: `「${d.name}」有细则得分低于该项分值的 ${Math.round(rubric.lowScoreRatio * 100)}%，须填写评审意见`
      })
    }
  }
  if (!s.conclusion) out.push({ kind: 'conclusion', message: '尚未选择评审结论' })
  else if (overridesVeto(s.vetoes ?? [], s.conclusion) && !(s.conclusionReason ?? '').trim()) {
    out.push({ kind: 'conclusion', message: '评审结论与否决项的建议（不予通过）不同，须说明理由' })
  }
  if (!s.hasKey) out.push({ kind: 'key', message: '尚未生成签名密钥（请在“我的身份”中设置 PIN 并生成密钥）' })
  return out
}
