import { describe, expect, it } from 'vitest'
import { article11Adjustment } from './adjustment'

describe('第十一条 adjustment', () => {
  it('exactly 10 % needs consent; one 分 more needs re-approval; a decrease is no adjustment', () => {
    const approved = 2_090_000_00 // 209 万元 in 分
    expect(article11Adjustment(approved, approved + 20_900_000, 'approval')).toMatchObject({ rule: 'consent', increaseFen: 20_900_000, rate: 0.1 })
    const over = article11Adjustment(approved, approved + 20_900_001, 'approval')!
    expect(over.rule).toBe('reapproval')
    expect(over.text).toBe('调整后概算229.90万元，专家组核定投资209.00万元，增加20.90万元（10.00%），超过10%：按第十一条需重新履行项目审批手续。')
    expect(article11Adjustment(approved, approved - 100, 'manifest')).toMatchObject({ rule: 'no-increase', text: expect.stringMatching(/未超过批复概算（减少0.00万元）|减少/) })
    expect(article11Adjustment(approved, approved + 1_100_000_0, 'manifest')!.text).toBe('调整后概算220.00万元，批复概算209.00万元，增加11.00万元（5.26%），未超过10%：按第十一条须经市发改委（数据管理局）和市财政局同意后实施。')
  })
  it('no approved 概算 or unsafe amounts: nothing', () => {
    expect(article11Adjustment(0, 100, 'approval')).toBeNull()
    expect(article11Adjustment(1.5, 100, 'approval')).toBeNull()
  })
})
