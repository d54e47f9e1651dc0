import { normaliseForMatch } from './cells'
import { firstKeywordIndex } from './keywords'
import type { BudgetCategory } from './types'

export interface CategoryRule {
  category: BudgetCategory
  /** Any of these (case-insensitive, ignoring spaces) in the name or spec selects the category. */
  keywords: readonly string[]
  /** None of these may appear. */
  exclude?: readonly string[]
}

/**
 * Default keywords, most specific first: the first matching rule wins, so 密评 comes before 密码,
 * 等保测评 before 安全, 云资源租赁 before 硬件购置 (a cloud server is rented, not bought).
 */
export const DEFAULT_CATEGORY_RULES: readonly CategoryRule[] = [
  { category: '预备费', keywords: ['预备费', '不可预见费'] },
  { category: '监理', keywords: ['监理'] },
  {
    category: '运维/维保',
    keywords: ['运维', '运行维护', '维保', '维护服务', '维修保养', '原厂服务', '延保', '保修服务', '售后服务', '技术支持服务', '驻场服务'],
    exclude: ['运维管理系统', '运维管理平台', '运维审计', '运维监控系统', '运维平台开发', '堡垒机']
  },
  { category: '密评', keywords: ['密评', '密码应用安全性评估', '密码测评', '密码应用测评', '商密测评', '商用密码测评', '密码安全性评估', '密码应用评估'] },
  {
    category: '等保测评',
    keywords: ['等保测评', '等级保护测评', '等级测评', '等保2.0测评', '安全等级测评', '等保测试', '等级保护测试', '等保评测', '等级保护评测', '等保评估', '等级保护评估']
  },
  {
    category: '第三方测试',
    keywords: [
      '第三方测试', '第三方测评', '第三方检测', '软件测试', '软件测评', '软件评测', '软件产品测评', '软件质量', '功能测试', '性能测试',
      '功能性能', '系统测试', '系统测评', '测评服务', '验收测试', '验收测评', '符合性测试', '质量检测', '测试费', '测评费', '检测费',
      '第三方评测', '确认测试', '验收检测', '软件检测', '系统检测', '质量评测', '压力测试'
    ]
  },
  {
    category: '可研编制/咨询',
    keywords: ['可研', '可行性研究', '初步设计', '初设', '咨询', '方案编制', '设计费', '评审费', '招标代理', '造价']
  },
  { category: '培训', keywords: ['培训'] },
  { category: '系统集成', keywords: ['系统集成', '集成费', '安装调试', '部署实施', '集成实施'] },
  {
    category: '云资源租赁',
    // Not the bare word 政务云: a server "托管于政务云机房" is bought hardware, not a rented cloud resource.
    keywords: ['云资源', '云服务器', '云主机', '云存储', '云数据库', '云服务', '云平台服务', '对象存储服务', '租赁', '租用', '带宽']
  },
  {
    category: '密码',
    keywords: ['密码', '国密', '签名验签', '服务器密码机', '密码机', '电子签章', '数字证书', 'ca证书', 'sm2', 'sm4']
  },
  {
    category: '安全',
    keywords: ['防火墙', '安全', '入侵', '漏洞扫描', '堡垒机', '日志审计', '数据库审计', 'waf', '防病毒', '态势感知', '等级保护']
  },
  {
    category: '应用软件开发',
    keywords: ['开发', '定制', '子系统', '模块', '功能点', '人月', '平台建设', '系统建设', '接口', '改造', '门户', '小程序', 'app']
  },
  {
    // Servers are hardware even when named for what they run (数据库服务器); server software is not.
    category: '硬件购置',
    keywords: ['服务器', '超融合', '一体机', '磁盘阵列', '存储设备', '交换机', '磁带库', '光盘库'],
    exclude: ['云服务器', '服务器密码机', '服务器软件', '服务器操作系统', '服务器版', '服务器许可', '服务器授权', '虚拟化软件']
  },
  {
    category: '软件购置',
    // 信创 products are often named by brand only (麒麟V10, 达梦DM8, 东方通TongWeb).
    keywords: [
      '软件', '操作系统', '数据库', '中间件', '许可', 'license', '授权', 'office', 'wps', '麒麟', '统信', 'uos', '达梦', '人大金仓', 'kingbase', '神通',
      'gbase', '东方通', 'tongweb', '宝兰德', '金蝶天燕', 'openeuler', '欧拉'
    ]
  },
  {
    category: '硬件购置',
    keywords: [
      '服务器', '存储', '交换机', '路由器', '机柜', '终端', '电脑', '计算机', '打印机', '复印机', '扫描仪', '显示屏',
      '大屏', '摄像', '设备', '硬件', '一体机', 'ups', '空调', '磁盘阵列', '笔记本', '台式机', '门禁', '布线', '机房'
    ]
  }
]

const NO_WORDS: readonly string[] = []

export function classifyText(text: string, rules: readonly CategoryRule[] = DEFAULT_CATEGORY_RULES): BudgetCategory | null {
  const t = normaliseForMatch(text)
  for (const rule of rules) {
    if (firstKeywordIndex(t, rule.exclude ?? NO_WORDS) >= 0) continue
    if (firstKeywordIndex(t, rule.keywords) >= 0) return rule.category
  }
  return null
}

/**
 * The group a line sits in comes before the line's keywords (issue 14 item 2) wherever the group is the stronger
 * evidence of what is bought: a goods group (硬件设备购置, 软件购置, 应用系统开发, 安全设备, 密码设备, 云资源租赁) decides
 * for a line whose own words only say "software", "development" or "hardware" in general — 数据库服务器 or 随机操作系统
 * under 硬件设备购置 is bought with the hardware, 数据库设计 under 应用系统开发 is development, a server under 安全设备 is
 * security equipment and one under 云资源租赁 is rented. The line's own words win when they name something more
 * specific than the group can: a service or fee (运维/维保, 测评, 监理, 培训, 系统集成…) keeps its category in any group,
 * a firewall stays 安全 and a 密码机 密码 under 硬件, and a server listed under 软件 or 开发 is still a server.
 */
const GOODS_GROUPS: readonly BudgetCategory[] = ['硬件购置', '软件购置', '应用软件开发', '安全', '密码', '云资源租赁']
const YIELDS_TO: Partial<Record<BudgetCategory, readonly BudgetCategory[]>> = {
  软件购置: GOODS_GROUPS,
  应用软件开发: GOODS_GROUPS,
  硬件购置: ['安全', '密码', '云资源租赁']
}

/** Whether a line whose own words say `own` takes the category of the group it sits in. */
export function groupDecides(own: BudgetCategory, group: BudgetCategory): boolean {
  return YIELDS_TO[own]?.includes(group) ?? false
}

/** A line's category: the group it sits in where the group decides (above), else its own name; then its spec, else 其他. */
export function classifyLine(
  name: string,
  spec: string | null,
  parentCategory: BudgetCategory | null,
  rules: readonly CategoryRule[] = DEFAULT_CATEGORY_RULES
): BudgetCategory {
  const own = classifyText(name, rules)
  if (own && parentCategory && groupDecides(own, parentCategory)) return parentCategory
  return own ?? parentCategory ?? (spec ? classifyText(spec, rules) : null) ?? '其他'
}
