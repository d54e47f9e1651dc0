import { describe, expect, it } from 'vitest'
import type { PriceLibraryRowView } from '../../../../../shared/api/priceTypes'
import { changeLines, dateBoundProblem, EMPTY_FILTER, editOf, formValuesOf, isFiltered, issuesOnFields, lockedFields, pageQuery, sortOf } from './libraryView'

const ROW: PriceLibraryRowView = {
  id: 'r1', kind: 'import', name: '国产中间件', spec: '企业版', unit: '套', unitPriceFen: 2_200_000, submittedPriceFen: null, quantity: null, group: null,
  project: '', source: '市场询价', date: '2024-03-01', retired: false, note: '', lastEdit: null
}

describe('library view: filter and query', () => {
  it('sends only what narrows the view; dates as typed are applied once they read as dates; pages are 50', () => {
    expect(pageQuery(EMPTY_FILTER, 1)).toEqual({ status: 'active', sort: 'date', order: 'desc', offset: 0, limit: 50 })
    const f = { ...EMPTY_FILTER, q: ' 服务器 ', sources: ['市场询价'], kind: 'meeting' as const, from: '2024年3月1日', to: '2026-13', status: 'all' as const }
    expect(pageQuery(f, 3)).toEqual({ q: '服务器', sources: ['市场询价'], kind: 'meeting', from: '2024-03-01', status: 'all', sort: 'date', order: 'desc', offset: 100, limit: 50 })
    expect(dateBoundProblem('2026-13')).toBe('日期应为 2026-03-01 或 2026年3月1日')
    expect(dateBoundProblem('')).toBeNull()
    expect(isFiltered(EMPTY_FILTER)).toBe(false)
    expect(isFiltered({ ...EMPTY_FILTER, status: 'retired' })).toBe(true)
    expect(sortOf('unitPriceFen', 'descend')).toEqual({ sort: 'price', order: 'desc' })
    expect(sortOf('name', null)).toEqual({ sort: 'date', order: 'desc' })
  })
})

describe('library view: the edit form', () => {
  it('sends only changed fields, 参考单价 typed in 元 as 分 and dates in any accepted spelling as YYYY-MM-DD', () => {
    const v = { ...formValuesOf(ROW), price: '２１５００。９９', date: '2026年10月1日', note: ' 三家询价 ' }
    expect(formValuesOf(ROW).price).toBe('22000')
    expect(editOf(ROW, v)).toEqual({ ok: true, edit: { unitPriceFen: 2_150_099, date: '2026-10-01', note: '三家询价' } })
    expect(editOf(ROW, formValuesOf(ROW))).toEqual({ ok: true, edit: {} })
  })

  it('names every problem at its field and keeps what was typed (nothing is sent)', () => {
    const out = editOf(ROW, { ...formValuesOf(ROW), name: ' ', price: '21,500', date: '2026-02-30', source: '' })
    expect(out).toEqual({
      ok: false,
      problems: [
        { name: 'name', errors: ['名称不能为空'] },
        { name: 'price', errors: ['请不要使用逗号；小数请用小数点，如 6.5'] },
        { name: 'source', errors: ['来源不能为空（如 政府采购协议价、市场询价）'] },
        { name: 'date', errors: ['日期应为 2026-03-01 或 2026年3月1日'] }
      ]
    })
    expect(issuesOnFields([{ path: 'edit.unitPriceFen', message: '历史核定的参考单价不能修改' }, { path: 'id', message: 'x' }])).toEqual([{ name: 'price', errors: ['历史核定的参考单价不能修改'] }])
  })

  it('leaves a 历史核定 entry’s approved fields alone (only 备注 is read from the form)', () => {
    const hist = { ...ROW, kind: 'meeting' as const }
    expect([...lockedFields(hist)].sort()).toEqual(['date', 'name', 'price', 'source', 'spec', 'unit'])
    expect(editOf(hist, { ...formValuesOf(hist), price: 'abc', name: '', note: '含维保' })).toEqual({ ok: true, edit: { note: '含维保' } })
  })

  it('words the edit log', () => {
    expect(changeLines({ id: 1, at: 't', by: '秘书处（本机）', undoneAt: null, undoneBy: null, changes: [
      { field: 'unitPriceFen', before: 2_200_000, after: 2_150_099 }, { field: 'retired', before: 0, after: 1 }, { field: 'note', before: '', after: 'x' }
    ] })).toEqual(['参考单价：22,000.00 元 → 21,500.99 元', '状态：有效 → 已停用', '备注：（空） → x'])
  })
})
