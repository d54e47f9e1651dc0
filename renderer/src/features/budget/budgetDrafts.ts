/**
 * Budget decisions the sheet cannot take yet (issue 11 item 3): a 核定金额 below 送审 without a 审减理由, or with
 * 其他 and no 说明. The sheet's schema requires the reason (validateLineReview, also on the backend), so such a
 * decision is kept on this laptop, per sheet and line, shown as a marked draft, and survives a reload; it is
 * removed once the line is saved complete. Nothing typed is dropped. Pure over a Storage; budgetDrafts.test.ts.
 */
import type { ReviewReason } from '../../../../shared/domain/sheet'

export interface LineDraft {
  approved: number | null
  reason: ReviewReason | null
  note: string
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const keyOf = (sheetId: string) => `paneldesk.budgetDrafts.${sheetId}`
/** Bounded: a sheet has at most this many drafts kept (a budget has far fewer open decisions at once). */
const MAX_DRAFTS = 5000

function readAll(store: Store, sheetId: string): Record<string, LineDraft> {
  try {
    const v: unknown = JSON.parse(store.getItem(keyOf(sheetId)) ?? '{}')
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, LineDraft>) : {}
  } catch {
    return {}
  }
}

export function loadDrafts(store: Store, sheetId: string): Record<string, LineDraft> {
  return readAll(store, sheetId)
}

export function saveDraft(store: Store, sheetId: string, lineId: string, draft: LineDraft): void {
  const all = readAll(store, sheetId)
  all[lineId] = draft
  if (Object.keys(all).length > MAX_DRAFTS) return
  try {
    store.setItem(keyOf(sheetId), JSON.stringify(all))
  } catch {
    // Storage full: the draft stays on screen (and marked) for this session.
  }
}

export function clearDraft(store: Store, sheetId: string, lineId: string): void {
  const all = readAll(store, sheetId)
  if (!(lineId in all)) return
  delete all[lineId]
  if (Object.keys(all).length === 0) store.removeItem(keyOf(sheetId))
  else store.setItem(keyOf(sheetId), JSON.stringify(all))
}
