/** Chinese names of the findings a rule set may make vetoes, with the reason a new veto starts with (editable). */
import type { VetoableCode } from '../../../../shared/domain/compliance/ruleCodes'

export const VETO_LABELS: Record<VetoableCode, { label: string; reason: string }> = {
  'art3.office-equipment': { label: '第三条（一）办公设备与通用软件', reason: '第三条：办公设备与通用软件不列入申报范畴' },
  'art3.building-intelligence': { label: '第三条（二）智能建筑', reason: '第三条：智能建筑不列入申报范畴' },
  'art3.professional-equipment': { label: '第三条（三）业务专业与科研设备', reason: '第三条：业务专业设备与科研设备不列入申报范畴' },
  'art7.no-document': { label: '第七条 没有方案文本', reason: '第七条：未提交项目建设方案' },
  'art7.missing-element': { label: '第七条 方案缺少要素', reason: '第七条：项目建设方案缺少规定的要素' },
  'art7.no-data-catalog': { label: '第七条 没有数据资源目录', reason: '第七条：未提供数据资源目录' },
  'art7.no-data-needs': { label: '第七条 没有数据需求清单', reason: '第七条：未提供数据需求清单' },
  'art11.adjustment-needs-consent': { label: '第十一条 概算调整须同意', reason: '第十一条：概算调整须经同意' },
  'art11.adjustment-needs-reapproval': { label: '第十一条 超比例须重新审批', reason: '第十一条：调整部分超过原投资概算的规定比例，需重新履行项目审批手续' },
  'art12.self-built-infrastructure': { label: '第十二条 自建服务器、存储、机房', reason: '第十二条：应依托政务云建设，不得自建机房和服务器' },
  'art12.no-sharing-interface': { label: '第十二条 没有数据共享', reason: '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设' },
  'art12.duplicate-shared-platform': { label: '第十二条 重复建设共性平台', reason: '第十二条：不得重复建设共性平台' },
  'art14.no-supervision-cost': { label: '第十四条 没有监理费', reason: '第十四条：项目须实行工程监理制' },
  'art15.no-mlps-test-cost': { label: '第十五条 没有等保测评费', reason: '第十五条：须开展等级保护测评' },
  'art15.no-crypto-assessment-cost': { label: '第十五条 没有密评费', reason: '第十五条：须开展商用密码应用安全性评估' },
  'art15.no-third-party-test-cost': { label: '第十五条 没有第三方测试费', reason: '第十五条：须委托第三方测试' },
  'art20.operations-in-construction': { label: '第二十条 建设期内列运维费', reason: '第二十条：建设期内不得列支运维费用' },
  'art22.no-mlps-grade': { label: '第二十二条 未明确等保定级', reason: '第二十二条：须落实等级保护要求' },
  'art22.no-crypto-plan': { label: '第二十二条 没有密码应用方案', reason: '第二十二条：须有密码应用方案' },
  'fee.contingency-rate': { label: '预备费超过上限', reason: '预备费超过规定费率上限' },
  'fee.integration-rate': { label: '系统集成费超过上限', reason: '系统集成费超过规定费率上限' }
}
