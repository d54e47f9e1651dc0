import { describe, expect, it } from 'vitest'
import { defaultComplianceConfig } from './config'
import { runComplianceRules } from './engine'
import {
  CLEAN_BUDGET_ROWS,
  CLEAN_MAIN_DOCUMENT_PAGES,
  cleanContent,
  cleanDocuments,
  contentFromRows,
  rowIndexOf,
  withRow
} from './testing'
import type { Finding } from './types'

const codes = (findings: Finding[]) => findings.map((f) => f.code)
const run = (content = cleanContent()) => runComplianceRules(content)
const byCode = (findings: Finding[], code: string) => findings.filter((f) => f.code === code)
const pagesWithout = (...words: string[]) =>
  CLEAN_MAIN_DOCUMENT_PAGES.map((p) => words.reduce((text, w) => text.split(w).join('——'), p))

describe('a clean, well-made package', () => {
  it('produces no findings at all', () => {
    expect(run()).toEqual([])
  })
})

describe('findings over the same lines array run twice', () => {
  it('judge a line renamed in place between the runs by its new name (no index kept between runs)', () => {
    const content = contentFromRows(withRow(rowIndexOf('国产中间件授权'), [2, '办公电脑', '台', 2, 5, 10, null]))
    expect(codes(run(content))).toEqual(['art3.office-equipment'])
    const line = content.budget!.lines.find((l) => l.name === '办公电脑')!
    line.name = '国产中间件授权'
    expect(run(content)).toEqual([])
  })
})

describe('第三条 excluded items', () => {
  it('fires on office equipment with a suggested cut of the line amount', () => {
    // replace 国产中间件授权 (10) with 办公电脑 2 × 5 = 10, sums unchanged
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '办公电脑', '台', 2, 5, 10, null])
    const findings = run(contentFromRows(rows))
    expect(codes(findings)).toEqual(['art3.office-equipment'])
    const f = findings[0]!
    expect(f).toMatchObject({ article: 3, severity: 'warning', refs: [{ kind: 'budgetLine', lineId: 'r9' }] })
    expect(f.suggestedCut).toEqual({ amount: 10, reason: expect.stringContaining('第三条（一）') })
    expect(f.message).toContain('办公电脑')
    expect(f.message).toContain('10.00万元')
  })

  it('fires on 打印机, 复印机 and 通用办公软件 too', () => {
    for (const name of ['激光打印机', '数码复印机', 'WPS办公软件']) {
      const rows = withRow(rowIndexOf('国产中间件授权'), [2, name, '台', 2, 5, 10, null])
      expect(codes(run(contentFromRows(rows)))).toEqual(['art3.office-equipment'])
    }
  })

  it('fires on building intelligence (门禁, 综合布线) and on professional equipment', () => {
    const rows1 = withRow(rowIndexOf('国产中间件授权'), [2, '机房门禁系统', '套', 2, 5, 10, null])
    expect(codes(run(contentFromRows(rows1)))).toContain('art3.building-intelligence')
    const rows2 = withRow(rowIndexOf('国产中间件授权'), [2, '综合布线', '项', 2, 5, 10, null])
    expect(codes(run(contentFromRows(rows2)))).toEqual(['art3.building-intelligence'])
    const rows3 = withRow(rowIndexOf('国产中间件授权'), [2, '水质检测仪器', '台', 2, 5, 10, null])
    expect(codes(run(contentFromRows(rows3)))).toEqual(['art3.professional-equipment'])
  })

  it('reports a hit group once, not again for its lines', () => {
    const rows = CLEAN_BUDGET_ROWS.map((r) => [...r])
    rows[rowIndexOf('软件购置')] = ['二', '办公设备及通用办公软件', null, null, null, 40, null]
    const hits = byCode(run(contentFromRows(rows)), 'art3.office-equipment')
    expect(hits).toHaveLength(1)
    expect(hits[0]?.suggestedCut?.amount).toBe(40)
  })

  it('does not fire on look-alikes that are configured as exceptions', () => {
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '证照打印模块开发', '项', 2, 5, 10, null])
    expect(byCode(run(contentFromRows(rows)), 'art3.office-equipment')).toEqual([])
  })

  it('uses the configured keywords', () => {
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '叫号机', '台', 2, 5, 10, null])
    expect(run(contentFromRows(rows))).toEqual([])
    const config = defaultComplianceConfig()
    config.article3.officeEquipment.keywords.push('叫号机')
    expect(codes(runComplianceRules(contentFromRows(rows), config))).toEqual(['art3.office-equipment'])
  })
})

