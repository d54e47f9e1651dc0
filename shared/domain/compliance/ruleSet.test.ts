/** Rules as data (issue 14 item 3): the default rule set is valid, a changed rule set changes findings, a bad file is refused in Chinese. */
import { describe, expect, it } from 'vitest'
import { checkBudgetArithmetic } from '../budget/arithmetic'
import { parseBudgetSheet } from '../budget/parseBudget'
import { runComplianceRules, runRuleSet } from './engine'
import { defaultRuleSet, parseRuleSet, problemsText, ruleSetDigest, ruleSetJson, type RuleSet } from './ruleSet'
import { unsafePatternReason } from './ruleSetSchema'
import { CLEAN_BUDGET_ROWS, cleanContent, contentFromRows, rowIndexOf, withRow } from './testing'
import type { Finding, PackageContent } from './types'

const codes = (fs: Finding[]) => fs.map((f) => f.code)
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file spoilt on purpose, field by field
type RuleSetFile = Record<string, any>
const edited = (edit: (r: RuleSet) => void): RuleSet => {
  const r = defaultRuleSet()
  edit(r)
  return r
}

describe('the shipped default rule set', () => {
  it('passes its own schema, round-trips through its file and gives today’s findings', () => {
    const r = defaultRuleSet()
    const back = parseRuleSet(ruleSetJson(r))
    expect(back.ok).toBe(true)
    if (back.ok) expect(ruleSetDigest(back.ruleSet)).toBe(ruleSetDigest(r))
    expect(ruleSetDigest(r)).toMatch(/^[0-9a-f]{64}$/)
    const content = contentFromRows(withRow(rowIndexOf('国产中间件授权'), [2, '台式电脑', '台', 1, 10, 10, null]))
    const plain = runComplianceRules(content)
    const stamped = runRuleSet(content, r)
    expect(stamped.map(({ ruleSet: _s, ...f }) => f)).toEqual(plain)
    expect(stamped[0]?.ruleSet).toEqual({ version: r.version, digest: ruleSetDigest(r) })
  })
})

describe('a changed rule set changes the findings', () => {
  const thirdParty = () => contentFromRows(withRow(rowIndexOf('第三方软件测试费'), [4, '软件功能验证服务', '项', 1, 8, 8, null]))

  it('adding a synonym of 第三方测试 makes a package pass', () => {
    expect(codes(runRuleSet(thirdParty()))).toContain('art15.no-third-party-test-cost')
    const r = edited((x) => x.compliance.article15.thirdPartyTestCost.keywords.push('功能验证'))
    expect(codes(runRuleSet(thirdParty(), r))).not.toContain('art15.no-third-party-test-cost')
  })

  it('a 第三条 keyword added flags the line; a lower 预备费 rate flags the 预备费; a veto removed is no veto', () => {
    const r = edited((x) => {
      x.compliance.article3.officeEquipment.keywords.push('商用密码服务')
      x.compliance.feeRates.contingencyMaxRate = 0.01
      x.vetoes = x.vetoes.filter((v) => v.code !== 'art12.no-sharing-interface')
    })
    const found = runRuleSet(cleanContent(), r)
    expect(codes(found)).toEqual(['art3.office-equipment', 'fee.contingency-rate'])
    const noSharing = contentFromRows(withRow(rowIndexOf('数据共享接口开发'), [2, '工单管理开发', '人月', 20, 2, 40, null]), { documents: [{ path: 'a.pdf', title: 'a', role: 'main', pages: ['第一章 建设依据与建设目标，本项目建设统一受理门户。'], paged: true }] })
    const sharing = (rs?: RuleSet) => runRuleSet(noSharing, rs).find((f) => f.code === 'art12.no-sharing-interface')
    expect(sharing()?.veto).toBeDefined()
    expect(sharing(r)?.veto).toBeUndefined()
    // A veto added for another finding carries the rule set's reason.
    const strict = edited((x) => x.vetoes.push({ code: 'fee.contingency-rate', reason: '预备费严重超标' }))
    strict.compliance.feeRates.contingencyMaxRate = 0.01
    expect(runRuleSet(cleanContent(), strict).find((f) => f.code === 'fee.contingency-rate')?.veto).toEqual({ reason: '预备费严重超标' })
  })

  it('category keywords from the rule set decide a line’s category (and so the fee base)', () => {
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '信创适配服务', '项', 1, 10, 10, null])
    const r = edited((x) => x.categories.unshift({ category: '系统集成', keywords: ['适配服务'] }))
    const parsed = parseBudgetSheet({ name: '概算表', rows }, { categoryRules: r.categories })
    const base = parseBudgetSheet({ name: '概算表', rows })
    if (!parsed.ok || !base.ok) throw new Error('parse')
    const cat = (b: typeof parsed.budget) => b.lines.find((l) => l.name === '信创适配服务')?.category
    expect(cat(base.budget)).not.toBe('系统集成')
    expect(cat(parsed.budget)).toBe('系统集成')
    const content: PackageContent = { ...cleanContent(), budget: { ...cleanContent().budget!, lines: parsed.budget.lines, arithmetic: checkBudgetArithmetic(parsed.budget, 286) } }
    expect(codes(runRuleSet(content, r))).toContain('fee.integration-rate')
  })
})

