/**
 * 概算审核: every reviewable budget line with the expert's decision, live totals (送审, 核定, 审减额, 审减率) by
 * category and overall, filters for changed lines and lines with findings, and accepting suggested cuts.
 * Rows are virtualised so that thousands of lines stay smooth.
 */
import { Alert, Button, Card, Empty, Segmented, Space, Statistic, Table, Typography, App as AntApp } from 'antd'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import type { BudgetReviewLineView, BudgetReviewView } from '../../../../shared/api/budgetTypes'
import { isChanged } from '../../../../shared/domain/budgetReview'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { BudgetLineRow, type LineDecision } from './BudgetLineRow'
import { usePrices, type PriceSlot } from './usePrices'
import { AddLineForm, type AddedLineInput } from './AddLineForm'
import { BudgetSuggestions, undoOf, type UndoStep } from './BudgetSuggestions'

type Filter = 'all' | 'changed' | 'findings'

export function BudgetReviewPanel({ projectId, version, closed = false }: { projectId: string; version: string; closed?: boolean }) {
  const q = useQuery(() => call('budgetReview.get', { projectId }), [projectId, version])
  const price = usePrices(projectId, version, () => void q.reload())
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  if (!q.data) return null
  return <BudgetReview view={q.data} onView={q.setData} price={price} closed={closed} />
}

function percent(x: number): string {
  return `${(x * 100).toFixed(2)}%`
}

