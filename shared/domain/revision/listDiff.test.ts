import { describe, expect, it } from 'vitest'
import { diffDataList, diffFindings, MAX_LIST_DIFF_ROWS } from './listDiff'

const row = (name: string, provider: string, purpose: string, shareType = '有条件共享') => ({ values: { seq: '1', name, provider, purpose, shareType } })

describe('data list diff', () => {
  it('matches rows by name and lists added, removed and changed columns', () => {
    const d = diffDataList(
      'dataNeeds',
      [row('企业登记信息', '市市场监督管理局', '核验主体'), row('人口基础信息', '市公安局', '核验身份')],
      [row('企业登记信息', '市市场监督管理局', '核验主体', '无条件共享'), row('社保参保信息', '市人社局', '核验参保')]
    )
    expect(d).toMatchObject({ label: '数据需求清单', oldCount: 2, newCount: 2, truncated: false })
    expect(d.rows).toEqual([
      { status: 'changed', name: '企业登记信息', fields: [{ column: 'shareType', label: '共享属性', old: '有条件共享', new: '无条件共享' }] },
      { status: 'removed', name: '人口基础信息', fields: [] },
      { status: 'added', name: '社保参保信息', fields: [] }
    ])
    expect(diffDataList('dataCatalog', null, [{ values: { name: '工单' } }]).rows).toEqual([{ status: 'added', name: '工单', fields: [] }])
  })

  it('lists at most MAX_LIST_DIFF_ROWS rows and says so', () => {
    const many = Array.from({ length: MAX_LIST_DIFF_ROWS + 5 }, (_, i) => row(`数据${i}`, '部门', '用途'))
    const d = diffDataList('dataNeeds', [], many)
    expect(d.rows).toHaveLength(MAX_LIST_DIFF_ROWS)
    expect(d.truncated).toBe(true)
  })
})

describe('findings diff', () => {
  const f = (code: string, targets: string[], message = '提示') => ({ code, article: 3, severity: 'warning', message, targets })
  it('keeps findings with the same code and targets (amounts in the message aside); lists those that appeared or disappeared', () => {
    const d = diffFindings(
      [f('art3.office-equipment', ['办公电脑'], '办公电脑 6 万元'), f('art15.no-crypto-assessment-cost', [], '未列密评费'), f('art7.missing-element', [], '缺少：安全方案')],
      [f('art7.missing-element', [], '缺少：安全方案'), f('budget.sum', ['应用服务器'], '金额不符')]
    )
    expect(d.kept).toBe(1)
    expect(d.disappeared.map((x) => x.code)).toEqual(['art3.office-equipment', 'art15.no-crypto-assessment-cost'])
    expect(d.appeared.map((x) => x.code)).toEqual(['budget.sum'])
  })
})