describe('第七条 required elements and data lists', () => {
  it('fires once per missing element, citing the main document', () => {
    const content = contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pagesWithout('业务流程', '建设依据')) })
    const findings = byCode(run(content), 'art7.missing-element')
    expect(findings.map((f) => f.id).sort()).toEqual(['art7.missing-element:basis', 'art7.missing-element:process'])
    expect(findings[0]).toMatchObject({ article: 7, refs: [{ kind: 'document', documentPath: 'docs/可研暨初设方案.pdf' }] })
    expect(findings.map((f) => f.message).join()).toContain('业务流程')
  })

  it('finds elements even when PDF extraction split the words with spaces and line breaks', () => {
    const pages = CLEAN_MAIN_DOCUMENT_PAGES.map((p) => p.replace('业务流程', '业务\n流 程'))
    expect(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pages) }))).toEqual([])
  })

  it('fires when there is no 数据目录 or no 数据需求清单, or when columns are missing', () => {
    const none = { present: false, path: null, rowCount: 0, missingColumns: [] }
    expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { dataCatalog: none })))).toEqual(['art7.no-data-catalog'])
    expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { dataNeeds: none })))).toEqual(['art7.no-data-needs'])
    const partial = { present: true, path: 'needs.csv', rowCount: 2, missingColumns: ['用途'] }
    const f = run(contentFromRows(CLEAN_BUDGET_ROWS, { dataNeeds: partial }))
    expect(codes(f)).toEqual(['art7.data-needs-columns'])
    expect(f[0]?.message).toContain('用途')
  })

  it('says it cannot check a scanned document instead of listing every element as missing', () => {
    const findings = run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(['', ' ']) }))
    expect(codes(findings)).toEqual(['art7.no-text'])
    expect(findings[0]?.severity).toBe('info')
  })

  it('is an error when there is no document at all', () => {
    const findings = run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: [] }))
    expect(codes(findings)).toContain('art7.no-document')
  })
})

describe('第十一条 adjustment over the approved estimate', () => {
  it('does not fire at or under the approved estimate', () => {
    expect(run(contentFromRows(CLEAN_BUDGET_ROWS, { approvedEstimate: 286 }))).toEqual([])
    expect(run(contentFromRows(CLEAN_BUDGET_ROWS, { approvedEstimate: 300 }))).toEqual([])
  })

  it('asks for consent up to 10% over, exactly 10% included', () => {
    const findings = run(contentFromRows(CLEAN_BUDGET_ROWS, { approvedEstimate: 260 }))
    expect(codes(findings)).toEqual(['art11.adjustment-needs-consent'])
    expect(findings[0]).toMatchObject({ article: 11, severity: 'warning' })
    expect(findings[0]?.message).toContain('26.00万元')
    expect(findings[0]?.message).toContain('10.00%')
  })

  it('asks for re-approval above 10%: a veto, not a cut', () => {
    const findings = run(contentFromRows(CLEAN_BUDGET_ROWS, { approvedEstimate: 250 }))
    expect(codes(findings)).toEqual(['art11.adjustment-needs-reapproval'])
    expect(findings[0]).toMatchObject({ severity: 'error', veto: { reason: expect.stringContaining('需重新履行项目审批手续') } })
    expect(findings[0]?.suggestedCut).toBeUndefined()
    expect(findings[0]?.message).toContain('14.40%')
  })
})

describe('第十二条 政务云 and data sharing', () => {
  it('fires on self-built servers, storage, 机房, 精密空调 and UPS', () => {
    for (const name of ['机架式服务器', '磁盘阵列存储', '机房装修', '精密空调', 'UPS不间断电源']) {
      const rows = withRow(rowIndexOf('国产中间件授权'), [2, name, '台', 2, 5, 10, null])
      const findings = byCode(run(contentFromRows(rows)), 'art12.self-built-infrastructure')
      expect(findings, name).toHaveLength(1)
      expect(findings[0]).toMatchObject({ article: 12, suggestedCut: { amount: 10 }, refs: [{ lineId: 'r9' }] })
    }
  })

  it('does not fire on rented cloud resources or on a 服务器密码机', () => {
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '服务器密码机', '台', 2, 5, 10, null])
    expect(byCode(run(contentFromRows(rows)), 'art12.self-built-infrastructure')).toEqual([])
    // the clean budget rents 政务云存储资源 and must not fire
    expect(byCode(run(), 'art12.self-built-infrastructure')).toEqual([])
  })

  it('fires when neither the documents nor the budget mention a sharing interface', () => {
    const rows = withRow(rowIndexOf('数据共享接口开发'), [2, '工单管理模块开发', '人月', 20, 2, 40, null])
    const pages = pagesWithout('数据共享接口', '汇聚共享', '数据目录与数据需求清单')
    const findings = run(contentFromRows(rows, { documents: cleanDocuments(pages) }))
    expect(codes(findings)).toEqual(['art12.no-sharing-interface'])
    expect(findings[0]).toMatchObject({ severity: 'error', veto: { reason: '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设' } })
    // only the budget mentions it: no finding
    expect(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pages) }))).toEqual([])
  })
})

