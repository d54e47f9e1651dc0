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

/** The select's value for a basis of several sheets seen together (no sheet name can be empty). */
export const WHOLE_BASIS = ''

/** A sheet's option in the select; `partOf`: the basis has several sheets, this one is one of them. */
export function optionLabel(s: BudgetSheetOption, partOf = false): string {
  // A sheet read as the budget is reported as the detail whatever it looked like: its role says nothing then.
  const facts = [
    ...(s.read ? [] : [roleLabel(s.role)]),
    ...(s.hidden ? ['隐藏'] : []),
    `${s.lineCount} 行`,
    ...(s.total === null ? [] : [`合计 ${formatWan(s.total)} 万元`])
  ]
  return `${s.read ? (partOf ? '【评审依据之一】' : '【评审依据】') : ''}${s.name}（${facts.join('，')}）`
}

/** The select's options: with a basis of several sheets, first the basis as a whole, then each sheet. */
export function sheetOptions(list: readonly BudgetSheetOption[]): { value: string; label: string; title: string }[] {
  const read = list.filter((s) => s.read)
  const whole =
    read.length > 1
      ? [{ value: WHOLE_BASIS, label: `【评审依据】${read.map((s) => s.name).join('、')}（合并，${read.reduce((n, s) => n + s.lineCount, 0)} 行）`, title: '评审依据的各工作表合并' }]
      : []
  return [...whole, ...list.map((s) => ({ value: s.name, label: optionLabel(s, read.length > 1), title: s.reason }))]
}

/** Whether a sheet can be previewed on its own: any sheet but the basis, and each sheet of a basis of several. */
export function previewable(list: readonly BudgetSheetOption[], s: BudgetSheetOption): boolean {
  return !s.read || list.filter((x) => x.read).length > 1
}

/** The sheet whose preview is shown, or null when the basis itself is shown. */
export function previewedSheet(list: readonly BudgetSheetOption[], chosen: string | null): string | null {
  const s = list.find((x) => x.name === chosen)
  return s && previewable(list, s) ? s.name : null
}

/** The preview's title: never the basis, or one sheet of a basis of several seen alone. */
export function previewTitle(sheet: string, partOfBasis: boolean, basisName: string): string {
  return partOfBasis
    ? `预览（只读）：单独查看工作表“${sheet}”——本项目的评审依据是“${basisName}”合并后的概算`
    : `预览（只读）：工作表“${sheet}”——不是本项目的评审依据`
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
