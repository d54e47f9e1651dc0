/** How findings are shown: the article in the rules' own words (第十二条), severity as a word, counts per severity. */
import type { Finding, FindingSeverity } from '../compliance/types'

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1..99 in Chinese numerals as articles are written: 3 → 三, 11 → 十一, 22 → 二十二. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n)
  if (n < 10) return DIGITS[n] as string
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`
}

/** "第十二条", or "算术校验" for checks that cite no article. */
export function articleLabel(article: number | null): string {
  return article === null ? '算术与费率校验' : `第${chineseNumber(article)}条`
}

export const SEVERITY_LABELS: Record<FindingSeverity, string> = { error: '严重', warning: '警示', info: '提示' }
export const SEVERITY_ORDER: readonly FindingSeverity[] = ['error', 'warning', 'info']

export function severityCounts(findings: readonly Pick<Finding, 'severity'>[]): Record<FindingSeverity, number> {
  const counts: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 }
  for (const f of findings) counts[f.severity]++
  return counts
}

/** Most severe first, then in the rules' order. Stable. */
export function sortFindings<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.f.severity) - SEVERITY_ORDER.indexOf(b.f.severity) || a.i - b.i)
    .map((x) => x.f)
}

/** "依据规则集 2026.12-默认（摘要 1a2b3c4d）。" — every rule set the findings name (one, unless mid-change); '' for none. */
export function ruleSetLabel(findings: readonly { ruleSet?: { version: string; digest: string } | null }[]): string {
  const seen = new Map<string, string>()
  for (const f of findings) if (f.ruleSet) seen.set(f.ruleSet.digest, `${f.ruleSet.version}（摘要 ${f.ruleSet.digest.slice(0, 8)}）`)
  return seen.size ? `依据规则集 ${[...seen.values()].join('、')}。` : ''
}
