/** A rule set as rows to read (the console's table, and docs/rules-default.md generated from the default). */
import { chineseNumber } from '../packages/findingsView'
import type { KeywordRule, RequiredCost } from './config'
import type { RuleSet } from './ruleSet'

export interface RuleSetRow {
  section: string
  item: string
  value: string
}

const list = (xs: readonly string[]) => (xs.length ? xs.join('、') : '（无）')
const pct = (x: number) => `${Number((x * 100).toFixed(4))}%`
const SEVERITY: Record<string, string> = { error: '严重', warning: '警示', info: '提示' }

function keywordRows(section: string, item: string, r: KeywordRule): RuleSetRow[] {
  const rows = [{ section, item: `${item}：关键词（${SEVERITY[r.severity]}）`, value: list(r.keywords) }]
  if (r.exclude.length) rows.push({ section, item: `${item}：排除词`, value: list(r.exclude) })
  if (r.excludeCategories.length) rows.push({ section, item: `${item}：不检查的分类`, value: list(r.excludeCategories) })
  return rows
}

function costRow(section: string, item: string, c: RequiredCost): RuleSetRow {
  return { section, item: `${item}（${SEVERITY[c.severity]}）`, value: `分类：${list(c.categories)}；名称含：${list(c.keywords)}` }
}

export function ruleSetRows(r: RuleSet): RuleSetRow[] {
  const c = r.compliance
  const rows: RuleSetRow[] = []
  const s3 = '第三条 不列入申报范畴'
  rows.push(...keywordRows(s3, '（一）办公设备与通用软件', c.article3.officeEquipment))
  rows.push(...keywordRows(s3, '（二）智能建筑', c.article3.buildingIntelligence))
  rows.push(...keywordRows(s3, '（三）业务专业与科研设备', c.article3.professionalEquipment))
  for (const e of c.article7.elements) rows.push({ section: '第七条 方案要素', item: e.label, value: list(e.keywords) })
  rows.push({ section: '第十一条 概算调整', item: '超过原核定概算此比例须重新审批', value: pct(c.article11.reapprovalThreshold) })
  rows.push(...keywordRows('第十二条 依托政务云', '自建服务器、存储、机房', c.article12.selfBuiltInfrastructure))
  rows.push({ section: '第十二条 数据共享', item: `数据共享用语（${SEVERITY[c.article12.severity]}）`, value: list(c.article12.sharingKeywords) })
  for (const p of c.sharedPlatforms.platforms) rows.push({ section: '共性平台（重复建设）', item: p.name, value: list(p.keywords) })
  rows.push({ section: '共性平台（重复建设）', item: '视为复用的用语', value: list(c.sharedPlatforms.reuseWords) })
  rows.push(costRow('第十四条 监理', '监理费', c.article14.supervision))
  const s15 = '第十五条、第二十二条 安全与测试'
  rows.push({ section: s15, item: '等保定级（正则表达式）', value: c.article15.mlpsGradePatterns.join('  |  ') })
  rows.push(costRow(s15, '等保测评费', c.article15.mlpsTestCost))
  rows.push(costRow(s15, '密评费', c.article15.cryptoAssessmentCost))
  rows.push(costRow(s15, '第三方测试费', c.article15.thirdPartyTestCost))
  rows.push({ section: s15, item: '密码应用方案用语', value: list(c.article15.cryptoPlanKeywords) })
  rows.push({ section: s15, item: '密码措施用语（须同时有密评费）', value: list(c.article15.cryptoDesignKeywords) })
  rows.push({ section: s15, item: '否定用语（句中在前则不算）', value: list(c.article15.negations) })
  const ops = '第四条、第二十条 运维与维保'
  rows.push({ section: ops, item: `运维、维保用语（分类：${list(c.operations.categories)}）`, value: list(c.operations.keywords) })
  rows.push({ section: ops, item: '不算运维服务（运维工具）', value: list(c.operations.exclude) })
  rows.push({ section: ops, item: '写明建设期内的用语', value: list(c.operations.withinConstruction) })
  rows.push({ section: '费率', item: '预备费上限（占其他费用）', value: pct(c.feeRates.contingencyMaxRate) })
  rows.push({ section: '费率', item: `系统集成费上限（基数：${list(c.feeRates.integrationBaseCategories)}）`, value: pct(c.feeRates.integrationMaxRate) })
  for (const v of r.vetoes) rows.push({ section: '否决项', item: v.code, value: v.reason })
  r.categories.forEach((k, i) => {
    rows.push({ section: '概算分类（先匹配者优先）', item: `${chineseNumber(i + 1)}、${k.category}`, value: `${list(k.keywords)}${k.exclude?.length ? `；排除：${list(k.exclude)}` : ''}` })
  })
  return rows
}

/** The rows as a Markdown document (docs/rules-default.md is this of the default rule set). */
export function ruleSetMarkdown(r: RuleSet, digest: string): string {
  const out = [
    `# 审查规则集：${r.name}`,
    '',
    `版本 \`${r.version}\`，摘要（SHA-256）\`${digest}\`。`,
    '',
    `${r.note}`,
    '',
    '本文件由 `npx paneldesk rules export --markdown` 从内置默认规则集生成（测试核对二者一致），请勿手工修改；修改规则请导出 JSON、编辑后在秘书处工作台“审查规则”中导入。',
    ''
  ]
  let section = ''
  for (const row of ruleSetRows(r)) {
    if (row.section !== section) {
      if (section) out.push('')
      section = row.section
      out.push(`## ${section}`, '', '| 项目 | 内容 |', '|---|---|')
    }
    out.push(`| ${row.item.replace(/\|/g, '\\|')} | ${row.value.replace(/\|/g, '\\|')} |`)
  }
  return `${out.join('\n')}\n`
}
