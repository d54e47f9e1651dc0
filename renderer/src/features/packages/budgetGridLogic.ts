/** The plain decisions of the 概算 grid (BudgetGrid), without React, so they are unit-tested. */

export const KIND_LABEL = { subtotal: '小计', total: '合计', memo: '其中', item: '' } as const
export const ROW_HEIGHT = 34

const QTY = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 })

/** A quantity with up to four decimals; no quantity is an empty cell. */
export function formatQuantity(x: number | null): string {
  return x === null ? '' : QTY.format(x)
}

/** 金额 stays in view: in a narrow pane its column sticks to the right edge while the others scroll under it. */
export function cellClass(columnId: string, isNum: boolean | undefined): string | undefined {
  return [isNum ? 'num' : '', columnId === 'amount' ? 'pd-col-amount' : ''].filter(Boolean).join(' ') || undefined
}

export type SortState = false | 'asc' | 'desc'

export function ariaSort(sorted: SortState): 'ascending' | 'descending' | undefined {
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
}

export function sortMark(sorted: SortState): string {
  return sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''
}

/** The toolbar's note: the unit, the number of lines and, for a workbook, the sheet read. */
export function budgetNote(b: { sourceUnit: '万元' | '元'; path: string; sheetName: string; lineCount: number }, sheetLabel: string): string {
  const unit = b.sourceUnit === '元' ? '原表单位为元，已换算为万元' : '单位：万元'
  const sheet = /\.xlsx?$/i.test(b.path) && b.sheetName ? ` · ${sheetLabel}：${b.sheetName}` : ''
  return `${unit} · 共 ${b.lineCount} 行${sheet}`
}

/** The heights of the empty rows above and below the rendered window of a virtualised list. */
export function windowPadding(items: readonly { start: number; end: number }[], totalSize: number): { top: number; bottom: number } {
  return { top: items[0]?.start ?? 0, bottom: totalSize - (items[items.length - 1]?.end ?? 0) }
}
