import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { seedSignedMeeting } from './electron/main/documents/testDb'
import { clearVerifyCache } from './electron/main/documents/verifyCache'
import { closeDb, openDb } from './electron/main/db/connection'
import { migrate } from './electron/main/db/migrator'
import { gatherProjects, runExport } from './electron/main/services/documents'
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h3-prof-'))
  const db = openDb(path.join(dir, 'bench.sqlite'))
  await migrate(db, { backupDir: path.join(dir, 'backups') })
  let t = performance.now()
  const m = seedSignedMeeting(db, { projects: Number(process.env.P ?? 20), experts: 9, budgetLines: 2000 })
  console.log('seed', Math.round(performance.now() - t))
  clearVerifyCache()
  t = performance.now()
  const snaps = gatherProjects(db, m.meetingId)
  console.log('gather', Math.round(performance.now() - t))
  t = performance.now()
  const summary = await runExport(snaps, { kind: 'meeting' }, path.join(dir, 'out'))
  console.log('export', Math.round(performance.now() - t), summary.written.length, summary.failed.length, summary.failed[0]?.reason)
  const sizes = summary.written.map((w) => w.sizeBytes).sort((a, b) => b - a)
  console.log('largest', sizes.slice(0, 3))
  closeDb(db)
  fs.rmSync(dir, { recursive: true, force: true })
}
main()
