/**
 * Words of the 概算 tab's sheet list and sheet preview (issue 14 item 1), kept out of the components so they are
 * tested on their own: a sheet's option label, its row in the sheet list, and the headline of a preview's checks.
 */
import type { BudgetSheetOption, BudgetSheetPreview } from '../../../../shared/api/packageTypes'
import { formatWan } from '../../format'

export const ROLE_LABEL: Record<string, string> = { detail: '明细', summary: '汇总', notes: '说明', other: '其他' }

export function roleLabel(role: string): string {
  return ROLE_LABEL[role] ?? '其他'
}

export function optionLabel(s: BudgetSheetOption): string {
  // A sheet read as the budget is reported as the detail whatever it looked like: its role says nothing then.
  const facts = [
    ...(s.read ? [] : [roleLabel(s.role)]),
    ...(s.hidden ? ['隐藏'] : []),
    `${s.lineCount} 行`,
    ...(s.total === null ? [] : [`合计 ${formatWan(s.total)} 万元`])
  ]
  return `${s.read ? '【评审依据】' : ''}${s.name}（${facts.join('，')}）`
}

/** The sheet whose preview is shown, or null when the basis itself is shown. */
export function previewedSheet(list: readonly BudgetSheetOption[], chosen: string | null): string | null {
  return chosen !== null && list.some((s) => s.name === chosen && !s.read) ? chosen : null
}

/** The headline of a preview's arithmetic: how many checks disagree, or that none does. */
export function arithmeticHeadline(p: Pick<BudgetSheetPreview, 'arithmeticCount' | 'arithmetic'>): string {
  if (p.arithmeticCount === 0) return '算术核对（数量×单价、小计、合计）：未发现不符'
  const more = p.arithmeticCount > p.arithmetic.length ? `，下列前 ${p.arithmetic.length} 处` : ''
  return `算术核对（数量×单价、小计、合计）：${p.arithmeticCount} 处不符${more}`
}

/** The headline of a preview's 汇总 vs 明细, or null when the workbook has no summary to compare it with. */
export function reconciliationHeadline(p: Pick<BudgetSheetPreview, 'reconciliation'>): string | null {
  const r = p.reconciliation
  if (!r) return null
  const totals = `汇总表“${r.summarySheet}”合计 ${formatWan(r.summaryTotal)} 万元，明细“${r.detailSheet}”合计 ${formatWan(r.detailTotal)} 万元`
  if (r.mismatchCount === 0) return `汇总与明细核对：${totals}，各项一致`
  const more = r.mismatchCount > r.mismatches.length ? `，下列前 ${r.mismatches.length} 处` : ''
  return `汇总与明细核对：${totals}，${r.mismatchCount} 处不一致${more}`
}
