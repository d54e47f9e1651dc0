/** One dimension of 第八条 in the scoring form: its findings, the sub-item scores and the dimension's opinion. */
import { Card, Input, Space, Typography } from 'antd'
import type { FindingView } from '../../../../shared/api/packageTypes'
import type { RubricDefinition, RubricDimension } from '../../../../shared/domain/rubric'
import { isLowScore } from '../../../../shared/domain/scoring'
import { LONG_TEXT_MAX } from '../../../../shared/domain/sheet'
import { articleLabel } from '../../../../shared/domain/packages/findingsView'
import { DimensionFindings } from './DimensionFindings'
import { ScoreInput } from './ScoreInput'
import type { SheetEditor } from './useSheetEditor'

export interface DimensionCardProps {
  rubric: RubricDefinition
  d: RubricDimension
  index: number
  score: number
  ed: SheetEditor
  locked: boolean
  findings: FindingView[]
}

export function DimensionCard({ rubric, d, index, score, ed, locked, findings }: DimensionCardProps) {
  const opinion = ed.opinions[d.id] ?? ''
  const needsOpinion = d.items.some((i) => isLowScore(rubric, i, ed.sheet.scores[i.id])) && !opinion.trim()
  const saveError = ed.fieldErrors[`opinion:${d.id}`]
  const low = Math.round(rubric.lowScoreRatio * 100)
  return (
    <Card
      id={`dimension-${d.id}`}
      title={
        <Space>
          <span>
            {index + 1}. {d.name}
          </span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            （{d.points} 分，{articleLabel(d.article)}）
          </Typography.Text>
        </Space>
      }
      extra={
        <Typography.Text strong data-testid={`dimension-total-${d.id}`}>
          {score} / {d.points}
        </Typography.Text>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <DimensionFindings findings={findings} />
        {d.items.map((item) => (
          <div key={item.id} style={{ display: 'grid', gridTemplateColumns: '1fr auto', gap: 12, alignItems: 'start' }}>
            <div>
              <Typography.Text strong>{item.name}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {item.guidance}
                </Typography.Text>
              </div>
            </div>
            <div>
              <ScoreInput item={item} score={ed.sheet.scores[item.id]} disabled={locked} onChange={(v, na) => ed.setScore(item.id, v, na)} />
              {ed.fieldErrors[`score:${item.id}`] && (
                <Typography.Text type="danger" role="alert" style={{ display: 'block', maxWidth: 260 }}>
                  未能保存：{ed.fieldErrors[`score:${item.id}`]}
                </Typography.Text>
              )}
            </div>
          </div>
        ))}
        <div>
          <label htmlFor={`opinion-${d.id}`}>
            <Typography.Text strong>「{d.name}」评审意见</Typography.Text>
          </label>
          <Input.TextArea
            id={`opinion-${d.id}`}
            value={opinion}
            disabled={locked}
            autoSize={{ minRows: 2, maxRows: 8 }}
            count={{ show: !locked, max: LONG_TEXT_MAX }}
            placeholder={`写明主要意见；某项得分低于该项分值的 ${low}% 时必须填写`}
            status={saveError || opinion.length > LONG_TEXT_MAX ? 'error' : needsOpinion ? 'warning' : undefined}
            onChange={(e) => ed.setOpinion(d.id, e.target.value)}
            onBlur={() => ed.flushOpinion(d.id)}
          />
          {opinion.length > LONG_TEXT_MAX && (
            <Typography.Text type="danger" role="alert">
              超出 {opinion.length - LONG_TEXT_MAX} 字（最多 {LONG_TEXT_MAX} 字），请删减；删减前不会保存。
            </Typography.Text>
          )}
          {saveError && opinion.length <= LONG_TEXT_MAX && (
            <Typography.Text type="danger" role="alert">
              未能保存：{saveError}
            </Typography.Text>
          )}
          {needsOpinion && <Typography.Text type="warning">有细则得分低于 {low}%，请填写本维度的评审意见。</Typography.Text>}
        </div>
      </Space>
    </Card>
  )
}
