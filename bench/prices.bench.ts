/**
 * Bench (issue 13), reported not asserted: match precision and recall on the labelled set (tests/kits/prices), and
 * the time to match a 5,000-line budget against a 100,000-entry library (index build reported separately).
 * Run: npm run bench -- prices
 */
import type { BenchRow } from './run'
import { buildPriceIndex, matchLine, type PriceRef } from '../shared/domain/prices/match'
import { labelledLibrary, labelledLines, measureAccuracy, rng } from '../tests/kits/prices/labelled'


export function run(): BenchRow[] {
  const acc = measureAccuracy()
  const pick = rng(99)
  const big: PriceRef[] = labelledLibrary(100_000 - 200).slice(0, 100_000)
  const lines = labelledLines()
  const budget = Array.from({ length: 5000 }, (_, i) => lines[Math.floor(pick() * lines.length)] ?? lines[i % lines.length]!)
  const t0 = performance.now()
  const index = buildPriceIndex(big)
  const t1 = performance.now()
  const cpu0 = process.cpuUsage()
  let n = 0
  for (const l of budget) n += matchLine(index, l, 5).length
  const cpu = process.cpuUsage(cpu0)
  const t2 = performance.now()
  return [
    { name: 'match precision (labelled set)', value: acc.precision * 100, unit: '%', target: '≥ 90 %', note: `${acc.correct}/${acc.matched} matched lines right` },
    { name: 'match recall (labelled set)', value: acc.recall * 100, unit: '%', target: '≥ 90 %', note: `${acc.correct}/${acc.positives} of ${acc.lines} lines` },
    { name: 'match 5,000 lines vs 100,000 refs', value: (t2 - t1) / 1000, unit: 's', target: '< 1 s', note: `${n} candidates returned; CPU time ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (wall time suffers when other work shares the 2 cores)` },
    { name: 'index 100,000 refs', value: (t1 - t0) / 1000, unit: 's', note: 'once per library change' }
  ]
}