describe('第十四条 supervision', () => {
  it('fires when the budget has no 监理 cost', () => {
    const rows = withRow(rowIndexOf('工程监理费'), [1, '项目管理费', '项', 1, 8, 8, null])
    const findings = run(contentFromRows(rows))
    expect(codes(findings)).toEqual(['art14.no-supervision-cost'])
    expect(findings[0]).toMatchObject({ article: 14, severity: 'warning' })
  })
})

describe('第十五条 / 第二十二条 security', () => {
  it('fires on no 等保 grade in the documents', () => {
    const pages = pagesWithout('等级保护第三级')
    expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pages) })))).toEqual(['art22.no-mlps-grade'])
  })

  it('accepts other ways of writing the grade', () => {
    for (const text of ['定级为第二级', '按三级等保要求建设', '等保2.0第三级']) {
      const pages = pagesWithout('等级保护第三级').map((p, i) => (i === 3 ? `${p}\n${text}` : p))
      expect(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pages) })), text).toEqual([])
    }
  })

  it('fires on no 密码应用方案 nor any crypto design', () => {
    const pages = pagesWithout('密码应用方案', '国密算法')
    expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pages) })))).toEqual(['art22.no-crypto-plan'])
  })

  it('judges the crypto plan by substance: the article’s own words count, a negation does not', () => {
    const withText = (text: string) => cleanDocuments([...pagesWithout('密码应用方案', '国密算法').slice(0, 3), text, CLEAN_MAIN_DOCUMENT_PAGES[4]!])
    const described = '第四章 安全可靠情况\n系统按网络安全等级保护第三级建设，同步规划、同步建设、同步运行密码保障系统。'
    expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: withText(described) })))).toEqual([])
    const negated = '第四章 安全可靠情况\n系统按网络安全等级保护第三级建设。本项目暂不开展密码应用\n方案编制。'
    const findings = run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: withText(negated) }))
    expect(codes(findings)).toEqual(['art22.no-crypto-plan'])
    expect(findings[0]?.message).toContain('明确不开展密码应用')
    expect(findings[0]?.refs).toEqual([{ kind: 'document', documentPath: 'docs/可研暨初设方案.pdf', page: 4 }])
  })

  it('counts crypto measures described as a plan only with a 密评 cost in the budget', () => {
    const measures = '第四章 安全可靠情况\n系统按网络安全等级保护第三级建设，采用SM2/SM3/SM4算法，部署签名验签服务器和密钥管理系统。'
    const documents = cleanDocuments([...pagesWithout('密码应用方案', '国密算法').slice(0, 3), measures, CLEAN_MAIN_DOCUMENT_PAGES[4]!])
    expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents })))).toEqual([])
    // The same text, the 密评 line replaced by another cost of the same amount: no plan by substance.
    const rows = withRow(rowIndexOf('密码应用安全性评估费'), [3, '项目管理咨询费', '项', 1, 6, 6, null])
    const findings = run(contentFromRows(rows, { documents }))
    expect(codes(findings).sort()).toEqual(['art15.no-crypto-assessment-cost', 'art22.no-crypto-plan'])
    expect(byCode(findings, 'art22.no-crypto-plan')[0]?.message).toContain('方案文本提到密码措施')
  })

  it('reads the 等保 grade in its usual phrasings, across a PDF line break', () => {
    for (const text of ['安全保护等级定为第三级', '按等保2.0三级要求建设', '三级等保', '等级保\n护第\n三级', '定级结果为二级', '（S3A3G3）']) {
      const pages = [...CLEAN_MAIN_DOCUMENT_PAGES]
      pages[3] = `第四章 安全可靠情况\n${text}。编制商用密码应用方案。`
      expect(codes(run(contentFromRows(CLEAN_BUDGET_ROWS, { documents: cleanDocuments(pages) }))), text).toEqual([])
    }
  })

  it('fires on missing 等保测评, 密评 and third-party test costs', () => {
    const cases: [string, string][] = [
      ['等保测评费', 'art15.no-mlps-test-cost'],
      ['密码应用安全性评估费', 'art15.no-crypto-assessment-cost'],
      ['第三方软件测试费', 'art15.no-third-party-test-cost']
    ]
    for (const [name, code] of cases) {
      const row = CLEAN_BUDGET_ROWS[rowIndexOf(name)]!
      const rows = withRow(rowIndexOf(name), [row[0] ?? null, '其他咨询费', '项', 1, row[4] ?? null, row[5] ?? null, null])
      const findings = run(contentFromRows(rows))
      expect(codes(findings), name).toEqual([code])
      expect(findings[0]?.article).toBe(15)
    }
  })
})

