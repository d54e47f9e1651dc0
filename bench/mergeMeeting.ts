/** The merge and memory benches' meeting: 20 projects × 9 experts, 2,000-line budgets, signed sheets, in a temp SQLite file. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeDb, openDb, type Db } from '../electron/main/db/connection'
import { migrate } from '../electron/main/db/migrator'
import { seedSignedMeeting } from '../tests/kits/documents/testDb'

export async function withMergeMeeting<T>(label: string, fn: (db: Db, meetingId: string) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `paneldesk-bench-${label}-`))
  const db = openDb(path.join(dir, 'bench.sqlite'))
  try {
    await migrate(db)
    return await fn(db, seedSignedMeeting(db, { projects: 20, experts: 9, budgetLines: 2000 }).meetingId)
  } finally {
    closeDb(db)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
