/**
 * Findings from the price references (issue 13), labelled 价格参考: they cite no article of the 办法 (article null,
 * code `price.*`), and they join the compliance findings in the budget review's list.
 *  - price.high 单价偏高: the unit price exceeds the median of enough recent matched references by more than the
 *    margin; suggested cut = (unit price − median) × quantity, computed in 分.
 *  - price.basis 测算依据不足: software development priced as one lump 项 (or 套/批) with no 人月 or function points.
 */
import type { Finding } from '../compliance/types'
import type { PriceMatch } from './match'
import { unitClass } from './normalize'
import { fenToWan, wanToFen } from '../money'
import { fenText, isOld, priceRange, type PriceRange, type PriceSettings } from './range'

export const PRICE_LABEL = '价格参考'

export interface PricedLine {
  lineId: string
  name: string
  spec: string | null
  unit: string | null
  quantity: number | null
  /** 万元. */
  unitPrice: number | null
  /** 万元. */
  amount: number | null
  category: string
  /** The accepted matches (after the reviewers' confirmations and rejections), best first. */
  matches: readonly PriceMatch[]
}

/** The range a finding may rest on: references younger than the configured age. */
export function recentRange(line: PricedLine, asOf: string, s: PriceSettings): PriceRange | null {
  return priceRange(line.matches.filter((m) => !isOld(m.ref.date, asOf, s.maxAgeMonths)).map((m) => m.ref), asOf, s)
}

function highPrice(line: PricedLine, asOf: string, s: PriceSettings): Finding | null {
  if (line.unitPrice === null || line.unitPrice <= 0) return null
  const range = recentRange(line, asOf, s)
  if (!range || range.count < s.minRefs || range.medianFen <= 0) return null
  const priceFen = wanToFen(line.unitPrice)
  if (priceFen <= range.medianFen * (1 + s.margin)) return null
  const qty = line.quantity !== null && line.quantity > 0 ? line.quantity : 1
  const cutFen = Math.round((priceFen - range.medianFen) * qty)
  const pct = Math.round((priceFen / range.medianFen - 1) * 100)
  return {
    id: `price.high:${line.lineId}`,
    article: null,
    code: 'price.high',
    severity: 'warning',
    message:
      `${PRICE_LABEL}：单价偏高。“${line.name}”单价 ${fenText(priceFen)}，高于 ${range.count} 条参考价的中位数 ${fenText(range.medianFen)}` +
      `（高 ${pct}%，参考价 ${fenText(range.minFen)}～${fenText(range.maxFen)}，最新 ${range.newestDate}）；` +
      `建议审减（单价 − 中位数）× 数量 ${qty} = ${fenText(cutFen)}`,
    refs: [{ kind: 'budgetLine', lineId: line.lineId }],
    suggestedCut: { amount: fenToWan(cutFen), reason: `${PRICE_LABEL}：单价高于参考价中位数` }
  }
}

const DEVELOPMENT = /开发|定制|研发|编码|二次开发/
const BASIS = /人月|人·月|人天|人日|功能点|fp\b|工作量/i

function lumpDevelopment(line: PricedLine): Finding | null {
  const isDev = line.category === '应用软件开发' || DEVELOPMENT.test(line.name)
  if (!isDev) return null
  const cls = unitClass(line.unit)
  const lump = cls === 'lump' || cls === null || line.unit === '套'
  if (!lump || BASIS.test(`${line.name} ${line.spec ?? ''}`)) return null
  if (line.quantity !== null && line.quantity > 1) return null
  return {
    id: `price.basis:${line.lineId}`,
    article: null,
    code: 'price.basis',
    severity: 'info',
    message: `${PRICE_LABEL}：测算依据不足。“${line.name}”按 1 ${line.unit ?? '项'} 整体计价，未给出人月数或功能点数，无法与参考价比较；请申报单位补充工作量测算`,
    refs: [{ kind: 'budgetLine', lineId: line.lineId }]
  }
}

export function priceFindings(lines: readonly PricedLine[], asOf: string, s: PriceSettings): Finding[] {
  const out: Finding[] = []
  for (const line of lines) {
    const high = highPrice(line, asOf, s)
    if (high) out.push(high)
    const basis = lumpDevelopment(line)
    if (basis) out.push(basis)
  }
  return out
}
