import { describe, expect, it } from 'vitest'
import rubricJson from '../../resources/rubrics/default.json'
import { parseRubric } from './rubric'
import { submissionProblems, type SubmissionState } from './submission'

const rubric = parseRubric(rubricJson)
const full = Object.fromEntries(rubric.dimensions.flatMap((d) => d.items.map((i) => [i.id, { value: i.points, na: false }])))
const ready: SubmissionState = {
  scores: full,
  opinions: {},
  conclusion: 'pass',
  declaration: { kind: 'none', reason: '', declaredAt: '2026-12-03T01:00:00Z' },
  commitmentAccepted: true,
  hasKey: true
}

describe('submission problems', () => {
  it('is empty for a complete sheet', () => {
    expect(submissionProblems(rubric, ready)).toEqual([])
  })

  it('names every unscored required item, with its dimension, in rubric order', () => {
    const scores = { ...full }
    delete scores['security.crypto']
    delete scores['tech.scope']
    const p = submissionProblems(rubric, { ...ready, scores })
    expect(p).toEqual([
      { kind: 'score', dimensionId: 'tech', itemId: 'tech.scope', message: '「技术方案」的「建设内容与功能匹配、无重复建设」尚未评分' },
      { kind: 'score', dimensionId: 'security', itemId: 'security.crypto', message: '「安全方案」的「密码应用方案（GB/T 39786）」尚未评分' }
    ])
  })

  it('requires an opinion for a dimension with a score below 60% of its points', () => {
    const scores = { ...full, 'budget.software': { value: 5.5, na: false } }
    const p = submissionProblems(rubric, { ...ready, scores })
    expect(p).toEqual([{ kind: 'opinion', dimensionId: 'budget', message: '「投资概算」有细则得分低于该项分值的 60%，须填写评审意见' }])
    expect(submissionProblems(rubric, { ...ready, scores, opinions: { budget: '软件工作量测算依据不足。' } })).toEqual([])
    expect(submissionProblems(rubric, { ...ready, scores, opinions: { budget: '   ' } })).toHaveLength(1)
  })

  it('requires the commitment, a non-recusal declaration, a conclusion and a key', () => {
    const p = submissionProblems(rubric, { ...ready, commitmentAccepted: false, declaration: null, conclusion: null, hasKey: false })
    expect(p.map((x) => x.kind)).toEqual(['commitment', 'declaration', 'conclusion', 'key'])
    const recused = submissionProblems(rubric, { ...ready, declaration: { kind: 'recuse', reason: '曾任编制单位顾问', declaredAt: 'x' } })
    expect(recused).toEqual([{ kind: 'declaration', message: '已申请回避，不能提交评分表' }])
  })

  it('reports a stored score that breaks the rubric (N/A where not allowed)', () => {
    const p = submissionProblems(rubric, { ...ready, scores: { ...full, 'security.mlps': { value: null, na: true } } })
    expect(p).toEqual([{ kind: 'score', dimensionId: 'security', itemId: 'security.mlps', message: '「等级保护定级与措施」不允许选择"不适用"' }])
  })

  it('a conclusion that overrides a veto needs a reason; 不予通过 or no veto needs none', () => {
    const vetoes = ['第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设']
    expect(submissionProblems(rubric, { ...ready, vetoes })).toEqual([{ kind: 'conclusion', message: '评审结论与否决项的建议（不予通过）不同，须说明理由' }])
    expect(submissionProblems(rubric, { ...ready, vetoes, conclusionReason: '  ' })).toHaveLength(1)
    expect(submissionProblems(rubric, { ...ready, vetoes, conclusionReason: '已在附件中说明接入市公共数据汇聚共享平台' })).toEqual([])
    expect(submissionProblems(rubric, { ...ready, vetoes, conclusion: 'reject' })).toEqual([])
    expect(submissionProblems(rubric, { ...ready, vetoes: [] })).toEqual([])
  })
})
