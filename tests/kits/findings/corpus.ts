/**
 * The findings corpus (issue 14): realistic packages, each with the findings a careful reviewer expects, written
 * down before the rules were run. An expected finding is its code and, for budget lines, the line's name.
 */
import {
  CLEAN_GROUPS, detailRows, docx, gbkCsv, groupsTotal, mainDocument, packageBytes, pdf, scannedPdf, summaryRows, xlsx,
  type DocOptions, type Group, type Item
} from './builders'

export interface Expected {
  code: string
  /** The budget line's name when the finding is about one line. */
  line?: string
}

export interface CorpusPackage {
  name: string
  shape: string
  bytes: Uint8Array
  expected: Expected[]
}

const replaceItem = (groups: readonly Group[], name: string, by: Item[]): Group[] =>
  groups.map((g) => ({ ...g, items: g.items.flatMap((it) => (Array.isArray(it) && it[0] === name ? by : [it])) }))
const withoutItem = (groups: readonly Group[], name: string) => replaceItem(groups, name, [])
const prepend = (groups: readonly Group[], group: Group): Group[] => [group, ...groups.map((g, i) => ({ ...g, no: ['二', '三', '四', '五'][i] ?? g.no }))]

async function standard(name: string, groups: Group[], doc: DocOptions = {}, extra: { approved?: number; declared?: number } = {}) {
  const total = groupsTotal(groups)
  return packageBytes({
    name,
    declared: extra.declared ?? total,
    ...(extra.approved ? { approved: extra.approved } : {}),
    main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument(doc)) },
    budget: { path: 'budget.xlsx', bytes: await xlsx([{ name: '投资概算表', rows: detailRows(groups) }]) }
  })
}

