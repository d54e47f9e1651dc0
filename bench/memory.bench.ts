/**
 * Bench of the backend's memory after the secretariat's merge (issue 11 item 11: goal < 300 MB): a meeting of
 * 20 projects × 9 experts with 2,000-line budgets and signed sheets in a real SQLite file (the merge bench's
 * meeting), merged the way the board does (every sheet read and checked, scores and every project's budget merged).
 * Reports RSS and V8 heap after the merge, and what is left after each in-memory cache is dropped, so the holders
 * are named. Numbers after a forced GC. Standalone: npx tsx bench/memory.bench.ts
 */
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { withMergeMeeting } from './mergeMeeting'
import { clearVerifyCache } from '../electron/main/documents/verifyCache'
import { clearParsedSheets, collectMeeting } from '../electron/main/services/board'
import { meetingSettings } from '../electron/main/services/console'
import { mergeMeeting, projectBudgetMerge } from '../electron/main/services/merging'
import type { BenchRow } from './run'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

const MB = 1024 * 1024
function sample(): { rss: number; heap: number; external: number } {
  gc()
  gc()
  const m = process.memoryUsage()
  return { rss: m.rss / MB, heap: m.heapUsed / MB, external: (m.external + m.arrayBuffers) / MB }
}

export async function run(): Promise<BenchRow[]> {
  return withMergeMeeting('memory', (db, m) => {
    const before = sample()
    let peakRss = 0
    const merge = () => {
      const c = collectMeeting(db, m)
      mergeMeeting(db, m, c)
      const settings = meetingSettings(db, c.meeting)
      for (const p of c.projects) projectBudgetMerge(p, settings, {})
      peakRss = Math.max(peakRss, process.memoryUsage().rss / MB)
    }
    merge()
    const t0 = performance.now()
    merge()
    const warmMs = performance.now() - t0
    const after = sample()
    clearParsedSheets()
    const noParsed = sample()
    clearVerifyCache()
    const noCaches = sample()
    const r = (x: number) => Math.round(x)
    return [
      { name: 'backend RSS after merging 20×9 with 2,000-line budgets (twice, as the board polls)', value: r(after.rss), unit: 'MB', target: '< 300 MB', note: `before the merge ${r(before.rss)} MB; peak seen ${r(peakRss)} MB` },
      { name: 'V8 heap after the merge', value: r(after.heap), unit: 'MB', note: `before ${r(before.heap)} MB; external+buffers ${r(after.external)} MB` },
      { name: 'the second (warm) merge took (loaded machine: compare with bench merge)', value: r(warmMs), unit: 'ms' },
      { name: 'V8 heap after dropping the parsed-sheet cache (board.ts)', value: r(noParsed.heap), unit: 'MB', note: `RSS ${r(noParsed.rss)} MB` },
      { name: 'V8 heap after also dropping the signature-verdict cache', value: r(noCaches.heap), unit: 'MB', note: `RSS ${r(noCaches.rss)} MB` }
    ]
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((rows) => console.table(rows))
}
