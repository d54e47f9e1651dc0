/**
 * Findings bench (issue 14), reported not asserted here (tests/unit/findingsCorpus.test.ts asserts it): the corpus
 * of tests/kits/findings (≥ 12 realistic packages, each with its expected findings written down first) read like an
 * import, and precision and recall per article. Goal ≥ 90 % each; clean packages raise no warning.
 * Run: npm run bench -- findings
 */
import { findingsCorpus } from '../tests/kits/findings/corpus'
import { scoreByArticle, scorePackage, type PackageOutcome } from '../tests/kits/findings/score'
import type { BenchRow } from './run'

export async function run(): Promise<BenchRow[]> {
  const corpus = await findingsCorpus()
  const outcomes: PackageOutcome[] = []
  for (const p of corpus) outcomes.push(await scorePackage(p))
  for (const o of outcomes) {
    const extra = o.falsePositives.length ? `；多报 ${o.falsePositives.join('、')}` : ''
    const missed = o.falseNegatives.length ? `；漏报 ${o.falseNegatives.join('、')}` : ''
    console.log(`  ${o.name}: 命中 ${o.truePositives.length}${extra}${missed}`)
  }
  const pct = (x: number) => Math.round(x * 1000) / 10
  const rows: BenchRow[] = scoreByArticle(outcomes).flatMap((a) => [
    { name: `${a.article} precision`, value: pct(a.precision), unit: '%', target: '≥ 90 %', note: `TP ${a.tp}, FP ${a.fp}` },
    { name: `${a.article} recall`, value: pct(a.recall), unit: '%', target: '≥ 90 %', note: `TP ${a.tp}, FN ${a.fn}` }
  ])
  const clean = corpus.filter((p) => p.expected.length === 0).length
  rows.push({ name: `warnings on the ${clean} clean packages`, value: outcomes.reduce((n, o) => n + o.cleanWarnings, 0), unit: '', target: '0' })
  rows.push({ name: 'packages in the corpus', value: corpus.length, unit: '', target: '≥ 12' })
  return rows
}
