/**
 * The five dimensions of 第八条 with their sub-items, an opinion per dimension, 主要问题 and 修改建议, live
 * totals, the conclusion, and submission. Keyboard first: Tab through fields, Alt+1…5 to a dimension,
 * Ctrl+Z / Ctrl+Y to undo and redo, ? for the list.
 */
import { Alert, Button, Card, Input, Radio, Space, Statistic, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import { CONCLUSIONS, CONCLUSION_LABELS } from '../../../../shared/domain/conclusion'
import type { RubricDefinition } from '../../../../shared/domain/rubric'
import { computeTotals, isLowScore, suggestConclusionWithReasons } from '../../../../shared/domain/scoring'
import { SHEET_STATUS_LABELS } from '../../../../shared/domain/sheet'
import { articleLabel } from '../../../../shared/domain/packages/findingsView'
import { Badge } from '../../components/Badge'
import { SCORING_KEY_HINTS, ShortcutHelp } from '../../components/ShortcutHelp'
import { formatTime } from '../../format'
import { useShortcuts, type Shortcut } from '../../hooks/useShortcuts'
import { focusDimension } from './focus'
import { ListEditor } from './ListEditor'
import { ScoreInput } from './ScoreInput'
import { SubmitPanel } from './SubmitPanel'
import { useSheetEditor } from './useSheetEditor'
import { DimensionFindings } from './DimensionFindings'
import { useDimensionFindings } from './useDimensionFindings'


export interface ScoringFormProps {
  rubric: RubricDefinition
  initial: SheetView
  onSubmitted: (s: SheetView) => void
  extraShortcuts?: Shortcut[]
}

export function ScoringForm({ rubric, initial, onSubmitted, extraShortcuts = [] }: ScoringFormProps) {
  const ed = useSheetEditor(initial)
  const findings = useDimensionFindings(initial.projectId)
  const [help, setHelp] = useState(false)
  const locked = ed.sheet.status !== 'draft'
  const totals = computeTotals(rubric, ed.sheet.scores)
  const vetoes = [...findings.values()].flat().flatMap((f) => (f.veto ? [f.veto] : []))
  const suggestion = suggestConclusionWithReasons(rubric, totals.total, vetoes)
  const suggested = suggestion.conclusion
  const shortcuts: Shortcut[] = useMemo(
    () => [
      ...rubric.dimensions.slice(0, 9).map((d, i) => ({ keys: `Alt+${i + 1}`, label: `跳到「${d.name}」`, run: () => focusDimension(i) })),
      { keys: 'Ctrl+Z', label: '撤销上一次修改（在文字框中为撤销文字输入）', run: ed.undo },
      { keys: 'Ctrl+Y', label: '重做', run: ed.redo },
      { keys: 'Ctrl+Shift+Z', label: '重做', run: ed.redo },
      ...extraShortcuts,
      { keys: '?', label: '显示快捷键列表', run: () => setHelp(true) }
    ],
    [rubric, ed.undo, ed.redo, extraShortcuts]
  )
  useShortcuts(shortcuts)

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" style={{ position: 'sticky', top: 0, zIndex: 2 }}>
        <Space size="large" wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Statistic title="总分" value={totals.total} suffix={`/ ${rubric.totalPoints}`} precision={1} />
          <div>
            <div>
              <Typography.Text type="secondary">建议结论：</Typography.Text>
              <Badge tone={suggested === 'pass' ? 'success' : suggested === 'revise' ? 'warning' : 'danger'}>{CONCLUSION_LABELS[suggested]}</Badge>
              {vetoes.length > 0 && (
                <div data-testid="veto-reasons">
                  {suggestion.reasons.map((r) => (
                    <Typography.Text key={r} type="danger" style={{ display: 'block', fontSize: 12 }}>
                      {r}
                    </Typography.Text>
                  ))}
                </div>
              )}
            </div>
            <div>
              <Typography.Text type="secondary">状态：</Typography.Text>
              {SHEET_STATUS_LABELS[ed.sheet.status]}（第 {ed.sheet.revision} 版）
            </div>
          </div>
          {!locked && (
            <Space>
              <Tooltip title="Ctrl+Z">
                <Button disabled={!ed.canUndo} onClick={ed.undo}>
                  撤销
                </Button>
              </Tooltip>
              <Tooltip title="Ctrl+Y">
                <Button disabled={!ed.canRedo} onClick={ed.redo}>
                  重做
                </Button>
              </Tooltip>
              <Button type="text" onClick={() => setHelp(true)} aria-label="键盘快捷键">
                快捷键 ?
              </Button>
            </Space>
          )}
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
      {locked && <Alert type="info" showIcon title={ed.sheet.status === 'reopened' ? '这一版评分表已被秘书处退回，请重新打开项目继续评审。' : '评分表已提交并签名，不能再修改。'} />}
      {rubric.dimensions.map((d, di) => {
        const dt = totals.dimensions.find((x) => x.dimensionId === d.id)
        const needsOpinion = d.items.some((i) => isLowScore(rubric, i, ed.sheet.scores[i.id])) && !(ed.opinions[d.id] ?? '').trim()
        return (
          <Card
            key={d.id}
            id={`dimension-${d.id}`}
            title={
              <Space>
                <span>
                  {di + 1}. {d.name}
                </span>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  （{d.points} 分，{articleLabel(d.article)}）
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
              <DimensionFindings findings={findings.get(d.id) ?? []} />
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
                  placeholder={`写明主要意见；某项得分低于该项分值的 ${Math.round(rubric.lowScoreRatio * 100)}% 时必须填写`}
                  status={needsOpinion ? 'warning' : undefined}
                  onChange={(e) => ed.setOpinion(d.id, e.target.value)}
                  onBlur={() => ed.flushOpinion(d.id)}
                />
                {needsOpinion && <Typography.Text type="warning">有细则得分低于 {Math.round(rubric.lowScoreRatio * 100)}%，请填写本维度的评审意见。</Typography.Text>}
              </div>
            </Space>
          </Card>
        )
      })}
      <Card title="主要问题（必须修改）">
        <ListEditor label="主要问题" items={ed.sheet.mainProblems} disabled={locked} onSave={(items) => ed.setList('mainProblems', items)} />
      </Card>
      <Card title="修改建议（建议完善）">
        <ListEditor label="修改建议" items={ed.sheet.suggestions} disabled={locked} onSave={(items) => ed.setList('suggestions', items)} />
      </Card>
      <Card title="评审结论" data-testid="conclusion">
        <Radio.Group
          value={ed.sheet.conclusion}
          disabled={locked}
          onChange={(e) => ed.setConclusion(e.target.value as (typeof CONCLUSIONS)[number])}
          options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))}
        />
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">
            建议结论根据总分得出（≥{rubric.conclusion.passAt} 分同意通过，≥{rubric.conclusion.reviseAt} 分修改完善后通过），结论由专家本人选择。
          </Typography.Text>
        </div>
      </Card>
      <SubmitPanel sheet={ed.sheet} beforeSubmit={ed.flush} onSubmitted={onSubmitted} />
      <ShortcutHelp open={help} shortcuts={shortcuts} hints={SCORING_KEY_HINTS} onClose={() => setHelp(false)} />
    </Space>
  )
}
