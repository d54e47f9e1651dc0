/** The sticky head of the scoring form: total, suggested conclusion, status, undo/redo and the save state. */
import { Button, Card, Space, Statistic, Tooltip, Typography } from 'antd'
import { CONCLUSION_LABELS, type Conclusion } from '../../../../shared/domain/conclusion'
import { SHEET_STATUS_LABELS } from '../../../../shared/domain/sheet'
import { Badge } from '../../components/Badge'
import { formatTime } from '../../format'
import type { SheetEditor } from './useSheetEditor'

export function ScoringHeader({ ed, total, totalPoints, suggested, vetoReasons, locked, onHelp }: { ed: SheetEditor; total: number; totalPoints: number; suggested: Conclusion | null; vetoReasons: readonly string[]; locked: boolean; onHelp: () => void }) {
  return (
    <Card size="small" className="pd-scoring-head" data-testid="scoring-head">
      <Space size="large" wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Statistic title="总分" value={total} suffix={`/ ${totalPoints}`} precision={1} />
        <div>
          <div>
            <Typography.Text type="secondary">建议结论：</Typography.Text>
            {/* An empty sheet suggests nothing yet: no red 不予通过 before the first score. */}
            {suggested ? <Badge tone={suggested === 'pass' ? 'success' : suggested === 'revise' ? 'warning' : 'danger'}>{CONCLUSION_LABELS[suggested]}</Badge> : <Typography.Text type="secondary">评分后给出</Typography.Text>}
            {vetoReasons.length > 0 && (
              <div data-testid="veto-reasons">
                {vetoReasons.map((r) => (
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
            <Button type="text" onClick={onHelp} aria-label="键盘快捷键">
              快捷键 ?
            </Button>
          </Space>
        )}
        <div className="pd-save-state" aria-live="polite" data-testid="save-state">
          <SaveState ed={ed} locked={locked} />
        </div>
      </Space>
    </Card>
  )
}

function SaveState({ ed, locked }: { ed: SheetEditor; locked: boolean }) {
  if (locked) return <>已锁定，不能修改</>
  if (ed.error) return <Typography.Text type="danger">保存失败：{ed.error}{Object.keys(ed.fieldErrors).length > 0 ? '（见标红的输入框）' : ''}</Typography.Text>
  if (ed.pending > 0) return <>正在保存…</>
  if (ed.savedAt) return <>已自动保存 {formatTime(ed.savedAt)}</>
  return <>修改会自动保存</>
}