describe('a rule set file is checked whole, in Chinese', () => {
  it('names every problem with its path and reason', () => {
    const raw = JSON.parse(ruleSetJson(defaultRuleSet())) as RuleSetFile
    raw.compliance.feeRates.contingencyMaxRate = 5
    raw.compliance.article3.officeEquipment.keywords[2] = ''
    raw.vetoes.push({ code: 'art99.nothing', reason: 'x' })
    raw.categories[0].category = '杂项'
    delete raw.version
    raw.extra = 1
    const r = parseRuleSet(JSON.stringify(raw))
    expect(r.ok).toBe(false)
    if (r.ok) return
    const text = problemsText(r.problems)
    expect(text).toContain('compliance.feeRates.contingencyMaxRate（合规规则 › 费率 › 预备费费率上限）：不能大于 1')
    expect(text).toContain('compliance.article3.officeEquipment.keywords[2]（合规规则 › 第三条 › 办公设备 › 关键词 › 第 3 项）：不能为空')
    expect(text).toMatch(/vetoes\[2\]\.code（否决项 › 第 3 项 › 提示代码）：应为以下之一：art3/)
    expect(text).toMatch(/categories\[0\]\.category（概算分类 › 第 1 项 › 分类）：应为以下之一/)
    expect(text).toContain('version（版本）：缺少该字段')
    expect(text).toContain('有不认识的字段：extra')
    expect(parseRuleSet('{').ok).toBe(false)
    expect(parseRuleSet('x'.repeat(2_000_000))).toMatchObject({ ok: false, problems: [{ reason: expect.stringMatching(/超过/) }] })
  })

  it('refuses patterns that could backtrack without end, or are not patterns', () => {
    expect(unsafePatternReason('(a+)+b')).toMatch(/无限回溯/)
    expect(unsafePatternReason('(a|aa)*')).toBeNull()
    expect(unsafePatternReason('((ab)*)+')).toMatch(/无限回溯/)
    expect(unsafePatternReason('(\\w)\\1')).toMatch(/反向引用/)
    expect(unsafePatternReason('(等级保护|等保)[^。；]{0,20}(第?[一二三四五]级)')).toBeNull()
    const raw = JSON.parse(ruleSetJson(defaultRuleSet())) as RuleSetFile
    raw.compliance.article15.mlpsGradePatterns = ['(x+)+y', '([']
    const r = parseRuleSet(raw)
    expect(r.ok ? '' : problemsText(r.problems)).toMatch(/mlpsGradePatterns\[0\].*无限回溯[\s\S]*mlpsGradePatterns\[1\].*不是有效的正则表达式/)
  })
})

it('the clean rows stay clean under the default rule set', () => {
  expect(runRuleSet(contentFromRows(CLEAN_BUDGET_ROWS))).toEqual([])
})

describe('the richer default (usual 可研 wording)', () => {
  const replacing = (name: string, with_: string) => contentFromRows(withRow(rowIndexOf(name), [rowIndexOf(name) > 0 ? CLEAN_BUDGET_ROWS[rowIndexOf(name)]![0]! : 1, with_, '项', 1, 6, 6, null]))
  it('recognises other names of 等保测评, 密评 and 第三方测试', () => {
    expect(runRuleSet(replacing('等保测评费', '网络安全等级保护测试服务'))).toEqual([])
    expect(runRuleSet(replacing('密码应用安全性评估费', '商密测评服务'))).toEqual([])
  })
  it('flags office peripherals, machine-room kit and a rebuilt city platform that the first default missed', () => {
    const at = rowIndexOf('国产中间件授权')
    for (const [name, code] of [
      ['装订机', 'art3.office-equipment'],
      ['全站仪', 'art3.professional-equipment'],
      ['磁带库', 'art12.self-built-infrastructure'],
      ['统一消息平台建设', 'art12.duplicate-shared-platform'],
      ['好差评系统开发', 'art12.duplicate-shared-platform']
    ] as const) {
      expect(codes(runRuleSet(contentFromRows(withRow(at, [2, name, '项', 1, 10, 10, null])))), name).toEqual([code])
    }
    // Reuse is not rebuilding.
    expect(runRuleSet(contentFromRows(withRow(at, [2, '对接市统一消息平台', '项', 1, 10, 10, null])))).toEqual([])
  })
})
