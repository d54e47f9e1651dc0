import { describe, expect, it } from 'vitest'
import type { BudgetReviewLineView } from '../../../../shared/api/budgetTypes'
import { clearDraft, loadDrafts, saveDraft } from './budgetDrafts'
import { previewAcceptAll, snapshot, undoDecisions } from './acceptAll'

function memoryStore() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m }
}

describe('budget drafts', () => {
  it('keeps an amount without a reason per sheet and line until it is saved complete', () => {
    const s = memoryStore()
    saveDraft(s, 'sheet1', 'l1', { approved: 12.5, reason: null, note: '' })
    saveDraft(s, 'sheet1', 'l2', { approved: 3, reason: '其他', note: '' })
    expect(loadDrafts(s, 'sheet1')).toEqual({ l1: { approved: 12.5, reason: null, note: '' }, l2: { approved: 3, reason: '其他', note: '' } })
    expect(loadDrafts(s, 'sheet2')).toEqual({})
    clearDraft(s, 'sheet1', 'l1')
    clearDraft(s, 'sheet1', 'l2')
    expect(s.m.size).toBe(0)
  })
  it('reads damaged storage as no drafts', () => {
    const s = memoryStore()
    s.setItem('paneldesk.budgetDrafts.x', '[1,2')
    expect(loadDrafts(s, 'x')).toEqual({})
    s.setItem('paneldesk.budgetDrafts.x', '[1,2]')
    expect(loadDrafts(s, 'x')).toEqual({})
  })
})

const line = (lineId: string, submitted: number, findings: { id: string; amount: number }[], approved: number | null = null): BudgetReviewLineView => ({
  lineId,
  numbering: '',
  name: lineId,
  category: '硬件',
  submitted,
  review: approved === null ? null : { lineId, approvedAmount: approved, reason: '其他', note: 'x' },
  findings: findings.map((f) => ({ id: f.id, article: 3, severity: 'warning', message: '', suggestedCut: { amount: f.amount, reason: 'r' } }))
})

describe('采纳全部 preview and undo', () => {
  it('counts the open suggestions, the lines they touch and the cut, capped at the lines', () => {
    const lines = [line('a', 10, [{ id: 'f1', amount: 4 }]), line('b', 5, [{ id: 'f2', amount: 9 }]), line('c', 8, [{ id: 'f3', amount: 2 }], 6), line('d', 3, [])]
    expect(previewAcceptAll(lines)).toEqual({ findingIds: ['f1', 'f2'], lines: 2, cut: 9 })
  })
  it('writes back exactly the lines the action changed', () => {
    const before = [line('a', 10, []), line('b', 5, [], 4)]
    const snap = snapshot(before)
    const after = [line('a', 10, [], 6), line('b', 5, [], 4)]
    expect(undoDecisions(snap, after)).toEqual([{ lineId: 'a', approvedAmount: null, reason: null, note: '' }])
  })
  it('writes back only what budgetReview.setLine takes (a cited reference is not sent back)', () => {
    const cited = { ...line('a', 10, [], 8), review: { lineId: 'a', approvedAmount: 8, reason: '单价偏高' as const, note: '', priceRef: { source: '市场询价', date: '2026-01-01', count: 3, medianFen: 70_000 } } }
    const after = [line('a', 10, [], 6)]
    expect(undoDecisions(snapshot([cited]), after)).toEqual([{ lineId: 'a', approvedAmount: 8, reason: '单价偏高', note: '' }])
  })
})
