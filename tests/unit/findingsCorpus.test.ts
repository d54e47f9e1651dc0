import { describe, expect, it } from 'vitest'
import { findingsCorpus } from '../kits/findings/corpus'
import { scoreByArticle, scorePackage, type PackageOutcome } from '../kits/findings/score'

describe('the findings corpus (issue 14)', () => {
  it('every package gives exactly the findings written down for it; clean packages raise no warning', async () => {
    const corpus = await findingsCorpus()
    expect(corpus.length).toBeGreaterThanOrEqual(12)
    const outcomes: PackageOutcome[] = []
    for (const p of corpus) outcomes.push(await scorePackage(p))
    const wrong = outcomes.filter((o) => o.falsePositives.length || o.falseNegatives.length)
    expect(wrong.map((o) => ({ name: o.name, extra: o.falsePositives, missed: o.falseNegatives }))).toEqual([])
    expect(outcomes.reduce((n, o) => n + o.cleanWarnings, 0)).toBe(0)
    // No float noise anywhere in what `package inspect --json` prints (amounts, suggested cuts, totals).
    expect(outcomes.flatMap((o) => o.noise.map((n) => `${o.name}: ${n}`))).toEqual([])
    for (const a of scoreByArticle(outcomes)) {
      expect(a.precision, a.article).toBeGreaterThanOrEqual(0.9)
      expect(a.recall, a.article).toBeGreaterThanOrEqual(0.9)
    }
  }, 120_000)
})
