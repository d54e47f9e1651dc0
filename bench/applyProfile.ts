/**
 * Profiles the apply bench (issue 15), CPU time only (the machine is shared): `npx tsx bench/applyProfile.ts
 * [--prof]`. Applies the sync bench's 100,000 sealed changes page by page to a new replica and inserts the same
 * rows through a bare prepared INSERT loop; prints the CPU time of both and their ratio, and with --prof writes
 * apply-N.cpuprofile in the working directory. Each run also applies them to a replica whose change_log is put
 * back in its shape before migration 0024 (a rowid table, the (tbl, col) index over every change, received_at
 * stamped per row), interleaved with the others, so the two shapes compare under the same load.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { profileIfAsked } from './profiler'
import { applyChanges } from '../electron/main/sync/apply'
import { newReplica, readAll, type Replica, scoreEverySheet, seedMeeting } from '../tests/kits/sync/replica'
import { pagesOf } from './sync.bench'
import { bareLoopCpu } from './bareLoop'

/** The change_log of migrations 0001–0023 (rowid table, full (tbl, col) index, received_at per row). */
function restoreOldLog(db: Replica['db']): void {
  db.sqlite.exec(`DROP TABLE change_log;
    CREATE TABLE change_log (origin TEXT NOT NULL, seq INTEGER NOT NULL, tx INTEGER NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL,
      tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'applied',
      received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), reason TEXT NOT NULL DEFAULT '', seal TEXT,
      PRIMARY KEY (origin, seq)) STRICT;
    CREATE INDEX change_log_not_applied ON change_log(status, origin, seq) WHERE status <> 'applied';
    CREATE INDEX change_log_fingerprints ON change_log(row_id) WHERE tbl = 'experts' AND col = 'key_fingerprint';
    CREATE INDEX change_log_tbl_col ON change_log(tbl, col);
    CREATE INDEX change_log_sealed ON change_log(origin, seq) WHERE seal IS NOT NULL;`)
}

const cpuMs = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-apply-prof-'))
  try {
    const src = await newReplica(dir, 'apply-src')
    const f = seedMeeting(src, 20, 9, 137)
    scoreEverySheet(src, f)
    const changes = readAll(src)
    const pages = pagesOf(src)
    for (let run = 0; run < Number(process.env.RUNS ?? 2); run++) {
      const old = await newReplica(dir, `apply-old-${run}`)
      restoreOldLog(old.db)
      const c2 = process.cpuUsage()
      for (const page of pages) applyChanges(old.db, page)
      const oldCpu = cpuMs(c2)
      old.close()
      const dst = await newReplica(dir, `apply-dst-${run}`)
      const stopProfile = await profileIfAsked()
      const c0 = process.cpuUsage()
      let applied = 0
      for (const page of pages) applied += applyChanges(dst.db, page).applied
      const applyCpu = cpuMs(c0)
      await stopProfile(`apply-${run}.cpuprofile`)
      const bareCpu = await bareLoopCpu(dir, `bare-${run}`, changes)
      console.log(`run ${run}: ${applied} of ${changes.length} applied; apply cpu ${applyCpu.toFixed(0)} ms (${Math.round((changes.length / applyCpu) * 1000)}/s), bare cpu ${bareCpu.toFixed(0)} ms, ratio ${(bareCpu / applyCpu).toFixed(3)}; with the pre-0024 log: apply cpu ${oldCpu.toFixed(0)} ms, ratio ${(bareCpu / oldCpu).toFixed(3)}`)
      dst.close()
    }
    src.close()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
