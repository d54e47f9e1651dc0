/** Precision and recall of the findings over the corpus, per article (arithmetic and fee rates as their own rows). */
import { inspectPackage, readPackage } from '../../../electron/main/packages'
import { noisyNumbers } from '../../../shared/domain/money'
import type { Finding } from '../../../shared/domain/compliance/types'
import type { CorpusPackage, Expected } from './corpus'

export interface PackageOutcome {
  name: string
  truePositives: string[]
  falsePositives: string[]
  falseNegatives: string[]
  /** Warnings and errors on a package whose expected list is empty. */
  cleanWarnings: number
  /** Numbers with float noise in the JSON of `package inspect --json`. */
  noise: string[]
}

export interface ArticleScore {
  article: string
  tp: number
  fp: number
  fn: number
  precision: number
  recall: number
}

/** 第N条 from a code like art12.…, else 概算算术 / 费率. */
export function articleOf(code: string): string {
  const m = /^art(\d+)\./.exec(code)
  if (m) return `第${m[1]}条`
  return code.startsWith('fee.') ? '费率' : '概算算术'
}

const label = (e: Expected) => `${e.code}${e.line ? `@${e.line}` : ''}`

export async function scorePackage(p: CorpusPackage): Promise<PackageOutcome> {
  const parsed = await readPackage(p.bytes)
  const names = new Map(parsed.budget.parsed.lines.map((l) => [l.id, l.name]))
  const actual = parsed.findings.map((f: Finding) => {
    const ref = f.refs.find((r) => r.kind === 'budgetLine')
    return { code: f.code, line: ref?.kind === 'budgetLine' ? names.get(ref.lineId) : undefined, severity: f.severity }
  })
  const used = new Set<number>()
  const truePositives: string[] = []
  const falseNegatives: string[] = []
  for (const e of p.expected) {
    const i = actual.findIndex((a, k) => !used.has(k) && a.code === e.code && (!e.line || a.line === e.line))
    if (i < 0) falseNegatives.push(label(e))
    else {
      used.add(i)
      truePositives.push(label(e))
    }
  }
  const falsePositives = actual.filter((_, k) => !used.has(k)).map((a) => label({ code: a.code, ...(a.line ? { line: a.line } : {}) }))
  const cleanWarnings = p.expected.length === 0 ? actual.filter((a) => a.severity !== 'info').length : 0
  const noise = noisyNumbers(JSON.parse(JSON.stringify(inspectPackage(parsed))))
  return { name: p.name, truePositives, falsePositives, falseNegatives, cleanWarnings, noise }
}

export function scoreByArticle(outcomes: readonly PackageOutcome[]): ArticleScore[] {
  const rows = new Map<string, { tp: number; fp: number; fn: number }>()
  const add = (code: string, k: 'tp' | 'fp' | 'fn') => {
    const a = articleOf(code.split('@')[0] ?? code)
    const r = rows.get(a) ?? { tp: 0, fp: 0, fn: 0 }
    r[k]++
    rows.set(a, r)
  }
  for (const o of outcomes) {
    o.truePositives.forEach((c) => add(c, 'tp'))
    o.falsePositives.forEach((c) => add(c, 'fp'))
    o.falseNegatives.forEach((c) => add(c, 'fn'))
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (Number(/\d+/.exec(a)?.[0] ?? 99) - Number(/\d+/.exec(b)?.[0] ?? 99)) || a.localeCompare(b, 'zh'))
    .map(([article, r]) => ({ article, ...r, precision: r.tp + r.fp > 0 ? r.tp / (r.tp + r.fp) : 1, recall: r.tp + r.fn > 0 ? r.tp / (r.tp + r.fn) : 1 }))
}
