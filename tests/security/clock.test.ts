/**
 * A laptop whose clock runs a day ahead (issue 15): its edits are held — never applied early, never lost — it is
 * told at once, and after its clock is corrected it re-issues them so every replica converges.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyReport, type SyncReport } from '../../shared/sync/report'
import { syncFolder } from '../../electron/main/sync/folder'
import { reconsiderPending } from '../../electron/main/sync/apply'
import { rememberKey } from '../../electron/main/sync/keyring'
import { tempDir } from '../helpers/tmp'
import { TEST_SEC_KEY, newReplica, openDraft, seedMeeting, setScore, type Replica } from '../kits/sync/replica'

const DAY = 24 * 3600_000

function sync(r: Replica, folder: string): SyncReport {
  const report = emptyReport('folder', folder, '')
  syncFolder(r.db, { folder, meetingId: 'm1', dataDir: r.dataDir, schemaVersion: 8, now: r.now }, report)
  return report
}

const score = (r: Replica) => (r.db.sqlite.prepare("SELECT value FROM scores WHERE item_id = 'i1'").get() as { value: number } | undefined)?.value

describe('a clock a day ahead', () => {
  it('holds its edits, tells that laptop, and converges once its clock is corrected', async () => {
    const dir = tempDir('clock')
    const folder = fs.mkdtempSync(path.join(dir, 'folder-'))
    const sec = await newReplica(dir, 'sec')
    rememberKey(sec.db, TEST_SEC_KEY) // its key unlocked: it opens the expert's sealed envelopes from the folder
    const f = seedMeeting(sec, 1, 1, 1)
    const e1 = await newReplica(dir, 'e1')
    sync(sec, folder)
    sync(e1, folder)
    e1.clockOffsetMs = DAY + 3600_000
    setScore(e1, openDraft(e1, f, 'p1', 'e1') as string, 'e1', 'i1', 7)
    sync(e1, folder)
    const atSec = sync(sec, folder)
    // Held, not applied and not rejected: the secretariat's tables do not take a score stamped tomorrow.
    expect(score(sec)).toBeUndefined()
    expect(sec.db.sqlite.prepare("SELECT DISTINCT status FROM change_log WHERE author = 'e1'").all()).toEqual([{ status: 'held' }])
    expect(atSec.issues.map((i) => i.message).join('\n')).toMatch(/超前 24 小时以上/)
    // The laptop whose clock is wrong learns it at its next sync, in words, and the run is not reported as complete.
    const told = sync(e1, folder)
    expect(told.ok).toBe(false)
    expect(told.issues.find((i) => i.code === 'clock-ahead')?.message).toMatch(/本机时钟有误.*不会丢失/)
    // The clock is corrected and the expert changes the score: that edit still sorts after the wrong-time one.
    e1.clockOffsetMs = 0
    setScore(e1, openDraft(e1, f, 'p1', 'e1') as string, 'e1', 'i1', 8)
    const fixed = sync(e1, folder)
    expect(fixed.issues.find((i) => i.code === 'clock-ahead-before')?.message).toMatch(/自动采用.*不会丢失/)
    sync(sec, folder)
    expect(score(sec)).toBeUndefined() // still held: applying the first edit alone would show a stale value
    // Once the secretariat's clock reaches that time less 24 h, both are taken in order: the newest edit wins.
    sec.clockOffsetMs = 2 * 3600_000
    reconsiderPending(sec.db, { now: sec.now })
    expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM change_log WHERE status = 'held'").get()).toEqual({ n: 0 })
    expect(score(sec)).toBe(8)
    expect(score(e1)).toBe(8)
  })
})
