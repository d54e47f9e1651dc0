/**
 * 第十一条 (issue 12, item 6): an adjusted budget of an approved project against the approved 概算 — the increase, its
 * rate, and the rule that applies: no increase; up to 10 % needs the consent of 市发改委（数据管理局）and 市财政局;
 * more than 10 % needs the project to be approved again. Integer 分; the threshold compared exactly.
 */
import { fenAsWanText } from './similarity'

export type Article11Rule = 'no-increase' | 'consent' | 'reapproval'

export interface Article11Adjustment {
  /** Where the approved 概算 comes from: the 修改稿's manifest (project.approvedEstimate) or the signed 核定 total. */
  basis: 'manifest' | 'approval'
  approvedFen: number
  adjustedFen: number
  increaseFen: number
  /** increase / approved (0 when nothing was approved). */
  rate: number
  rule: Article11Rule
  /** The finding in Chinese. */
  text: string
}

/** The threshold of 第十一条, in percent (an integer, so the comparison is exact in 分). */
export const ARTICLE11_PERCENT = 10

export function article11Adjustment(approvedFen: number, adjustedFen: number, basis: Article11Adjustment['basis']): Article11Adjustment | null {
  if (!Number.isSafeInteger(approvedFen) || !Number.isSafeInteger(adjustedFen) || approvedFen <= 0) return null
  const increaseFen = adjustedFen - approvedFen
  const rate = increaseFen / approvedFen
  const what = basis === 'manifest' ? '批复概算' : '专家组核定投资'
  const head = `调整后概算${fenAsWanText(adjustedFen)}万元，${what}${fenAsWanText(approvedFen)}万元`
  const pct = `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`
  if (increaseFen <= 0) return { basis, approvedFen, adjustedFen, increaseFen, rate, rule: 'no-increase', text: `${head}，未超过${what}（${increaseFen === 0 ? '持平' : `减少${fenAsWanText(-increaseFen)}万元`}），不涉及第十一条的概算调整。` }
  // increase / approved > 10 % ⇔ increase × 100 > approved × 10, exactly in integers.
  const over = increaseFen * 100 > approvedFen * ARTICLE11_PERCENT
  const rise = `${head}，增加${fenAsWanText(increaseFen)}万元（${pct}）`
  return over
    ? { basis, approvedFen, adjustedFen, increaseFen, rate, rule: 'reapproval', text: `${rise}，超过${ARTICLE11_PERCENT}%：按第十一条需重新履行项目审批手续。` }
    : { basis, approvedFen, adjustedFen, increaseFen, rate, rule: 'consent', text: `${rise}，未超过${ARTICLE11_PERCENT}%：按第十一条须经市发改委（数据管理局）和市财政局同意后实施。` }
}

/** Why the command line has no 第十一条 finding: it compares the packages alone, without the signed 核定. */
export const ARTICLE11_NO_ESTIMATE =
  '修改稿的申报包未填写原核定投资概算（project.approvedEstimate）；命令行没有组长签署的专家组评审意见，无法对照核定投资判断第十一条的概算调整'

/** The 第十一条 box as the command line prints it: the finding, or why there is none. */
export function formatArticle11(adjustment: Article11Adjustment | null, note: string): string {
  return `第十一条 概算调整\n  ${adjustment ? adjustment.text : note}`
}
