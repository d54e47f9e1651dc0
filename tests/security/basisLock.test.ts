/**
 * Attack (issue 14 item 1, issue 15 item 1): changing the budget basis under signed sheets. The laptop that changes
 * the basis (services/budgetBasis.ts) refuses once scoring started, but a second secretariat laptop (the real key)
 * that had not yet seen the scoring-started marker wrote the change anyway, and every replica applied it: experts
 * would have reviewed different budget lines. Now the marker binds the basis of every package of its meeting: every
 * replica — also one that applied the change before the marker reached it, and the sync server — holds a basis change
 * written after the marker, with the reason, and the package keeps its basis. Through the folder and the server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { BASIS_LOCK_REASON } from '../../shared/sync/scoringMarker'
import type { SyncReport } from '../../shared/sync/report'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { markScoringStarted } from '../../electron/main/services/ruleSets'
import { markerLookups } from '../../electron/main/sync/scoringHold'
import { known } from '../../server/pushPrepare'
import { syncWith } from '../kits/server/harness'
import { PIN, closeWorlds, meeting, sync, type World as FolderWorld } from '../kits/sync/folderWorld'
import { SEC, newReplica, type Replica } from '../kits/sync/replica'
import { STORES, enrolAsApp, startWorld } from './serverKit'

afterEach(closeWorlds)

const messages = (r: SyncReport) => r.issues.map((i) => i.message).join('\n')
const ORIGINAL = { budget_sheets: '[]', budget_sheet: '概算明细表', computed_total: 100 }

/** The secretariat imports p1's package (its row; the files are not needed to judge the basis). */
function importPackage(w: FolderWorld): void {
  w.sec.write(SEC, (x) =>
    x.write('packages', 'k1', {
      project_id: 'p1', sha256: 'ab'.repeat(32), size: 1, source_name: 'a.pdpkg', format: 'paneldesk.package/1', manifest: {}, imported_at: '2026-12-01T00:00:00.000Z',
      budget_path: 'budget.xlsx', budget_format: 'xlsx', budget_unit: '万元', budget_sheet: '概算明细表', budget_notes: [], computed_total: 100, sheet_total: 100,
      declared_total: 100, data_catalog: null, data_needs: null, deleted: false, budget_sheets: []
    })
  )
}

/** A second secretariat laptop with the charter and the package, no marker. */
async function secondSecretariat(w: FolderWorld): Promise<Replica> {
  importPackage(w)
  sync(w.sec, w.folder)
  const sec2 = await newReplica(w.dir, 'sec2')
  sec2.ensureSigner(SEC)
  sync(sec2, w.folder)
  expect(basisOf(sec2)).toEqual(ORIGINAL)
  return sec2
}

/** What setBudgetBasis writes, from a laptop that never saw the marker, with a clock after it. */
function changeBasis(sec2: Replica): void {
  sec2.clockOffsetMs = 60_000
  sec2.write(SEC, (x) => x.write('packages', 'k1', { budget_sheets: ['概算汇总表'], budget_sheet: '概算汇总表', budget_unit: '万元', budget_notes: [], computed_total: 999, sheet_total: 999 }))
}

function basisOf(r: Replica) {
  return r.db.sqlite.prepare("SELECT budget_sheets, budget_sheet, computed_total FROM packages WHERE id = 'k1'").get()
}

function heldEverywhere(r: Replica, origin: string): void {
  expect(basisOf(r)).toEqual(ORIGINAL)
  const log = r.db.sqlite.prepare("SELECT DISTINCT status, reason FROM change_log WHERE origin = ? AND tbl = 'packages'").all(origin) as { status: string; reason: string }[]
  expect(log.map((l) => l.status)).toEqual(['held'])
  expect(log[0]?.reason).toContain(BASIS_LOCK_REASON)
  expect(log[0]?.reason).toContain('评审依据工作表')
}

async function openScoring(w: FolderWorld): Promise<void> {
  await unlockSecretariat(w.sec.db, w.sec.deviceKey(), PIN)
  expect(markScoringStarted(w.sec.db, 'm1')).toBe(true)
}

