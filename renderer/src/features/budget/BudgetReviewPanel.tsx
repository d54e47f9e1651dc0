/**
 * 概算审核: every reviewable budget line with the expert's decision, live totals (送审, 核定, 审减额, 审减率),
 * the lines in the submitted structure (groups with their 小计), the totals by top-level group and by category
 * (collapsible, folded by default so the lines get the room), filters for changed lines, lines with findings and
 * a category, and accepting suggested cuts with a preview and an undo. The lines fill the rest of
 * the pane as a windowed list (BudgetRows).
 */
import { Alert, Button, Card, Empty, Segmented, Select, Space, Table, Typography, App as AntApp } from 'antd'
import { useMemo, useState, type ReactNode } from 'react'
import type { BudgetReviewView } from '../../../../shared/api/budgetTypes'
import { approvedOf, isChanged } from '../../../../shared/domain/budgetReview'
import { groupLabel, skeletonRows, topLevelSummary } from '../../../../shared/domain/budgetSkeleton'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import type { LineDecision } from './BudgetLineRow'
import { BudgetRows } from './BudgetRows'
import { clearDraft, loadDrafts, saveDraft, type LineDraft } from './budgetDrafts'
import { useAcceptAll } from './useAcceptAll'
import { usePrices, type PriceSlot } from './usePrices'
import { AddLineForm, type AddedLineInput } from './AddLineForm'
import { BudgetSuggestions, type UndoStep } from './BudgetSuggestions'
import { snapshot, undoDecisions } from './acceptAll'

type Filter = 'all' | 'changed' | 'findings'

export function BudgetReviewPanel({ projectId, version, closed = false }: { projectId: string; version: string; closed?: boolean }) {
  const q = useQuery(() => call('budgetReview.get', { projectId }), [projectId, version])
  const price = usePrices(projectId, version, () => void q.reload())
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  if (!q.data) return null
  return <BudgetReview view={q.data} onView={q.setData} price={price} closed={closed} />
}

const percent = (x: number) => `${(x * 100).toFixed(2)}%`

function useLocalDrafts(sheetId: string | null) {
  const [drafts, setDrafts] = useState<Record<string, LineDraft>>(() => (sheetId ? loadDrafts(localStorage, sheetId) : {}))
  const onDraft = (lineId: string, d: LineDraft | null) => {
    if (!sheetId) return
    if (d) saveDraft(localStorage, sheetId, lineId, d)
    else clearDraft(localStorage, sheetId, lineId)
    setDrafts(loadDrafts(localStorage, sheetId))
  }
  return { drafts, onDraft }
}

