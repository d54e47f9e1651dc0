/**
 * Suggestions that are not one line's (issue 14 item 6): a finding's cut on a whole group, shown once and spread
 * by the expert's choice — in proportion over all its lines or over the lines ticked — with a preview of every
 * line's 核定 before accepting; and rate-based fees recomputed from their base after the cuts. Accepting either can
 * be undone (the lines' previous decisions are written back).
 */
import { Alert, Button, Card, Checkbox, Collapse, Radio, Space, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import type { FeeSuggestionView, GroupSuggestionView } from '../../../../shared/api/budgetTypes'
import { distributeCut } from '../../../../shared/domain/budgetReview'
import { formatWan } from '../../format'
import type { Snapshot } from './acceptAll'

/** An accepted suggestion that can be undone: the lines' decisions before it (acceptAll.ts, as for 采纳全部). */
export interface UndoStep {
  label: string
  before: Snapshot
}

function GroupCard({ g, editable, onAccept }: { g: GroupSuggestionView; editable: boolean; onAccept: (lineIds?: string[]) => void }) {
  const [mode, setMode] = useState<'all' | 'chosen'>('all')
  const [chosen, setChosen] = useState<string[]>([])
  const target = mode === 'all' ? g.lines : g.lines.filter((l) => chosen.includes(l.lineId))
  const preview = useMemo(() => distributeCut(target.map((l) => ({ ...l, numbering: '', category: '' })), g.amount), [target, g.amount])
  const spread = target.reduce((s, l) => s + l.submitted - (preview.get(l.lineId) ?? l.submitted), 0)
  return (
    <Card size="small" title={`${g.label}：「${g.group}」建议审减 ${formatWan(g.amount)} 万元（${g.reason}）`} role="group" aria-label={`「${g.group}」分组审减建议`}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{g.message}</Typography.Paragraph>
      {editable && (
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'all' | 'chosen')} style={{ marginBottom: 8 }}>
          <Radio value="all">按金额比例分摊到本组 {g.lines.length} 行</Radio>
          <Radio value="chosen">只分摊到勾选的行</Radio>
        </Radio.Group>
      )}
      <Table
        size="small"
        pagination={false}
        rowKey="lineId"
        dataSource={g.lines}
        columns={[
          ...(editable && mode === 'chosen'
            ? [{
                title: '分摊',
                width: 60,
                render: (_: unknown, l: GroupSuggestionView['lines'][number]) => (
                  <Checkbox aria-label={`分摊到「${l.name}」`} checked={chosen.includes(l.lineId)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, l.lineId] : c.filter((x) => x !== l.lineId)))} />
                )
              }]
            : []),
          { title: '概算行', dataIndex: 'name' },
          { title: '送审', dataIndex: 'submitted', align: 'right' as const, render: (x: number) => formatWan(x) },
          { title: '采纳后核定（预览）', align: 'right' as const, render: (_: unknown, l: GroupSuggestionView['lines'][number]) => (preview.has(l.lineId) ? formatWan(preview.get(l.lineId)!) : '不调整') }
        ]}
      />
      {editable && (
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" disabled={target.length === 0} onClick={() => onAccept(mode === 'all' ? undefined : chosen)}>
            采纳（审减 {formatWan(spread)} 万元）
          </Button>
          {mode === 'chosen' && target.length === 0 && <Typography.Text type="secondary">请勾选要分摊的行</Typography.Text>}
          {spread + 0.005 < g.amount && target.length > 0 && <Typography.Text type="warning">所选行的送审合计不足，只能审减 {formatWan(spread)} 万元</Typography.Text>}
        </Space>
      )}
    </Card>
  )
}

function FeeCard({ f, editable, onAccept }: { f: FeeSuggestionView; editable: boolean; onAccept: () => void }) {
  return (
    <Alert
      type="info"
      showIcon
      title={`${f.label}按审减后的计费基数重算：${formatWan(f.feeNow)} → ${formatWan(f.feeRecomputed)} 万元`}
      description={`费率 ${(f.rate * 100).toFixed(2)}%（送审概算所用费率${f.label === '预备费' || f.label === '系统集成费' ? '，不超过参考费率' : ''}），计费基数由 ${formatWan(f.baseSubmitted)} 万元调为 ${formatWan(f.baseApproved)} 万元；涉及：${f.lines.map((l) => l.name).join('、')}。`}
      action={editable ? <Button size="small" onClick={onAccept} aria-label={`采纳${f.label}重算`}>采纳重算</Button> : undefined}
    />
  )
}

export function BudgetSuggestions(p: {
  groups: GroupSuggestionView[]
  fees: FeeSuggestionView[]
  editable: boolean
  undo: UndoStep | null
  onAcceptGroup: (g: GroupSuggestionView, lineIds?: string[]) => void
  onAcceptFee: (f: FeeSuggestionView) => void
  onUndo: () => void
}) {
  if (p.groups.length === 0 && p.fees.length === 0 && !p.undo) return null
  const count = [p.groups.length ? `${p.groups.length} 条分组审减建议` : '', p.fees.length ? `${p.fees.length} 条费用重算` : ''].filter(Boolean).join('、')
  // Folded by default so that the lines keep the pane (the lines' badges point here); one click opens every card.
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      {p.undo && (
        <Alert type="success" showIcon title={`已采纳：${p.undo.label}`} action={<Button size="small" onClick={p.onUndo} aria-label="撤销">撤销</Button>} />
      )}
      {count && (
        <Collapse
          size="small"
          items={[
            {
              key: 'suggestions',
              label: `审减建议与费用重算（${count}）`,
              children: (
                <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                  {p.fees.map((f) => (
                    <FeeCard key={f.id} f={f} editable={p.editable} onAccept={() => p.onAcceptFee(f)} />
                  ))}
                  {p.groups.map((g) => (
                    <GroupCard key={g.findingId} g={g} editable={p.editable} onAccept={(ids) => p.onAcceptGroup(g, ids)} />
                  ))}
                </Space>
              )
            }
          ]}
        />
      )}
    </Space>
  )
}
