import { describe, expect, it } from 'vitest'
import { specFacts } from './facts'
import { priceFindings, type PricedLine } from './findings'
import { acceptedMatches, buildPriceIndex, matchLine, type PriceRef } from './match'
import { normaliseName, tokens, unitsCompatible } from './normalize'
import { cutoffDate, DEFAULT_PRICE_SETTINGS, priceRange } from './range'

const ref = (id: string, name: string, spec: string, unit: string, yuan: number, date = '2026-03-01', group: string | null = '硬件购置'): PriceRef => ({
  id, name, spec, unit, unitPriceFen: yuan * 100, group, source: '历史核定', date
})

describe('name normalisation', () => {
  it('folds full width, drops brackets and fillers, collapses synonyms', () => {
    expect(normaliseName('采购ＰＣ服务器（含三年质保）')).toBe('服务器')
    expect(normaliseName('服务器密码机')).toBe('密码机')
    expect(normaliseName('WAF')).toBe('waf')
    expect(normaliseName('工程监理费')).toBe('监理')
    expect(normaliseName('国产办公软件一批')).toBe('办公')
    // "os" only as a word: PostgreSQL is not an 操作系统.
    expect(normaliseName('PostgreSQL')).toBe('postgresql')
  })
  it('keeps model numbers whole and makes bigrams of Chinese', () => {
    expect(tokens(normaliseName('华为 2288H V5 服务器'))).toEqual(['华为', '2288h', 'v5', '服务', '务器'])
    expect(tokens('核心 交换机')).toEqual(['核心', '交换', '换机'])
  })
  it('reads specification facts', () => {
    expect(specFacts('2颗16核CPU，256GB内存，2×960G SSD')).toMatchObject({ cores: 32, memoryGb: 256 })
    expect(specFacts('可用容量１００ＴＢ')).toEqual({ storageTb: 100 })
    expect(specFacts('应用开发 48人月')).toEqual({ personMonths: 48 })
    expect(specFacts('500并发用户')).toEqual({ licences: 500 })
    expect(specFacts('没有数字')).toEqual({})
  })
  it('compares units by class', () => {
    expect(unitsCompatible('台', '套')).toBe('same')
    expect(unitsCompatible('人月', '人·月')).toBe('same')
    expect(unitsCompatible('人月', '项')).toBe('different')
    expect(unitsCompatible(null, '项')).toBe('unknown')
  })
})

describe('matching', () => {
  const refs = [
    ref('a', '机架式服务器', '2颗16核，256G内存', '台', 68000),
    ref('b', '服务器', '2路32核，512G内存', '台', 125000),
    ref('c', '核心交换机', '48口万兆', '台', 80000),
    ref('d', '软件开发', '', '人月', 25000, '2026-01-01', '应用软件开发')
  ]
  const index = buildPriceIndex(refs)
  it('tells servers apart by their specification and says why', () => {
    const [best] = matchLine(index, { name: 'PC服务器（32核 256GB内存）', unit: '台', group: '硬件购置' })
    expect(best?.ref.id).toBe('a')
    expect(best?.reasons.join(' ')).toMatch(/规格一致：核数、内存/)
    const big = matchLine(index, { name: '服务器', spec: '4路64核，2TB内存', unit: '台' })
    expect(acceptedMatches(big)).toEqual([])
  })
  it('never compares a 人月 price with a lump sum', () => {
    expect(matchLine(index, { name: '定制开发', unit: '项' })).toEqual([])
    expect(matchLine(index, { name: '定制开发', unit: '人月' })[0]?.ref.id).toBe('d')
  })
  it('reads the head noun: a 数据库服务器 is a 服务器, not a 数据库; 培训 ends 系统操作培训', () => {
    const idx = buildPriceIndex([ref('db', '国产数据库管理系统', '企业版', '套', 150000, '2026-01-01', null), ref('t', '培训', '', '次', 20000, '2026-01-01', null)])
    expect(acceptedMatches(matchLine(idx, { name: '数据库服务器', spec: '4路/64核/512G', unit: '台' }))).toEqual([])
    expect(acceptedMatches(matchLine(idx, { name: '系统操作培训', unit: '次' }))[0]?.ref.id).toBe('t')
  })
  it('returns nothing for empty or unknown names', () => {
    expect(matchLine(index, { name: '' })).toEqual([])
    expect(matchLine(index, { name: '卫星电话' })).toEqual([])
  })
})

describe('range and findings', () => {
  const matches = [70000, 68000, 66000].map((y, i) => ({ ref: ref(`r${i}`, '服务器', '', '台', y, `2026-0${i + 1}-01`), score: 0.9, reasons: [] }))
  const line = (unitPrice: number, extra: Partial<PricedLine> = {}): PricedLine => ({
    lineId: 'l1', name: '服务器', spec: null, unit: '台', quantity: 4, unitPrice, amount: unitPrice * 4, category: '硬件购置', matches, ...extra
  })
  it('summarises the references', () => {
    expect(priceRange(matches.map((m) => m.ref), '2026-06-01')).toMatchObject({ count: 3, medianFen: 6800000, minFen: 6600000, maxFen: 7000000, newestDate: '2026-03-01', old: false })
    expect(priceRange(matches.map((m) => m.ref), '2030-06-01')?.old).toBe(true)
    expect(cutoffDate('2026-06-15', 36)).toBe('2023-06-15')
  })
  it('flags 单价偏高 with the cut in 分 = excess × quantity', () => {
    const [f] = priceFindings([line(9)], '2026-06-01', DEFAULT_PRICE_SETTINGS)
    expect(f).toMatchObject({ code: 'price.high', article: null, refs: [{ kind: 'budgetLine', lineId: 'l1' }] })
    // (90,000 − 68,000) × 4 = 88,000 元 = 8.8 万元
    expect(f?.suggestedCut?.amount).toBeCloseTo(8.8, 6)
    expect(f?.message).toMatch(/^价格参考：单价偏高.*88,000\.00 元/)
    expect(priceFindings([line(8)], '2026-06-01', DEFAULT_PRICE_SETTINGS)).toEqual([])
    expect(priceFindings([line(9)], '2026-06-01', { ...DEFAULT_PRICE_SETTINGS, minRefs: 4 })).toEqual([])
    expect(priceFindings([line(9)], '2030-06-01', DEFAULT_PRICE_SETTINGS)).toEqual([])
  })
  it('flags software development priced as one lump 项 without 人月', () => {
    const dev = (name: string, unit: string, quantity = 1) => line(120, { name, unit, quantity, category: '应用软件开发', matches: [] })
    expect(priceFindings([dev('业务系统定制开发', '项')], '2026-06-01', DEFAULT_PRICE_SETTINGS)[0]?.code).toBe('price.basis')
    expect(priceFindings([dev('业务系统定制开发（48人月）', '项')], '2026-06-01', DEFAULT_PRICE_SETTINGS)).toEqual([])
    expect(priceFindings([dev('业务系统开发', '人月', 48)], '2026-06-01', DEFAULT_PRICE_SETTINGS)).toEqual([])
  })
})
