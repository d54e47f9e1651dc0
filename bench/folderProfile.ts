/**
 * Profiles the 20 × 9 meeting from scratch through a folder (issue 15 bench), CPU time only (the machine is shared):
 * `npx tsx bench/folderProfile.ts [--prof]`. The meeting is built and its folder written first (not measured); a
 * new secretariat laptop, its key unlocked, then reads it all. Prints the CPU time of that sync (user + system), and
 * with --prof writes a .cpuprofile of it next to the working directory.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { emptyReport } from '../shared/sync/report'
import { profileIfAsked } from './profiler'
import { syncFolder } from '../electron/main/sync/folder'
import { rememberKey } from '../electron/main/sync/keyring'
import { applyChanges } from '../electron/main/sync/apply'
import { readPage, readVv } from '../electron/main/sync/log'
import { SEC, TEST_SEC_KEY, newReplica } from '../tests/kits/sync/replica'
import { fullMeeting } from './sync.bench'

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-folder-prof-'))
  try {
    const { sec, experts } = await fullMeeting(dir)
    for (const r of experts) {
      r.seal()
      applyChanges(sec.db, readPage(r.db, readVv(sec.db), Number.MAX_SAFE_INTEGER).changes)
    }
    const folder = path.join(dir, 'folder')
    fs.mkdirSync(folder)
    for (const r of experts) syncFolder(r.db, { folder, meetingId: 'm1', dataDir: r.dataDir, schemaVersion: 4 }, emptyReport('folder', folder, ''))
    syncFolder(sec.db, { folder, meetingId: 'm1', dataDir: sec.dataDir, schemaVersion: 4 }, emptyReport('folder', folder, ''))
    const runs = Number(process.env.RUNS ?? 1)
    for (let run = 0; run < runs; run++) {
      const fresh = await newReplica(dir, `fresh-${run}`)
      rememberKey(fresh.db, TEST_SEC_KEY)
      fresh.equip(SEC, TEST_SEC_KEY)
      const stopProfile = await profileIfAsked()
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const rep = emptyReport('folder', folder, '')
      syncFolder(fresh.db, { folder, meetingId: 'm1', dataDir: fresh.dataDir, schemaVersion: 4 }, rep)
      const wall = performance.now() - t0
      const cpu = process.cpuUsage(c0)
      await stopProfile(`folder-${run}.cpuprofile`)
      const grants = (fresh.db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_grants').get() as { n: number }).n
      console.log(`run ${run}: cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}), wall ${(wall / 1000).toFixed(2)} s, received ${rep.received}, grants made ${grants}, issues ${rep.issues.length}`)
      fresh.close()
    }
    for (const r of [sec, ...experts]) r.close()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
