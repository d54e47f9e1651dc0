/**
 * Lazy gathering for the export (issue 10, speed): every project read from the one snapshot taken when the export
 * was asked for, whatever is written meanwhile; new signature verdicts still saved; the reader closed at the end.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { openDb, openSnapshotReader, type Db } from '../db/connection'
import { migrate } from '../db/migrator'
import { ensureDevice } from '../db/device'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { gatherLazily } from './documentGathering'
import { gatherProjects } from './documents'
import { runExport } from './documentExport'
import { panelView, saveDraft } from './panelOpinion'

async function openTestDb(): Promise<Db> {
  const db = openDb(path.join(tempDir('doc-gathering'), 'db.sqlite'))
  await migrate(db)
  ensureDevice(db)
  return db
}

const verdictCount = (db: Db): number => (db.sqlite.prepare('SELECT count(*) AS n FROM signature_verdicts').get() as { n: number }).n

describe('gathering a meeting project by project from one snapshot', () => {
  it('projects gathered later are read as they were when the export was asked for', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 3, experts: 3 })
    db.sqlite.prepare('DELETE FROM signature_verdicts').run()
    // A file database in WAL mode: the export reads through a snapshot reader (not everything at once).
    const probe = openSnapshotReader(db)
    expect(probe).not.toBeNull()
    probe!.close()
    const lazy = gatherLazily(db, m.meetingId)
    expect(lazy.names).toEqual(gatherProjects(db, m.meetingId).map((s) => s.project.name))
    expect(lazy.snapshot(0).panelReady).toBe(true)
    // While the export runs: an edit returns project 3's opinion to a draft, and project 2 loses an expert's sheet.
    const view = panelView(db, m.projectIds[2]!)
    saveDraft(db, m.projectIds[2]!, { ...view.draft!, problems: [...view.draft!.problems, '会后补充的问题'] })
    db.sqlite.prepare('UPDATE score_sheets SET deleted = 1 WHERE project_id = ? AND expert_id = ?').run(m.projectIds[1]!, m.experts[2]!.id)
    expect(gatherProjects(db, m.meetingId)[2]!.panelReady).toBe(false)
    // The snapshot still holds the meeting as it was.
    expect(lazy.snapshot(1).payloads.size).toBe(3)
    expect(lazy.snapshot(2).panelReady).toBe(true)
    // Asked again, the project is read again from the same snapshot (not kept between calls).
    expect(lazy.snapshot(2)).toEqual(lazy.snapshot(2))
    lazy.close()
    lazy.close()
    // A new export sees the changes.
    const now = gatherLazily(db, m.meetingId)
    expect(now.snapshot(1).payloads.size).toBe(2)
    expect(now.snapshot(2).panelReady).toBe(false)
    now.close()
  })

  it('signature verdicts found through the snapshot are saved through the app\'s connection when it closes', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 2, experts: 3 })
    db.sqlite.prepare('DELETE FROM signature_verdicts').run()
    const lazy = gatherLazily(db, m.meetingId)
    expect(lazy.snapshot(0).panelReady && lazy.snapshot(1).panelReady).toBe(true)
    // Kept until the export ends: one synchronous commit for the whole export, not one per project.
    expect(verdictCount(db)).toBe(0)
    lazy.close()
    expect(verdictCount(db)).toBe(6)
  })

  it('an export closes its snapshot however it ends, and writes what gathering at once would', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 2, experts: 3 })
    const lazy = gatherLazily(db, m.meetingId)
    let closed = 0
    const s = await runExport({ ...lazy, close: () => (closed++, lazy.close()) }, { kind: 'meeting' }, tempDir('doc-gathering-out'), undefined, { workers: 0 })
    const eager = await runExport(gatherProjects(db, m.meetingId), { kind: 'meeting' }, tempDir('doc-gathering-out2'), undefined, { workers: 0 })
    expect(closed).toBe(1)
    expect(s.failed).toEqual([])
    expect(s.written.map((w) => [w.projectName, w.fileName])).toEqual(eager.written.map((w) => [w.projectName, w.fileName]))
    expect(s.skipped).toEqual(eager.skipped)
  })

  it('an unknown meeting is refused at once; a database in memory is gathered at once', async () => {
    const db = await openTestDb()
    expect(() => gatherLazily(db, 'no-such-meeting')).toThrow(/找不到该会议/)
    const mem = openDb(':memory:')
    expect(openSnapshotReader(mem)).toBeNull()
    mem.sqlite.close()
  })
})
