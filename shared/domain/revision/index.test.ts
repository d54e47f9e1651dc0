import { describe, expect, it } from 'vitest'
import { diffPackages, formatPackageDiff, type DiffPackageInput } from '.'

const pkg = (sha256: string, revises: string | null, amount: number): DiffPackageInput => ({
  name: '项目',
  sha256,
  revises,
  documents: [],
  budget: {
    lines: [{ id: 'r1', parentId: null, numbering: '1', name: '服务器', spec: null, unit: '台', quantity: 1, unitPrice: amount, amount, isSubtotal: false, isTotal: false, isMemo: false, hasChildren: false }],
    computedTotal: amount,
    sheetTotal: null,
    declaredInvestment: amount
  },
  dataCatalog: null,
  dataNeeds: null,
  findings: []
})

describe('package diff', () => {
  it('says whether the new package names the old one, and prints in Chinese', () => {
    expect(diffPackages(pkg('a', null, 1), pkg('b', 'a', 1)).revisesOld).toBe(true)
    expect(diffPackages(pkg('a', null, 1), pkg('b', 'c', 1)).revisesOld).toBe(false)
    const d = diffPackages(pkg('a', null, 10), pkg('b', null, 8), new Map([['r1', 9]]))
    expect(d.revisesOld).toBeNull()
    expect(d.dataLists).toEqual([])
    const text = formatPackageDiff(d)
    expect(text).toContain('修改稿未声明它修改的是哪个申报包。')
    expect(text).toContain('1 服务器：单价、金额变化')
    expect(text).toContain('【未按核定调整，核定 9.00 万元，差 -1.00 万元】')
  })
})
