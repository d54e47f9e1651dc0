import { describe, expect, it } from 'vitest'
import defaultJson from '../../resources/rubrics/default.json'
import { parseRubric } from './rubric'
import { definitionFromTable, tableOf, type RubricTable } from './rubricTable'

const def = parseRubric(defaultJson)

describe('the rubric table', () => {
  it('round-trips the default rubric', () => {
    const r = definitionFromTable(tableOf(def), def.id, 4)
    expect(r.ok && { ...r.rubric, version: def.version }).toEqual(def)
  })

  it('reports every problem with its row and field, in Chinese, and builds nothing', () => {
    const t: RubricTable = tableOf(def)
    t.rows[0] = { ...t.rows[0]!, item: ' ', points: 6.3 }
    t.rows[1] = { ...t.rows[1]!, itemId: t.rows[2]!.itemId, points: null }
    t.rows = t.rows.filter((r) => r.dimension !== '标准规范')
    const r = definitionFromTable(t, def.id, 4)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems).toEqual([
      { row: 1, field: 'item', message: '细则名称不能为空' },
      { row: 1, field: 'points', message: '分值应为步长 0.5 的整数倍' },
      { row: 2, field: 'points', message: '请填写分值' },
      { row: 3, field: 'itemId', message: '编号「tech.architecture」与第 2 行重复' },
      { row: null, field: 'dimension', message: '缺少第八条的评审维度「标准规范」' },
      { row: null, field: 'points', message: '各细则分值之和为 84.3，应为 100' }
    ])
  })

  it('gives new rows ids from their dimension; moving points between items keeps 100', () => {
    const t = tableOf(def)
    const i = t.rows.findIndex((r) => r.itemId === 'budget.rates')
    t.rows[i] = { ...t.rows[i]!, points: 3 }
    t.rows.push({ itemId: '', dimension: '投资概算', item: '运维费用另行申报', points: 2, step: 0.5, guidance: '第四条、第二十条' })
    const r = definitionFromTable(t, def.id, 4)
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.rubric.dimensions.find((d) => d.id === 'budget')!.items.at(-1)).toMatchObject({ id: 'budget.item1', name: '运维费用另行申报', points: 2 })
    expect(r.rubric.version).toBe(4)
  })
})