function BudgetReview({ view, onView, price, closed }: { view: BudgetReviewView; onView: (v: BudgetReviewView) => void; price: PriceSlot; closed: boolean }) {
  const [filter, setFilter] = useState<Filter>('all')
  const [busy, setBusy] = useState(false)
  const [epoch, setEpoch] = useState(0)
  const [adding, setAdding] = useState(false)
  const [undo, setUndo] = useState<UndoStep | null>(null)
  const { message } = AntApp.useApp()
  const local = useLocalDrafts(view.sheetId)
  const [category, setCategory] = useState<string | null>(null)
  // The submitted structure is the skeleton of the rows; the filters and the category facet choose lines in it.
  const rows = useMemo(() => {
    const inFilter = (l: BudgetReviewView['lines'][number]) =>
      (category === null || l.category === category) &&
      (filter === 'changed' ? isChanged(l, l.review ?? undefined) || !!local.drafts[l.lineId] : filter === 'findings' ? l.findings.length > 0 : true)
    return skeletonRows(view.skeleton, view.lines.map((l) => ({ ...l, approved: approvedOf(l, l.review ?? undefined) })), inFilter)
  }, [view.lines, view.skeleton, filter, category, local.drafts])
  // A group's card stays until every line of the group has a decision (accepted, or decided line by line).
  const changedIds = new Set(view.lines.filter((l) => isChanged(l, l.review ?? undefined)).map((l) => l.lineId))
  const openGroups = view.groupSuggestions.filter((g) => !g.lines.every((l) => changedIds.has(l.lineId)))
  const run = async (fn: () => Promise<BudgetReviewView>, external = true): Promise<boolean> => {
    setBusy(true)
    try {
      onView(await fn())
      if (external) setEpoch((e) => e + 1)
      return true
    } catch (err) {
      void message.error(errorMessage(err))
      return false
    } finally {
      setBusy(false)
    }
  }
  const accept = useAcceptAll(view, run)
  const sheetId = view.sheetId
  const save = (d: LineDecision) => sheetId && void run(() => call('budgetReview.setLine', { sheetId, ...d }), false)
  const acceptOne = (id: string) => sheetId && void run(() => call('budgetReview.acceptFindings', { sheetId, findingIds: [id] }))
  const acceptGroup = (g: BudgetReviewView['groupSuggestions'][number], lineIds?: string[]) => {
    if (!sheetId) return
    setUndo({ label: `「${g.group}」审减建议`, before: snapshot(view.lines) })
    void run(() => call('budgetReview.acceptFindings', { sheetId, findingIds: [g.findingId], ...(lineIds ? { lineIds } : {}) }))
  }
  const acceptFee = (f: BudgetReviewView['feeSuggestions'][number]) => {
    if (!sheetId) return
    setUndo({ label: `${f.label}按计费基数重算`, before: snapshot(view.lines) })
    void run(() => call('budgetReview.acceptFee', { sheetId, feeId: f.id }))
  }
  const undoLast = () => {
    if (!sheetId || !undo) return
    // Exactly the lines whose decision differs now from before the action (as 采纳全部's undo does).
    const steps = undoDecisions(undo.before, view.lines)
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
  const draftCount = Object.keys(local.drafts).length
  return (
    <div className="pd-stack pd-budget-review" style={{ gap: 8 }}>
      <BudgetSummary
        view={view}
        actions={
          view.editable &&
          accept.preview.findingIds.length > 0 && (
            <Button size="small" loading={busy} onClick={accept.ask}>
              采纳全部审减建议（{accept.preview.findingIds.length}）
            </Button>
          )
        }
      />
      {!view.editable && <Alert type="info" showIcon title={closed ? '会议已关闭，概算审核结果只读。' : view.sheetId ? '评分表已提交，概算审核结果已随签名锁定。' : '开始评审后即可逐行审核概算。'} />}
      {draftCount > 0 && (
        <Typography.Text className="pd-budget-note" type="warning" role="status" data-testid="budget-drafts">
          {draftCount} 行核定金额缺少审减理由，暂存为本机草稿（标黄），补全后自动保存。
        </Typography.Text>
      )}
      {accept.done && (
        <div className="pd-budget-note pd-budget-done" role="status" data-testid="accept-done">
          <span>
            已采纳 {accept.done.preview.findingIds.length} 条审减建议，调整 {accept.done.preview.lines} 行，合计审减 {formatWan(accept.done.preview.cut)} 万元。
          </span>
          <Button size="small" loading={busy} onClick={() => void accept.undo(view)}>
            撤销
          </Button>
          <Button size="small" type="text" onClick={accept.dismiss}>
            知道了
          </Button>
        </div>
      )}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<Filter>
          size="small"
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `全部（${view.lines.length}）` },
            { value: 'changed', label: `已调整（${view.totals.changedLines}）` },
            { value: 'findings', label: `有合规提示（${view.lines.filter((l) => l.findings.length).length}）` }
          ]}
        />
        <Select<string>
          size="small"
          allowClear
          aria-label="按类别筛选"
          placeholder="全部类别"
          value={category ?? undefined}
          style={{ width: 130 }}
          options={view.totals.byCategory.map((c) => ({ value: c.category, label: c.category }))}
          onChange={(c) => setCategory(c ?? null)}
        />
      </Space>
      {adding && <AddLineForm categories={view.totals.byCategory.map((c) => c.category)} onAdd={add} onCancel={() => setAdding(false)} />}
      <BudgetSuggestions groups={openGroups} fees={view.feeSuggestions} editable={view.editable} undo={undo} onAcceptGroup={acceptGroup} onAcceptFee={acceptFee} onUndo={undoLast} />
      {price.summary}
      <BudgetRows key={`${filter}:${category ?? ''}`} rows={rows} editable={view.editable} onSave={save} onAccept={acceptOne} price={price.slot} drafts={local.drafts} onDraft={local.onDraft} onRemove={remove} epoch={epoch} />
      {view.editable && !adding && (
        <div className="pd-budget-foot">
          <Button size="small" onClick={() => setAdding(true)}>
            核增漏项…
          </Button>
          <Typography.Text type="secondary">概算中漏列的费用（如密评、监理）可补列为核增，须说明理由</Typography.Text>
        </div>
      )}
    </div>
  )
}

