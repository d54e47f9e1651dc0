import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { describeConflict, findConflicts, matchUnitNames, normalizeUnitName } from './conflict'

describe('normalizeUnitName', () => {
  it.each([
    ['福建某某信息技术有限公司', '福建某某信息技术'],
    ['福建某某信息技术股份有限公司', '福建某某信息技术'],
    ['福建某某信息技术有限责任公司', '福建某某信息技术'],
    ['福建 某某 信息技术 有限公司', '福建某某信息技术'],
    ['福建某某信息技术（集团）有限公司', '福建某某信息技术'],
    ['某某科技集团股份有限公司', '某某科技'],
    ['某某科技股份公司', '某某科技'],
    ['华为技术（中国）有限公司', '华为技术'],
    ['华为技术(中国)有限公司', '华为技术'],
    ['华为技术【中国】有限公司', '华为技术'],
    ['ＡＢＣ软件有限公司', 'abc软件'],
    ['ABC Software Co., Ltd.', 'abcsoftware'],
    ['中国电信股份有限公司三明分公司', '中国电信股份有限公司三明'],
    ['“三明市”数据管理局。', '三明市数据管理局'],
    ['三明市数据管理局', '三明市数据管理局'],
    ['公司', '公司'],
    ['', '']
  ])('%s → %s', (raw, normal) => {
    expect(normalizeUnitName(raw)).toBe(normal)
  })

  it('is idempotent and ignores whitespace and width', () => {
    const name = fc.array(fc.constantFrom('福建', '三明', '某某', '信息', '技术', '（', '）', '有限', '公司', '集团', '股份', ' ', '　', 'Ａ', 'b', '·'), { maxLength: 10 }).map((a) => a.join(''))
    fc.assert(
      fc.property(name, (n) => {
        const x = normalizeUnitName(n)
        expect(normalizeUnitName(x)).toBe(x)
        expect(normalizeUnitName(n.replace(/\s/g, ''))).toBe(x)
        expect(normalizeUnitName(n.normalize('NFKC'))).toBe(x)
        expect(x).not.toMatch(/[\s()（）·]/)
      })
    )
  })
})

describe('matchUnitNames', () => {
  it('matches equal normalised names regardless of suffix', () => {
    expect(matchUnitNames('福建某某信息技术有限公司', '福建某某信息技术股份有限公司')).toBe('equal')
  })

  it('matches containment when the shorter has at least 4 characters', () => {
    expect(matchUnitNames('中国电信股份有限公司三明分公司', '中国电信股份有限公司')).toBe('contains')
    expect(matchUnitNames('华为技术有限公司', '华为技术（深圳）有限公司')).toBe('contains')
    expect(matchUnitNames('三明市', '三明市数据管理局')).toBeNull() // 3 characters
    expect(matchUnitNames('福州大学', '福州大学数学与统计学院')).toBe('contains') // exactly 4
  })

  it('does not match different names or empty ones', () => {
    expect(matchUnitNames('福建某某信息技术有限公司', '福建另一家信息技术有限公司')).toBeNull()
    expect(matchUnitNames('', '')).toBeNull()
    expect(matchUnitNames('（中国）', '有限公司')).toBeNull()
  })

  it('is symmetric', () => {
    const name = fc.array(fc.constantFrom('福建', '三明', '某某', '信息技术', '有限公司', '集团', '大学', 'x'), { maxLength: 5 }).map((a) => a.join(''))
    fc.assert(fc.property(name, name, (a, b) => matchUnitNames(a, b) === matchUnitNames(b, a)))
  })
})

describe('findConflicts', () => {
  const project = { ownerUnit: '三明市数据管理局', authorUnit: '福建某某信息技术有限公司' }

  it('finds the author unit among past units and the owner as current unit', () => {
    const r = findConflicts(project, { unit: '三明市数据管理局', pastUnits: ['福州大学', '福建某某信息技术股份有限公司'] })
    expect(r).toEqual([
      { projectRole: 'ownerUnit', projectUnit: '三明市数据管理局', expertUnit: '三明市数据管理局', expertUnitKind: 'current', match: 'equal' },
      { projectRole: 'authorUnit', projectUnit: '福建某某信息技术有限公司', expertUnit: '福建某某信息技术股份有限公司', expertUnitKind: 'past', match: 'equal' }
    ])
    expect(describeConflict(r[1]!)).toBe('项目编制单位「福建某某信息技术有限公司」与您的曾任职单位「福建某某信息技术股份有限公司」相同')
  })

  it('finds nothing for an unrelated expert, and ignores empty past units', () => {
    expect(findConflicts(project, { unit: '福州大学', pastUnits: ['', '  ', '厦门大学'] })).toEqual([])
  })

  it('reports a past unit that repeats the current one only once, as current', () => {
    const r = findConflicts(project, { unit: '福建某某信息技术有限公司', pastUnits: ['福建某某信息技术有限责任公司'] })
    expect(r).toHaveLength(1)
    expect(r[0]).toMatchObject({ projectRole: 'authorUnit', expertUnitKind: 'current' })
  })

  it('reports containment matches as such', () => {
    const r = findConflicts({ ownerUnit: '三明市数据管理局', authorUnit: '中国电信股份有限公司三明分公司' }, { unit: '中国电信股份有限公司', pastUnits: [] })
    expect(r).toEqual([expect.objectContaining({ projectRole: 'authorUnit', match: 'contains', expertUnitKind: 'current' })])
  })
})
