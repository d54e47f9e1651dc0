/**
 * Bench of the secretariat's merge (issue 7). `npm run bench` calls run(); standalone: npx tsx bench/merge.bench.ts
 * A meeting of 20 projects × 9 experts with 2,000-line budgets, signed sheets in a real SQLite file:
 *  - the whole meeting's merge (every sheet read, signatures checked, scores merged, ranking) and every project's
 *    budget merge: target < 1 s (warm: signatures checked once before, as the polling board does; cold: a freshly
 *    started app, nothing in memory, the verdicts remembered in the local table signature_verdicts reused; and, for
 *    reference, the first check ever, every signature verified);
 *  - the raw baseline: the same sheets only read and JSON-parsed, no checks and no maths.
 */
import { pathToFileURL } from 'node:url'
import { withMergeMeeting } from './mergeMeeting'
import { clearVerifyCache } from '../electron/main/documents/verifyCache'
import { clearParsedSheets, collectMeeting } from '../electron/main/services/board'
import { meetingSettings } from '../electron/main/services/console'
import { mergeMeeting, projectBudgetMerge } from '../electron/main/services/merging'
import { clearStoredVerdicts } from '../electron/main/services/verdictStore'

export interface BenchRow {
  name: string
  value: number
  unit: string
  baseline?: number
  target?: string
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export async function run(): Promise<BenchRow[]> {
  return withMergeMeeting('merge', (db, m) => {
    const all = () => {
      // One collection (sheets read and signatures checked once) for the scores and the budgets.
      const c = collectMeeting(db, m)
      const view = mergeMeeting(db, m, c)
      const settings = meetingSettings(db, c.meeting)
      let lines = 0
      for (const p of c.projects) lines += projectBudgetMerge(p, settings, {}).merge.lines.length
      if (view.ranking.length !== 20 || lines !== 20 * 2000) throw new Error(`unexpected merge: ${view.ranking.length} projects, ${lines} lines`)
    }
    const raw = () => {
      const rows = db.sqlite.prepare("SELECT signed_payload FROM score_sheets WHERE meeting_id = ? AND status = 'submitted'").all(m) as { signed_payload: string }[]
      let n = 0
      for (const r of rows) n += (JSON.parse((JSON.parse(r.signed_payload) as { canonical: string }).canonical) as { budgetReview: unknown[] }).budgetReview.length
      if (n !== 180 * 2000) throw new Error('unexpected raw count')
    }
    const time = (fn: () => void, before?: () => void, runs = 5) => {
      const out: number[] = []
      for (let i = 0; i < runs; i++) {
        before?.()
        const s = performance.now()
        fn()
        out.push(performance.now() - s)
      }
      return median(out)
    }
    // First ever: no verdict remembered anywhere (each sheet's SM2 signature checked, ≈ 20 ms a sheet).
    const first = time(all, () => {
      clearVerifyCache()
      clearParsedSheets()
      clearStoredVerdicts(db)
    }, 3)
    // Cold: a freshly started app (nothing in memory); the verdicts remembered in signature_verdicts are reused
    // for exactly the same stored texts.
    all()
    const cold = time(all, () => {
      clearVerifyCache()
      clearParsedSheets()
    }, 3)
    all()
    const warm = time(all)
    const baseline = time(raw)
    return [
      { name: 'merge a meeting, 20 projects × 9 experts × 2,000 budget lines (warm)', value: warm, unit: 'ms', baseline, target: '< 1,000 ms' },
      { name: 'the same, app freshly started: nothing in memory, stored verdicts reused (cold)', value: cold, unit: 'ms', baseline, target: '< 1,000 ms' },
      { name: 'the same, first check ever: every signature verified afresh', value: first, unit: 'ms', baseline }
    ]
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((rows) => console.table(rows))
}