type Sums = { submitted: number; approved: number; cut: number; cutRate: number; increase: number }

/** 送审, 核定, 审减额, 审减率, 核增额 columns of a summary table (审减 and 核增 apart). */
function sumColumns<R>(of: (r: R) => Sums) {
  const money = (key: 'submitted' | 'approved') => (_: unknown, r: R) => formatWan(of(r)[key])
  return [
    { title: '送审', align: 'right' as const, render: money('submitted') },
    { title: '核定', align: 'right' as const, render: money('approved') },
    { title: '审减额', align: 'right' as const, render: (_: unknown, r: R) => (of(r).cut > 0 ? <span className="pd-cut">−{formatWan(of(r).cut)}</span> : formatWan(0)) },
    { title: '审减率', align: 'right' as const, render: (_: unknown, r: R) => percent(of(r).cutRate) },
    { title: '核增额', align: 'right' as const, render: (_: unknown, r: R) => (of(r).increase > 0 ? <span className="pd-increase">+{formatWan(of(r).increase)}</span> : formatWan(0)) }
  ]
}

/** One of the two folded summaries (by submitted group, by category): a button that shows or hides its table. */
function SummaryToggle({ open, onClick, label, title }: { open: boolean; onClick: () => void; label: string; title: string }) {
  return (
    <Button type="text" size="small" aria-expanded={open} title={title} onClick={onClick} icon={<span aria-hidden className={open ? 'pd-caret pd-caret-open' : 'pd-caret'}>›</span>}>
      {label}
    </Button>
  )
}

/**
 * The totals, then one row with the two folded summaries (folded by default so the lines get the room) and the
 * panel's actions (采纳全部) at its right.
 */
function BudgetSummary({ view, actions }: { view: BudgetReviewView; actions: ReactNode }) {
  const t = view.totals.overall
  const [open, setOpen] = useState<'groups' | 'categories' | null>(null)
  const toggle = (which: 'groups' | 'categories') => setOpen((o) => (o === which ? null : which))
  const groups = useMemo(() => topLevelSummary(view.skeleton, view.lines.map((l) => ({ ...l, approved: approvedOf(l, l.review ?? undefined) }))), [view.skeleton, view.lines])
  return (
    <div className="pd-budget-summary" data-testid="budget-summary">
      <div className="pd-budget-totals" role="group" aria-label="概算审核合计">
        <span>送审 <b className="num">{formatWan(t.submitted)}</b></span>
        <span>核定 <b className="num">{formatWan(t.approved)}</b></span>
        <span>审减 <b className={t.cut > 0 ? 'pd-cut' : 'num'}>{t.cut > 0 ? `−${formatWan(t.cut)}` : formatWan(0)}</b></span>
        <span>审减率 <b className="num">{percent(t.cutRate)}</b></span>
        {t.increase > 0 && (
          <span>
            核增 <b className="pd-increase">+{formatWan(t.increase)}</b>
          </span>
        )}
        <span>已调整 <b className="num">{view.totals.changedLines}</b> 行</span>
        <Typography.Text type="secondary">（万元）</Typography.Text>
        <span className="pd-flex-spacer" />
      </div>
      <div className="pd-budget-summary-bar">
        <SummaryToggle open={open === 'groups'} onClick={() => toggle('groups')} label={`分组汇总（${groups.filter((g) => g.id !== '').length} 组）`} title="按送审概算结构的一级分组汇总" />
        <SummaryToggle open={open === 'categories'} onClick={() => toggle('categories')} label={`分类汇总（${view.totals.byCategory.length} 类）`} title="按费用类别汇总" />
        <span className="pd-flex-spacer" />
        {actions}
      </div>
      {open === 'groups' && (
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.id || 'outside'}
          dataSource={groups}
          columns={[{ title: '分组', render: (_: unknown, r: (typeof groups)[number]) => groupLabel(r) }, ...sumColumns<(typeof groups)[number]>((r) => r.totals)]}
        />
      )}
      {open === 'categories' && (
        <Table
          size="small"
          pagination={false}
          rowKey="category"
          dataSource={view.totals.byCategory}
          columns={[{ title: '类别', dataIndex: 'category' }, ...sumColumns<(typeof view.totals.byCategory)[number]>((r) => r)]}
        />
      )}
    </div>
  )
}
