/** The five dimensions of 第八条 with their sub-items, an opinion per dimension, live totals, the conclusion. */
import { Badge } from '../../components/Badge'
import { Alert, Card, Input, Radio, Space, Statistic, Typography } from 'antd'
import type { SheetView } from '../../../../shared/api/types'
import { CONCLUSIONS, CONCLUSION_LABELS } from '../../../../shared/domain/conclusion'
import type { RubricDefinition } from '../../../../shared/domain/rubric'
import { computeTotals, isLowScore, suggestConclusion } from '../../../../shared/domain/scoring'
import { SHEET_STATUS_LABELS } from '../../../../shared/domain/sheet'
import { formatTime } from '../../format'
import { ScoreInput } from './ScoreInput'
import { useSheetEditor } from './useSheetEditor'

const ARTICLE_NUMERALS: Record<number, string> = { 8: '八' }

export function ScoringForm({ rubric, initial }: { rubric: RubricDefinition; initial: SheetView }) {
  const ed = useSheetEditor(initial)
  const locked = ed.sheet.status !== 'draft'
  const totals = computeTotals(rubric, ed.sheet.scores)
  const suggested = suggestConclusion(rubric, totals.total)
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space size="large" wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Statistic title="总分" value={totals.total} suffix={`/ ${rubric.totalPoints}`} precision={1} />
          <div>
            <div>
              <Typography.Text type="secondary">建议结论：</Typography.Text>
              <Badge tone={suggested === 'pass' ? 'success' : suggested === 'revise' ? 'warning' : 'danger'}>{CONCLUSION_LABELS[suggested]}</Badge>
            </div>
            <div>
              <Typography.Text type="secondary">状态：</Typography.Text>
              {SHEET_STATUS_LABELS[ed.sheet.status]}（第 {ed.sheet.revision} 版）
            </div>
          </div>
          <div className="pd-save-state" aria-live="polite" data-testid="save-state">
            {ed.error ? (
              <Typography.Text type="danger">保存失败：{ed.error}</Typography.Text>
            ) : ed.pending > 0 ? (
              '正在保存…'
            ) : ed.savedAt ? (
              `已自动保存 ${formatTime(ed.savedAt)}`
            ) : (
              '修改会自动保存'
            )}
          </div>
        </Space>
      </Card>
      {locked && <Alert type="info" showIcon title="评分表已提交并签名，不能再修改。" />}
      {rubric.dimensions.map((d) => {
        const dt = totals.dimensions.find((x) => x.dimensionId === d.id)
        const needsOpinion = d.items.some((i) => isLowScore(rubric, i, ed.sheet.scores[i.id])) && !(ed.opinions[d.id] ?? '').trim()
        return (
          <Card
            key={d.id}
            id={`dimension-${d.id}`}
            title={
              <Space>
                <span>{d.name}</span>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  （{d.points} 分，第{ARTICLE_NUMERALS[d.article] ?? d.article}条）
                </Typography.Text>
              </Space>
            }
            extra={
              <Typography.Text strong data-testid={`dimension-total-${d.id}`}>
                {dt?.score ?? 0} / {d.points}
              </Typography.Text>
            }
          >
            <Space orientation="vertical" style={{ width: '100%' }} size="middle">
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
                  <ScoreInput item={item} score={ed.sheet.scores[item.id]} disabled={locked} onChange={(v, na) => ed.setScore(item.id, v, na)} />
                </div>
              ))}
              <div>
                <label htmlFor={`opinion-${d.id}`}>
                  <Typography.Text strong>「{d.name}」评审意见</Typography.Text>
                </label>
                <Input.TextArea
                  id={`opinion-${d.id}`}
                  value={ed.opinions[d.id] ?? ''}
                  disabled={locked}
                  autoSize={{ minRows: 2, maxRows: 8 }}
                  maxLength={20000}
                  placeholder="写明主要意见；某项得分低于该项分值的 60% 时必须填写"
                  status={needsOpinion ? 'warning' : undefined}
                  onChange={(e) => ed.setOpinion(d.id, e.target.value)}
                  onBlur={() => ed.flushOpinion(d.id)}
                />
                {needsOpinion && <Typography.Text type="warning">有细则得分低于 60%，请填写本维度的评审意见。</Typography.Text>}
              </div>
            </Space>
          </Card>
        )
      })}
      <Card title="评审结论">
        <Radio.Group
          value={ed.sheet.conclusion}
          disabled={locked}
          onChange={(e) => ed.setConclusion(e.target.value as (typeof CONCLUSIONS)[number])}
          options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))}
        />
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">建议结论根据总分得出（≥{rubric.conclusion.passAt} 分同意通过，≥{rubric.conclusion.reviseAt} 分修改完善后通过），结论由专家本人选择。</Typography.Text>
        </div>
      </Card>
    </Space>
  )
}
