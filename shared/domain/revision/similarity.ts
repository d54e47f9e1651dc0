/** Name normalisation and similarity for matching budget lines, list rows and chapters across versions. */
import { fenToWan, wanToFen } from '../money'

/** NFKC, no whitespace or punctuation, lower case: “（一）应用 服务器” and “(一)应用服务器” compare equal. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
}

export function bigrams(text: string): Set<string> {
  const chars = [...text]
  const out = new Set<string>()
  if (chars.length === 1) out.add(chars[0] as string)
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`)
  return out
}

/** Dice coefficient of two bigram sets (0 … 1). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let common = 0
  for (const g of a) if (b.has(g)) common++
  return (2 * common) / (a.size + b.size)
}

/** 万元 (as parsed) to integer 分. */
export function toFen(wan: number | null | undefined): number | null {
  return wan === null || wan === undefined || !Number.isFinite(wan) ? null : wanToFen(wan)
}

/** Integer 分 as 万元 text with two to four decimals (“1,234.50”, “0.045”). */
export function fenAsWanText(fen: number): string {
  return fenToWan(fen).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 4 })
}
