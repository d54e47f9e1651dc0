/**
 * The 概算审核 lines as a windowed list whose height fills the pane below it (issue 11 item 3): only the rows in
 * view are rendered, so thousands of lines stay smooth, and at 1366×768 several lines are visible at once.
 */
import { Typography } from 'antd'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useLayoutEffect, useRef, useState } from 'react'
import type { BudgetReviewLineView } from '../../../../shared/api/budgetTypes'
import { groupLabel, type SkeletonRow } from '../../../../shared/domain/budgetSkeleton'
import { formatWan } from '../../format'
import { BudgetLineRow, type LineDecision } from './BudgetLineRow'
import type { LineDraft } from './budgetDrafts'
import type { PriceSlot } from './usePrices'

/**
 * What must stay visible below the list inside its pane: the elements after it in its parent (the 核增漏项
 * footer) with the parent's gap before each, and the pane's bottom padding. Without it the footer was pushed
 * below the window and clipped (issue 11).
 */
function spaceBelow(el: HTMLElement, pane: Element | null): number {
  const parent = el.parentElement
  let space = pane ? parseFloat(getComputedStyle(pane).paddingBottom) || 0 : 0
  if (!parent) return space
  const gap = parseFloat(getComputedStyle(parent).rowGap) || 0
  for (let next = el.nextElementSibling; next; next = next.nextElementSibling) space += gap + next.getBoundingClientRect().height
  return space
}

/**
 * The height left in the pane below the element (at least `min`), with room for what follows it, kept up to date
 * when the window or anything around the list changes size (a note or the 核增 form appearing above it).
 */
function useFillHeight(min: number) {
  const ref = useRef<HTMLDivElement>(null)
  const [height, setHeight] = useState(min)
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current
      if (!el) return
      const pane = el.closest('.pd-pane')
      // Measured as if the pane were scrolled to its top, so the list and its footer end at the bottom of the window.
      const top = el.getBoundingClientRect().top + (pane?.scrollTop ?? 0)
      const bottom = pane ? pane.getBoundingClientRect().bottom : window.innerHeight
      setHeight(Math.max(min, Math.floor(bottom - top - spaceBelow(el, pane) - 2)))
    }
    measure()
    window.addEventListener('resize', measure)
    // A note, the 核增 form or the footer appearing resizes the parent. The list's own height does not change what
    // is measured, so the parent's resize after setting it measures the same height and settles.
    const observer = new ResizeObserver(measure)
    const parent = ref.current?.parentElement
    if (parent) observer.observe(parent)
    return () => {
      window.removeEventListener('resize', measure)
      observer.disconnect()
    }
  }, [min])
  return { ref, height }
}

export type ReviewRow = SkeletonRow<BudgetReviewLineView & { approved: number }>

/** A group of the submitted structure: its numbering and name, and its 小计 (送审, 核定, 审减 and 核增 apart). */
function GroupRow({ row }: { row: Extract<ReviewRow, { kind: 'group' }> }) {
  const t = row.totals
  const label = groupLabel(row.group)
  return (
    <div className="pd-budget-group" role="listitem" aria-label={`分组 ${label}`} style={{ paddingLeft: 10 + row.group.depth * 16 }}>
      <Typography.Text strong className="pd-budget-name" title={label}>
        {label}
      </Typography.Text>
      <span className="pd-budget-group-sums" aria-label={`${label}小计`}>
        <span className="num">送审 {formatWan(t.submitted)}</span>
        <span className="num">核定 {formatWan(t.approved)}</span>
        {t.cut > 0 && <span className="pd-cut">审减 −{formatWan(t.cut)}</span>}
        {t.increase > 0 && <span className="pd-increase">核增 +{formatWan(t.increase)}</span>}
      </span>
    </div>
  )
}

export interface BudgetRowsProps {
  /** Groups and lines in the submitted structure (shared/domain/budgetSkeleton.ts). */
  rows: ReviewRow[]
  editable: boolean
  onSave: (d: LineDecision) => void
  onAccept: (id: string) => void
  price: PriceSlot['slot']
  drafts: Record<string, LineDraft>
  onDraft: (lineId: string, draft: LineDraft | null) => void
  /**
   * Bumped when decisions change from outside the rows (采纳, 撤销): the rows start again from the saved values.
   * A row's own save does not re-mount it, so the focus stays where the expert is typing.
   */
  epoch: number
  /** Removes an added (漏项) line. */
  onRemove?: (lineId: string) => void
}

export function BudgetRows({ rows, editable, onSave, onAccept, price, drafts, onDraft, epoch, onRemove }: BudgetRowsProps) {
  const fill = useFillHeight(240)
  const parent = useRef<HTMLDivElement>(null)
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 76, overscan: 6 })
  if (rows.length === 0) return <Typography.Text type="secondary">没有符合筛选条件的概算行。</Typography.Text>
  return (
    <div className="pd-budget-table" ref={fill.ref}>
      <div ref={parent} style={{ height: fill.height, overflowY: 'auto', overflowX: 'hidden' }} role="list" aria-label="概算逐行审核（金额单位：万元；核定留空表示不调整）" tabIndex={0} data-testid="budget-rows">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const row = rows[item.index]
            if (!row) return null
            const place = { position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` } as const
            if (row.kind === 'group') {
              return (
                <div key={`g:${row.group.id}`} ref={v.measureElement} data-index={item.index} style={place}>
                  <GroupRow row={row} />
                </div>
              )
            }
            const line = row.line
            return (
              <div key={`${line.lineId}:${epoch}`} ref={v.measureElement} data-index={item.index} style={{ ...place, paddingLeft: row.depth * 16 }}>
                <BudgetLineRow line={line} editable={editable} onSave={onSave} onAccept={onAccept} price={price(line)} draft={drafts[line.lineId]} onDraft={onDraft} onRemove={onRemove} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