describe('arithmetic findings', () => {
  it('turns each mismatch into a finding with article null and the numbers', () => {
    const rows = withRow(rowIndexOf('统一受理门户开发'), [1, '统一受理门户开发', '人月', 30, 2, 66, null])
    const findings = run(contentFromRows(rows))
    // the group line 三 still says 100, so the 合计 and the declared investment stay consistent
    expect(codes(findings)).toEqual(['budget.line-product-mismatch', 'budget.subtotal-mismatch'])
    const product = byCode(findings, 'budget.line-product-mismatch')[0]!
    expect(product).toMatchObject({ article: null, refs: [{ kind: 'budgetLine', lineId: 'r11' }], suggestedCut: { amount: 6 } })
    expect(product.message).toContain('60.00万元')
    expect(product.message).toContain('66.00万元')
    const subtotal = byCode(findings, 'budget.subtotal-mismatch')[0]!
    expect(subtotal.message).toContain('106.00万元')
  })

  it('reports a total that differs from the declared investment', () => {
    const findings = run(contentFromRows(CLEAN_BUDGET_ROWS, { declaredInvestment: 300 }))
    expect(codes(findings)).toEqual(['budget.declared-investment-mismatch'])
    expect(findings[0]?.message).toContain('300.00万元')
    expect(findings[0]?.message).toContain('286.00万元')
  })
})

describe('fee rates', () => {
  it('fires when 预备费 exceeds 5% of the other costs', () => {
    // 预备费 20 on 273 of other costs = 7.33%; total becomes 293
    const rows = withRow(rowIndexOf('预备费'), ['七', '预备费', '项', 1, 20, 20, null])
    rows[rows.length - 1] = ['合计', null, null, null, null, 293, null]
    const findings = run(contentFromRows(rows, { declaredInvestment: 293 }))
    expect(codes(findings)).toEqual(['fee.contingency-rate'])
    expect(findings[0]?.suggestedCut?.amount).toBeCloseTo(20 - 273 * 0.05, 6)
    expect(findings[0]?.message).toContain('7.33%')
  })

  it('fires when 系统集成 exceeds 8% of hardware, software, security and crypto', () => {
    const rows = withRow(rowIndexOf('系统集成费'), ['五', '系统集成费', '项', 1, 8.5, 8.5, null])
    rows[rows.length - 1] = ['合计', null, null, null, null, 291.5, null]
    const findings = run(contentFromRows(rows, { declaredInvestment: 291.5 }))
    expect(codes(findings)).toEqual(['fee.integration-rate'])
    expect(findings[0]?.message).toContain('10.00%')
    expect(findings[0]?.suggestedCut?.amount).toBe(1.7)
  })

  it('counts security and crypto hardware in the base: a normal 5% is not flagged', () => {
    const rows = withRow(rowIndexOf('系统集成费'), ['五', '系统集成费', '项', 1, 4.25, 4.25, null])
    rows[rows.length - 1] = ['合计', null, null, null, null, 287.25, null]
    expect(codes(run(contentFromRows(rows, { declaredInvestment: 287.25 })))).toEqual([])
  })

  it('respects configured rates', () => {
    const config = defaultComplianceConfig()
    config.feeRates.contingencyMaxRate = 0.04
    expect(codes(runComplianceRules(cleanContent(), config))).toEqual(['fee.contingency-rate'])
  })
})

describe('finding ids', () => {
  it('are unique and stable', () => {
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '办公电脑', '台', 2, 5, 10, null])
    const a = run(contentFromRows(rows, { approvedEstimate: 200, dataNeeds: { present: false, path: null, rowCount: 0, missingColumns: [] } }))
    const b = run(contentFromRows(rows, { approvedEstimate: 200, dataNeeds: { present: false, path: null, rowCount: 0, missingColumns: [] } }))
    expect(a).toEqual(b)
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length)
  })
})

describe('one cut per line', () => {
  it('does not flag a line for 第十二条 when 第三条 already excludes it', () => {
    const rows = withRow(rowIndexOf('国产中间件授权'), [2, '机房门禁系统', '套', 2, 5, 10, null])
    const findings = run(contentFromRows(rows))
    expect(codes(findings)).toEqual(['art3.building-intelligence'])
  })
})
