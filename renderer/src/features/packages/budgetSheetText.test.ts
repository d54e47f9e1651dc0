import { describe, expect, it } from 'vitest'
import type { BudgetSheetOption } from '../../../../shared/api/packageTypes'
import { arithmeticHeadline, sheetOptions, WHOLE_BASIS, optionLabel, previewedSheet, previewTitle, reconciliationHeadline } from './budgetSheetText'

const sheet = (over: Partial<BudgetSheetOption>): BudgetSheetOption => ({
  name: '概算明细表', role: 'detail', read: false, lineCount: 5, total: 309.4, hidden: false, reason: '', ...over
})

describe('budget sheet words', () => {
  it('labels the basis without its role, others with role, 隐藏 and 合计', () => {
    expect(optionLabel(sheet({ read: true }))).toBe('【评审依据】概算明细表（5 行，合计 309.40 万元）')
    expect(optionLabel(sheet({ name: '汇总', role: 'summary', hidden: true, lineCount: 3 }))).toBe('汇总（汇总，隐藏，3 行，合计 309.40 万元）')
    expect(optionLabel(sheet({ name: '编制说明', role: 'notes', lineCount: 0, total: null }))).toBe('编制说明（说明，0 行）')
  })

  it('previews only a sheet that exists and is not the basis', () => {
    const list = [sheet({ read: true }), sheet({ name: '汇总', role: 'summary' })]
    expect(previewedSheet(list, '汇总')).toBe('汇总')
    expect(previewedSheet(list, '概算明细表')).toBeNull()
    expect(previewedSheet(list, '已删除的表')).toBeNull()
    expect(previewedSheet(list, null)).toBeNull()
    // Each sheet of a basis of several can be seen alone.
    const two = [sheet({ name: '硬件', read: true }), sheet({ name: '软件', read: true })]
    expect(previewedSheet(two, '软件')).toBe('软件')
    expect(previewedSheet(two, WHOLE_BASIS)).toBeNull()
    expect(sheetOptions(two).map((o) => o.label)).toEqual([
      '【评审依据】硬件、软件（合并，10 行）',
      '【评审依据之一】硬件（5 行，合计 309.40 万元）',
      '【评审依据之一】软件（5 行，合计 309.40 万元）'
    ])
    expect(sheetOptions(list).map((o) => o.value)).toEqual(['概算明细表', '汇总'])
    expect(previewTitle('软件', true, '硬件、软件')).toBe('预览（只读）：单独查看工作表“软件”——本项目的评审依据是“硬件、软件”合并后的概算')
    expect(previewTitle('汇总', false, '硬件')).toBe('预览（只读）：工作表“汇总”——不是本项目的评审依据')
  })

  it('heads the checks with their counts, saying when only the first are listed', () => {
    expect(arithmeticHeadline({ arithmeticCount: 0, arithmetic: [] })).toContain('未发现不符')
    expect(arithmeticHeadline({ arithmeticCount: 3, arithmetic: ['a', 'b', 'c'] })).toBe('算术核对（数量×单价、小计、合计）：3 处不符')
    expect(arithmeticHeadline({ arithmeticCount: 60, arithmetic: Array(50).fill('x') })).toContain('60 处不符，下列前 50 处')
    expect(reconciliationHeadline({ reconciliation: null })).toBeNull()
    const r = { summarySheet: '汇总', detailSheet: '明细', summaryTotal: 309.4, detailTotal: 300, mismatches: ['m'], mismatchCount: 1 }
    expect(reconciliationHeadline({ reconciliation: r })).toBe('汇总与明细核对：汇总表“汇总”合计 309.40 万元，明细“明细”合计 300.00 万元，1 处不一致')
    expect(reconciliationHeadline({ reconciliation: { ...r, mismatches: [], mismatchCount: 0 } })).toContain('各项一致')
  })
})
