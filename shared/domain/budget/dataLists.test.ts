import { describe, expect, it } from 'vitest'
import { parseDataList } from './dataLists'

describe('parseDataList', () => {
  it('reads a 数据目录 under a title row', () => {
    const list = parseDataList(
      {
        name: '数据目录',
        rows: [
          ['项目预计生成的数据目录'],
          ['序号', '数据资源名称', '数据项', '共享属性', '开放属性', '更新周期', '备注'],
          [1, '应急事件信息', '事件编号、类型、时间、地点', '有条件共享', '不予开放', '实时', null],
          [2, '救援队伍信息', '队伍名称、人数、装备', '无条件共享', '有条件开放', '每月', null],
          [null, null, null, null, null, null, null]
        ]
      },
      'dataCatalog'
    )
    expect(list.headerRow).toBe(1)
    expect(list.missingColumns).toEqual([])
    expect(list.rows).toHaveLength(2)
    expect(list.rows[0]).toEqual({
      sourceRow: 3,
      values: {
        seq: '1',
        name: '应急事件信息',
        fields: '事件编号、类型、时间、地点',
        shareType: '有条件共享',
        openType: '不予开放',
        updateCycle: '实时',
        remark: null
      }
    })
  })

  it('names the required columns that are missing', () => {
    const list = parseDataList(
      { name: 'Sheet1', rows: [['序号', '数据名称', '共享属性'], [1, '人口信息', '有条件共享']] },
      'dataCatalog'
    )
    expect(list.missingColumns).toEqual(['数据项', '更新周期'])
    expect(list.rows).toHaveLength(1)
  })

  it('reads a 数据需求清单 and reports all required columns when no header is found', () => {
    const ok = parseDataList(
      {
        name: '需求',
        rows: [
          ['序号', '所需数据', '提供部门', '用途'],
          [1, '企业登记信息', '市市场监管局', '核验企业资质']
        ]
      },
      'dataNeeds'
    )
    expect(ok.missingColumns).toEqual([])
    expect(ok.rows[0]?.values).toMatchObject({ name: '企业登记信息', provider: '市市场监管局', purpose: '核验企业资质' })

    const none = parseDataList({ name: '需求', rows: [['a', 'b'], [1, 2]] }, 'dataNeeds')
    expect(none.headerRow).toBeNull()
    expect(none.missingColumns).toEqual(['所需数据', '提供部门', '用途'])
    expect(none.rows).toEqual([])
  })
})
