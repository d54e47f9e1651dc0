/**
 * 采纳全部审减建议 with a preview (how many suggestions and lines, the total cut) before anything changes, and an
 * undo afterwards that writes back exactly the decisions the action replaced (issue 11 item 3).
 */
import { App as AntApp } from 'antd'
import { useState } from 'react'
import type { BudgetReviewView } from '../../../../shared/api/budgetTypes'
import { call } from '../../api'
import { formatWan } from '../../format'
import { previewAcceptAll, snapshot, undoDecisions, type AcceptPreview, type Snapshot } from './acceptAll'

export interface AcceptDone {
  preview: AcceptPreview
  before: Snapshot
}

export function useAcceptAll(view: BudgetReviewView, run: (fn: () => Promise<BudgetReviewView>) => Promise<boolean>) {
  const { modal } = AntApp.useApp()
  const [done, setDone] = useState<AcceptDone | null>(null)
  const preview = previewAcceptAll(view.lines)
  const sheetId = view.sheetId

  const ask = () => {
    if (!sheetId || preview.findingIds.length === 0) return
    const p = preview
    void modal.confirm({
      title: '采纳全部审减建议？',
      content: `将采纳 ${p.findingIds.length} 条审减建议，调整 ${p.lines} 行，合计审减 ${formatWan(p.cut)} 万元。采纳后可以撤销。`,
      okText: '采纳',
      cancelText: '取消',
      onOk: async () => {
        const before = snapshot(view.lines)
        if (await run(() => call('budgetReview.acceptFindings', { sheetId, findingIds: p.findingIds }))) setDone({ preview: p, before })
      }
    })
  }

  const undo = async (current: BudgetReviewView) => {
    if (!done || !sheetId) return
    const back = undoDecisions(done.before, current.lines)
    const ok = await run(async () => {
      let v = current
      for (const d of back) v = await call('budgetReview.setLine', { sheetId, ...d })
      return v
    })
    if (ok) setDone(null)
  }
  return { preview, ask, done, undo, dismiss: () => setDone(null) }
}
