/** The finding codes a rule set may name (for vetoes), and the vetoes of the shipped default. */

export const VETOABLE_CODES = [
  'art3.office-equipment',
  'art3.building-intelligence',
  'art3.professional-equipment',
  'art7.no-document',
  'art7.missing-element',
  'art7.no-data-catalog',
  'art7.no-data-needs',
  'art11.adjustment-needs-consent',
  'art11.adjustment-needs-reapproval',
  'art12.self-built-infrastructure',
  'art12.no-sharing-interface',
  'art12.duplicate-shared-platform',
  'art14.no-supervision-cost',
  'art15.no-mlps-test-cost',
  'art15.no-crypto-assessment-cost',
  'art15.no-third-party-test-cost',
  'art20.operations-in-construction',
  'art22.no-mlps-grade',
  'art22.no-crypto-plan',
  'fee.contingency-rate',
  'fee.integration-rate'
] as const

export type VetoableCode = (typeof VETOABLE_CODES)[number]

export interface VetoRule {
  code: VetoableCode
  /** Why the project cannot be approved as submitted. Rules that word their own reason (with numbers) keep theirs. */
  reason: string
}

export const DEFAULT_VETOES: readonly VetoRule[] = [
  { code: 'art12.no-sharing-interface', reason: '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设' },
  { code: 'art11.adjustment-needs-reapproval', reason: '第十一条：调整部分超过原投资概算的规定比例，需重新履行项目审批手续' }
]