export async function findingsCorpus(): Promise<CorpusPackage[]> {
  const out: CorpusPackage[] = []
  const total = groupsTotal(CLEAN_GROUPS)

  // 1. Clean: 编制说明 + 概算汇总表 + 概算明细表, PDF with the 等保 grade split by a line break.
  out.push({
    name: 'clean-summary-detail',
    shape: '汇总+明细+说明 workbook, PDF, grade split by a line break',
    expected: [],
    bytes: packageBytes({
      name: '三明市统一受理平台项目',
      declared: total,
      main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument()) },
      budget: {
        path: 'budget.xlsx',
        bytes: await xlsx([
          { name: '编制说明', rows: [['编制说明'], ['1. 本概算依据三明市有关标准编制。'], ['序号', '名称', '金额'], [1, '说明', 1]] },
          { name: '概算汇总表', rows: summaryRows(CLEAN_GROUPS) },
          { name: '概算明细表', rows: detailRows(CLEAN_GROUPS) }
        ])
      }
    })
  })
  // 2. Clean: DOCX in the article's own words, merged two-row header.
  out.push({
    name: 'clean-docx-merged-header',
    shape: 'DOCX main document, crypto in the article’s words, merged header',
    expected: [],
    bytes: packageBytes({
      name: '三明市12345热线升级项目',
      declared: total,
      main: { path: 'docs/可研暨初设方案.docx', bytes: docx(mainDocument({ crypto: 'article-words', grade: 'phrased' })) },
      budget: { path: 'budget.xlsx', bytes: await xlsx([{ name: 'Sheet1', rows: detailRows(CLEAN_GROUPS, { mergedHeader: true }), merges: ['E3:F3'] }]) }
    })
  })
  // 3. Clean: GBK CSV in 元 with text amounts and separators.
  out.push({
    name: 'clean-gbk-csv-yuan',
    shape: 'GBK CSV in 元, amounts as text with thousands separators',
    expected: [],
    bytes: packageBytes({
      name: '三明市应急指挥平台项目',
      declared: total,
      main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument({ grade: 'plain' })) },
      budget: { path: 'budget.csv', bytes: gbkCsv(detailRows(CLEAN_GROUPS, { yuan: true, textAmounts: true })) }
    })
  })
  // 4. Clean: 汇总 + several detail sheets.
  const [works, others, contingency] = CLEAN_GROUPS as [Group, Group, Group]
  out.push({
    name: 'clean-several-details',
    shape: '汇总 + 工程费用明细 + 其他费用明细',
    expected: [],
    bytes: packageBytes({
      name: '三明市数据治理项目',
      declared: total,
      main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument()) },
      budget: {
        path: 'budget.xlsx',
        bytes: await xlsx([
          { name: '汇总表', rows: summaryRows(CLEAN_GROUPS) },
          { name: '工程费用明细', rows: detailRows([works]) },
          { name: '其他费用明细', rows: detailRows([others, contingency]) }
        ])
      }
    })
  })
  // 5. 第三条 items.
  const office = replaceItem(CLEAN_GROUPS, '国产中间件', [
    ['国产中间件', '套', 2, 4],
    ['高速扫描仪', '台', 2, 0.8],
    ['液晶显示器', '台', 10, 0.15],
    ['平板电脑', '台', 5, 0.5],
    ['执法记录仪', '台', 10, 0.3]
  ])
  out.push({
    name: 'article3-office-and-professional',
    shape: '第三条 items in the 工程费用',
    expected: [
      { code: 'art3.office-equipment', line: '高速扫描仪' },
      { code: 'art3.office-equipment', line: '液晶显示器' },
      { code: 'art3.office-equipment', line: '平板电脑' },
      { code: 'art3.professional-equipment', line: '执法记录仪' }
    ],
    bytes: await standard('三明市综合执法项目', office)
  })
  // 6. Self-built infrastructure under 硬件设备购置 (a 数据库服务器, a 超融合一体机, a server "托管于政务云机房").
  const hardware = prepend(CLEAN_GROUPS, {
    no: '一',
    name: '硬件设备购置',
    items: [['数据库服务器', '台', 2, 15], ['超融合一体机', '台', 1, 30], ['应用服务器（托管于政务云机房）', '台', 2, 8]]
  })
  out.push({
    name: 'article12-self-built',
    shape: 'hardware group before the works, servers named for their use',
    expected: [
      { code: 'art12.self-built-infrastructure', line: '数据库服务器' },
      { code: 'art12.self-built-infrastructure', line: '超融合一体机' },
      { code: 'art12.self-built-infrastructure', line: '应用服务器（托管于政务云机房）' }
    ],
    bytes: await standard('三明市视频会商项目', hardware)
  })
  // 7. No data sharing anywhere: a veto.
  out.push({
    name: 'article12-no-sharing',
    shape: 'no data-sharing content in the plan or the budget',
    expected: [{ code: 'art12.no-sharing-interface' }],
    bytes: await standard('三明市内部办公项目', replaceItem(CLEAN_GROUPS, '数据共享交换接口开发', [['统计报表模块开发', '人月', 15, 2.2]]), { sharing: false })
  })
  // 8. 第十一条 above 10 % (re-approval, a veto) and 9. just under 10 % (consent).
  out.push({ name: 'article11-reapproval', shape: 'adjustment of 12 %', expected: [{ code: 'art11.adjustment-needs-reapproval' }], bytes: await standard('三明市调整项目甲', CLEAN_GROUPS, {}, { approved: 220 }) })
  out.push({ name: 'article11-consent', shape: 'adjustment of 9.8 %', expected: [{ code: 'art11.adjustment-needs-consent' }], bytes: await standard('三明市调整项目乙', CLEAN_GROUPS, {}, { approved: 224.04 }) })
  // 10. Missing 监理 and 密评; the third-party test under another usual name.
  const missing = replaceItem(withoutItem(withoutItem(CLEAN_GROUPS, '工程监理费'), '密码应用安全性评估费'), '第三方软件测评费', [['软件产品测评费', '项', 1, 4]])
  out.push({
    name: 'missing-costs',
    shape: 'no 监理 nor 密评; 第三方测试 named 软件产品测评费',
    expected: [{ code: 'art14.no-supervision-cost' }, { code: 'art15.no-crypto-assessment-cost' }],
    bytes: await standard('三明市政务服务项目', missing, {}, { declared: groupsTotal(missing) })
  })
  // 11. Crypto plan negated, no 等保 grade.
  out.push({
    name: 'crypto-negated-no-grade',
    shape: '“暂不开展密码应用方案编制”, no grade',
    expected: [{ code: 'art22.no-crypto-plan' }, { code: 'art22.no-mlps-grade' }],
    bytes: await standard('三明市档案项目', CLEAN_GROUPS, { crypto: 'negated', grade: 'none' })
  })
  // 12. 运维/维保 in the construction budget, a rebuilt shared platform.
  const ops = replaceItem(CLEAN_GROUPS, '国产中间件', [
    ['国产中间件', '套', 2, 4],
    ['硬件设备原厂维保（3年）', '项', 1, 6],
    ['系统运维服务（第2-3年）', '年', 2, 8],
    ['统一身份认证平台建设', '项', 1, 25]
  ])
  out.push({
    name: 'operations-and-duplicate-platform',
    shape: '维保 and 运维 lines, 统一身份认证 rebuilt',
    expected: [
      { code: 'art20.operations-in-construction', line: '硬件设备原厂维保（3年）' },
      { code: 'art20.operations-in-construction', line: '系统运维服务（第2-3年）' },
      { code: 'art12.duplicate-shared-platform', line: '统一身份认证平台建设' }
    ],
    bytes: await standard('三明市社保服务项目', ops)
  })
  // 13. The summary disagrees with the detail; one line's 数量 × 单价 is wrong.
  const detail = detailRows(CLEAN_GROUPS)
  const bad = detail.findIndex((r) => r[1] === '培训费')
  detail[bad] = [6, '培训费', '项', 1, 1.5, 2.5]
  out.push({
    name: 'summary-mismatch-and-product',
    shape: '汇总 ≠ 明细, a wrong product, group and total off by it',
    expected: [
      { code: 'budget.line-product-mismatch', line: '培训费' },
      { code: 'budget.subtotal-mismatch', line: '工程建设其他费用' },
      { code: 'budget.summary-detail-mismatch', line: '工程建设其他费用' },
      { code: 'budget.summary-detail-mismatch' }
    ],
    bytes: packageBytes({
      name: '三明市不动产登记项目',
      declared: total,
      main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument()) },
      budget: { path: 'budget.xlsx', bytes: await xlsx([{ name: '概算汇总表', rows: summaryRows(CLEAN_GROUPS, { 工程建设其他费用: 26.5, 合计: 248 }) }, { name: '概算明细表', rows: detail }]) }
    })
  })
  // 14. 其中 breakdowns (no false subtotal or fee finding), and a 系统集成费 at 12 %.
  const memo = CLEAN_GROUPS.map((g, i) =>
    i === 0
      ? {
          ...g,
          items: g.items.map((it) =>
            Array.isArray(it) && it[0] === '统一受理平台开发'
              ? { item: it, memo: [['统一受理门户', '人月', 25, 2.2], ['工单流转模块', '人月', 15, 2.2]] as Item[] }
              : Array.isArray(it) && it[0] === '系统集成费'
                ? (['系统集成费', '项', 1, 7.92] as Item)
                : it
          )
        }
      : g
  )
  out.push({
    name: 'breakdowns-and-integration-rate',
    shape: '其中 rows without prefixes, 系统集成费 12 %',
    expected: [{ code: 'fee.integration-rate' }],
    bytes: await standard('三明市医保服务项目', memo)
  })
  // 15. A scanned main document next to a text attachment.
  out.push({
    name: 'scanned-main-document',
    shape: 'image-only PDF main document, a text attachment',
    expected: [{ code: 'art7.no-text' }],
    bytes: packageBytes({
      name: '三明市林业项目',
      declared: total,
      main: { path: 'docs/可研暨初设方案.pdf', bytes: scannedPdf(12) },
      attachments: [{ path: 'docs/附件1 情况说明.docx', bytes: docx([['附件1 情况说明', '项目单位情况说明，共三页。']]) }],
      budget: { path: 'budget.xlsx', bytes: await xlsx([{ name: '投资概算表', rows: detailRows(CLEAN_GROUPS) }]) }
    })
  })
  return out
}
