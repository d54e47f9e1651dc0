/** zod issues of a rule set file as Chinese problems: the path (with what each part means) and the reason. */
import type { z } from 'zod'
import { valueAt } from '../../signing/contentSchema'

export interface RuleSetProblem {
  /** e.g. "compliance.feeRates.contingencyMaxRate（合规规则 › 费率 › 预备费费率上限）"; empty for the whole file. */
  path: string
  reason: string
}

const LABELS: Record<string, string> = {
  format: '格式标识', version: '版本', name: '名称', note: '说明', categories: '概算分类', category: '分类', compliance: '合规规则',
  vetoes: '否决项', code: '提示代码', reason: '理由', keywords: '关键词', exclude: '排除词', excludeCategories: '排除的分类', severity: '级别',
  article3: '第三条', officeEquipment: '办公设备', buildingIntelligence: '智能建筑', professionalEquipment: '专业设备', article7: '第七条',
  elements: '方案要素', key: '标识', label: '名称', article11: '第十一条', reapprovalThreshold: '重新审批比例', article12: '第十二条',
  selfBuiltInfrastructure: '自建基础设施', sharingKeywords: '数据共享词', article14: '第十四条', supervision: '监理费',
  article15: '第十五条、第二十二条', mlpsGradePatterns: '等保定级表达式', mlpsTestCost: '等保测评费', cryptoPlanKeywords: '密码应用方案词',
  cryptoDesignKeywords: '密码措施词', negations: '否定词', cryptoAssessmentCost: '密评费', thirdPartyTestCost: '第三方测试费',
  arithmetic: '算术校验', declaredTotalSeverity: '申报总投资不符的级别', feeRates: '费率', contingencyMaxRate: '预备费费率上限',
  integrationMaxRate: '系统集成费费率上限', integrationBaseCategories: '系统集成费计费基数', dataLists: '数据目录与需求清单',
  operations: '运维与维保', withinConstruction: '建设期内用语', sharedPlatforms: '共性平台', platforms: '平台', reuseWords: '复用用语'
}

const TYPES: Record<string, string> = { string: '文字', number: '数字', array: '列表', object: '对象', boolean: '是或否' }

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return ''
  const dotted = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')
  const words = path.map((p) => (typeof p === 'number' ? `第 ${p + 1} 项` : (LABELS[String(p)] ?? String(p))))
  return `${dotted}（${words.join(' › ')}）`
}

function bound(issue: { minimum?: unknown; maximum?: unknown }): string {
  return String(issue.minimum ?? issue.maximum ?? '')
}

function reasonOf(issue: z.core.$ZodIssue, raw: unknown): string {
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean; keys?: string[]; values?: unknown[]; expected?: string }
  switch (i.code) {
    case 'invalid_type':
      return valueAt(raw, i.path) === undefined ? '缺少该字段' : `应为${TYPES[String(i.expected)] ?? String(i.expected)}`
    case 'too_small':
      if (i.origin === 'string') return '不能为空'
      if (i.origin === 'array') return `至少需要 ${bound(i)} 项`
      return i.inclusive === false ? `应大于 ${bound(i)}` : `不能小于 ${bound(i)}`
    case 'too_big':
      if (i.origin === 'string') return `不能超过 ${bound(i)} 个字`
      if (i.origin === 'array') return `不能超过 ${bound(i)} 项`
      return `不能大于 ${bound(i)}`
    case 'unrecognized_keys':
      return `有不认识的字段：${(i.keys ?? []).slice(0, 5).join('、')}`
    case 'invalid_value':
      return `应为以下之一：${(i.values ?? []).slice(0, 30).map(String).join('、')}`
    case 'custom':
    case 'invalid_format':
      return /[\u4e00-\u9fff]/.test(i.message) ? i.message : '格式不符'
    default:
      return '格式不符'
  }
}

/** Every issue, at most 200, as path and Chinese reason. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): RuleSetProblem[] {
  return issues.slice(0, 200).map((issue) => ({ path: pathText(issue.path), reason: reasonOf(issue, raw) }))
}