function BudgetReview({ view, onView, price, closed }: { view: BudgetReviewView; onView: (v: BudgetReviewView) => void; price: PriceSlot; closed: boolean }) {
  const [filter, setFilter] = useState<Filter>('all')
  const [busy, setBusy] = useState(false)
  const [adding, setAdding] = useState(false)
  const [undo, setUndo] = useState<UndoStep | null>(null)
  const { message } = AntApp.useApp()
  const lines = useMemo(() => {
    if (filter === 'changed') return view.lines.filter((l) => isChanged(l, l.review ?? undefined))
    if (filter === 'findings') return view.lines.filter((l) => l.findings.length > 0)
    return view.lines
  }, [view.lines, filter])
  // A group's card stays until every line of the group has a decision (accepted, or decided line by line).
  const changedIds = new Set(view.lines.filter((l) => isChanged(l, l.review ?? undefined)).map((l) => l.lineId))
  const openGroups = view.groupSuggestions.filter((g) => !g.lines.every((l) => changedIds.has(l.lineId)))
  const pendingSuggestions = view.lines.flatMap((l) => (isChanged(l, l.review ?? undefined) ? [] : l.findings.filter((f) => f.suggestedCut).map((f) => f.id)))

  const run = async (fn: () => Promise<BudgetReviewView>) => {
    setBusy(true)
    try {
      onView(await fn())
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const sheetId = view.sheetId
  const save = (d: LineDecision) => sheetId && void run(() => call('budgetReview.setLine', { sheetId, ...d }))
  const accept = (ids: string[]) => sheetId && void run(() => call('budgetReview.acceptFindings', { sheetId, findingIds: ids }))
  const acceptGroup = (g: BudgetReviewView['groupSuggestions'][number], lineIds?: string[]) => {
    if (!sheetId) return
    setUndo(undoOf(view.lines, lineIds ?? g.lines.map((l) => l.lineId), `「${g.group}」审减建议`))
    void run(() => call('budgetReview.acceptFindings', { sheetId, findingIds: [g.findingId], ...(lineIds ? { lineIds } : {}) }))
  }
  const acceptFee = (f: BudgetReviewView['feeSuggestions'][number]) => {
    if (!sheetId) return
    setUndo(undoOf(view.lines, f.lines.map((l) => l.lineId), `${f.label}按计费基数重算`))
    void run(() => call('budgetReview.acceptFee', { sheetId, feeId: f.id }))
  }
  const undoLast = () => {
    if (!sheetId || !undo) return
    const steps = undo.decisions
    setUndo(null)
    void run(async () => {
      let v = view
      for (const d of steps) v = await call('budgetReview.setLine', { sheetId, ...d })
      return v
    })
  }
  const remove = (lineId: string) => sheetId && void run(() => call('budgetReview.removeLine', { sheetId, lineId }))
  const add = async (l: AddedLineInput): Promise<string | null> => {
    if (!sheetId) return '开始评审后才能核增'
    try {
      onView(await call('budgetReview.addLine', { sheetId, ...l }))
      setAdding(false)
      return null
    } catch (err) {
      return errorMessage(err)
    }
  }

  if (view.lines.length === 0) {
    return (
      <Card>
        <Empty description="该项目尚未导入概算表，暂无可审核的概算行。" />
      </Card>
    )
  }
  const t = view.totals.overall
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space size="large" wrap>
          <Statistic title="送审金额（万元）" value={formatWan(t.submitted)} />
          <Statistic title="核定金额（万元）" value={formatWan(t.approved)} />
          <Statistic title="审减额（万元）" value={t.cut > 0 ? `−${formatWan(t.cut)}` : formatWan(0)} styles={{ content: { color: t.cut > 0 ? '#b3261e' : undefined } }} />
          <Statistic title="审减率" value={percent(t.cutRate)} />
          <Statistic title="核增额（万元）" value={t.increase > 0 ? `+${formatWan(t.increase)}` : formatWan(0)} styles={{ content: { color: t.increase > 0 ? '#1d5fa8' : undefined } }} />
          <Statistic title="已调整行数" value={view.totals.changedLines} />
        </Space>
      </Card>
      {!view.editable && <Alert type="info" showIcon title={closed ? '会议已关闭，概算审核结果只读。' : view.sheetId ? '评分表已提交，概算审核结果已随签名锁定。' : '开始评审后即可逐行审核概算。'} />}
      <Table
        size="small"
        pagination={false}
        rowKey="category"
        dataSource={view.totals.byCategory}
        columns={[
          { title: '类别', dataIndex: 'category' },
          { title: '送审', dataIndex: 'submitted', align: 'right', render: (x: number) => formatWan(x) },
          { title: '核定', dataIndex: 'approved', align: 'right', render: (x: number) => formatWan(x) },
          { title: '审减额', dataIndex: 'cut', align: 'right', render: (x: number) => (x > 0 ? <span className="pd-cut">−{formatWan(x)}</span> : formatWan(0)) },
          { title: '审减率', dataIndex: 'cutRate', align: 'right', render: (x: number) => percent(x) },
          { title: '核增额', dataIndex: 'increase', align: 'right', render: (x: number) => (x > 0 ? <span className="pd-increase">+{formatWan(x)}</span> : formatWan(0)) }
        ]}
      />
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `全部（${view.lines.length}）` },
            { value: 'changed', label: `已调整（${view.totals.changedLines}）` },
            { value: 'findings', label: `有合规提示（${view.lines.filter((l) => l.findings.length).length}）` }
          ]}
        />
        <Space wrap>
          {view.editable && !adding && <Button onClick={() => setAdding(true)}>核增漏项…</Button>}
          {view.editable && pendingSuggestions.length > 0 && (
            <Button loading={busy} onClick={() => accept(pendingSuggestions)}>
              采纳全部审减建议（{pendingSuggestions.length}）
            </Button>
          )}
        </Space>
      </Space>
      {adding && <AddLineForm categories={view.totals.byCategory.map((c) => c.category)} onAdd={add} onCancel={() => setAdding(false)} />}
      <BudgetSuggestions groups={openGroups} fees={view.feeSuggestions} editable={view.editable} undo={undo} onAcceptGroup={acceptGroup} onAcceptFee={acceptFee} onUndo={undoLast} />
      {price.summary}
      <VirtualRows lines={lines} editable={view.editable} onSave={save} onAccept={(id) => accept([id])} onRemove={remove} price={price.slot} />
    </Space>
  )
}

function VirtualRows({ lines, editable, onSave, onAccept, onRemove, price }: { lines: BudgetReviewLineView[]; editable: boolean; onSave: (d: LineDecision) => void; onAccept: (id: string) => void; onRemove: (lineId: string) => void; price: PriceSlot['slot'] }) {
  const parent = useRef<HTMLDivElement>(null)
  const v = useVirtualizer({ count: lines.length, getScrollElement: () => parent.current, estimateSize: () => 96, overscan: 8 })
  if (lines.length === 0) return <Typography.Text type="secondary">没有符合筛选条件的概算行。</Typography.Text>
  return (
    <div className="pd-budget-table">
      <div className="pd-budget-head">逐行审核：填写核定金额并选择审减理由；留空表示不调整（金额单位：万元）</div>
      <div ref={parent} style={{ maxHeight: 560, overflowY: 'auto', overflowX: 'hidden' }} role="list" aria-label="概算逐行审核">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const line = lines[item.index]
            if (!line) return null
            return (
              <div key={line.lineId + (line.review?.approvedAmount ?? 'k')} ref={v.measureElement} data-index={item.index} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
                <BudgetLineRow line={line} editable={editable} onSave={onSave} onAccept={onAccept} onRemove={onRemove} price={price(line)} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