describe('a budget basis change after scoring started, through the shared folder', () => {
  it('is held by every replica, also one that applied it before the marker reached it', async () => {
    const w = await meeting()
    const sec2 = await secondSecretariat(w)
    try {
      sync(w.e1, w.folder)
      await openScoring(w)
      changeBasis(sec2)
      sync(sec2, w.folder)
      sync(w.e1, w.folder) // the change first, no marker yet: applied for now
      expect(basisOf(w.e1)).toMatchObject({ budget_sheets: '["概算汇总表"]' })
      expect(messages(sync(w.sec, w.folder))).toContain(BASIS_LOCK_REASON)
      expect(messages(sync(w.e1, w.folder))).toContain(BASIS_LOCK_REASON)
      sync(w.e2, w.folder)
      sync(sec2, w.folder)
      for (const r of [w.sec, w.e1, w.e2, sec2]) heldEverywhere(r, sec2.origin)
      sync(w.e1, w.folder) // later syncs keep holding it
      heldEverywhere(w.e1, sec2.origin)
      // The meeting came from the package's project, not from the safe side's "any marker".
      expect(markerLookups(w.e2.db).packageMeetingOf('k1')).toBe('m1')
      expect(markerLookups(w.e2.db).packageMeetingOf('k-unknown')).toBeNull()
    } finally {
      sec2.close()
    }
  }, 240_000)

  it('leaves a basis change written before the marker applied everywhere', async () => {
    const w = await meeting()
    const sec2 = await secondSecretariat(w)
    try {
      sec2.write(SEC, (x) => x.write('packages', 'k1', { budget_sheets: ['概算汇总表'], budget_sheet: '概算汇总表', computed_total: 999 }))
      sync(sec2, w.folder)
      sync(w.sec, w.folder)
      await openScoring(w)
      sync(w.sec, w.folder)
      sync(w.e1, w.folder)
      for (const r of [w.sec, w.e1]) expect(basisOf(r)).toEqual({ budget_sheets: '["概算汇总表"]', budget_sheet: '概算汇总表', computed_total: 999 })
    } finally {
      sec2.close()
    }
  }, 240_000)
})

describe.each(STORES)('a budget basis change after scoring started, through the sync server (%s store)', (kind) => {
  it('is held by the server and every laptop', async () => {
    const s = await startWorld(kind)
    const w = await meeting()
    const sec2 = await newReplica(w.dir, 'sec2')
    try {
      importPackage(w)
      const secClient = await enrolAsApp(s, w.sec, s.joinCode, 'secretariat laptop')
      expect((await syncWith(w.sec, secClient)).ok).toBe(true)
      sec2.ensureSigner(SEC)
      const sec2Client = await enrolAsApp(s, sec2, (await secClient.createJoinCode(SEC)).code, 'second secretariat laptop')
      await syncWith(sec2, sec2Client)
      expect(basisOf(sec2)).toEqual(ORIGINAL)
      w.e1.ensureSigner('e1')
      const e1Client = await enrolAsApp(s, w.e1, (await secClient.createJoinCode('e1', 'm1')).code, 'e1 laptop')
      await syncWith(w.e1, e1Client)

      await openScoring(w)
      await syncWith(w.sec, secClient) // the server knows the marker
      changeBasis(sec2)
      await syncWith(sec2, sec2Client)
      const stored = await s.server.store.db.selectFrom('changes').select(['status', 'reason']).where('origin', '=', sec2.origin).where('tbl', '=', 'packages').execute()
      expect(stored.length).toBeGreaterThan(0)
      for (const c of stored) {
        expect(c.status).toBe('held')
        expect(c.reason).toContain(BASIS_LOCK_REASON)
      }
      expect((await known(s.server.store.db)).packageMeetings.get('k1')).toBe('m1')
      await syncWith(w.e1, e1Client)
      await syncWith(w.sec, secClient)
      await syncWith(sec2, sec2Client)
      for (const r of [w.sec, w.e1]) expect(basisOf(r)).toEqual(ORIGINAL)
      heldEverywhere(sec2, sec2.origin)
    } finally {
      sec2.close()
      await s.stop()
    }
  }, 240_000)
})
