/**
 * Release grants after the secretariat's laptop restarts (issue 15). Grants take a kept envelope's wrapped keys from
 * memory when the envelope was stored in this session (sync/keyring.ts `rememberWrappings`), else from the stored
 * envelope's body (sync/folderRelease.ts). Here the envelopes are stored, the laptop is closed and opened again on
 * the same data folder (memory empty, key locked until the PIN is entered again), and only then does an expert
 * submit: the next sync still writes the right grants, the expert who submitted opens the others' work on the
 * project (never their notes), and whoever has not submitted opens nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { publicKeyFingerprint } from '../../shared/signing/sm'
import { loadSigners } from '../../electron/main/sync/signers'
import { rememberedWrappings, unlockedKeys } from '../../electron/main/sync/keyring'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { openDraft, reopenReplica, setScore, submit, testMasterKey, type Replica } from '../kits/sync/replica'
import { PIN, SECRET, closeWorlds, e1Works, logOf, meeting, rowsOfE1, sync } from '../kits/sync/folderWorld'

afterEach(closeWorlds)

const grantsOf = (r: Replica) => r.db.sqlite.prepare('SELECT kid, fp FROM sync_grants ORDER BY kid, fp').all() as { kid: string; fp: string }[]
const envelopesOf = (r: Replica, origin: string) =>
  r.db.sqlite.prepare('SELECT rowid, kid FROM sync_envelopes WHERE origin = ? ORDER BY rowid').all(origin) as { rowid: number; kid: string }[]
const errors = (report: { issues: { level: string; message: string }[] }) => report.issues.filter((i) => i.level === 'error').map((i) => i.message)
const e1Sheets = (r: Replica) => (r.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e1'").get() as { n: number }).n

describe('release grants after the secretariat laptop restarts', () => {
  it('envelopes stored before the restart are released from their stored bodies, to the expert who submitted only', async () => {
    const w = await meeting()
    const { folder, f, e1, e2, e3 } = w
    await unlockSecretariat(w.sec.db, w.sec.deviceKey(), PIN)
    e1Works(e1, f)
    sync(e1, folder)
    sync(w.sec, folder)
    const stored = envelopesOf(w.sec, e1.origin)
    expect(stored.length).toBeGreaterThanOrEqual(2) // e1's p1 scope and its note's scope
    expect(stored.every((e) => rememberedWrappings(w.sec.db, e.rowid, e.kid) !== undefined)).toBe(true)
    expect(grantsOf(w.sec)).toEqual([]) // nobody has submitted yet

    // Restart: same file, same data folder; nothing remembered, the key locked until the PIN is entered again.
    const origin = w.sec.origin
    w.sec = await reopenReplica(w.sec)
    const sec = w.sec
    expect(sec.origin).toBe(origin)
    expect(envelopesOf(sec, e1.origin)).toEqual(stored)
    expect(stored.every((e) => rememberedWrappings(sec.db, e.rowid, e.kid) === undefined)).toBe(true)
    expect(unlockedKeys(sec.db)).toEqual([])
    await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
    expect(stored.every((e) => rememberedWrappings(sec.db, e.rowid, e.kid) === undefined)).toBe(true)

    // e2 submits its own sheet for p1 after the restart; the next sync of the secretariat writes the grants.
    const own = openDraft(e2, f, 'p1', 'e2') as string
    setScore(e2, own, 'e2', 'i1', 5)
    submit(e2, own, { id: 'e2', name: '专家2' }, testMasterKey('e2'))
    sync(e2, folder)
    expect(errors(sync(sec, folder))).toEqual([])
    expect(sec.db.sqlite.prepare("SELECT status FROM score_sheets WHERE expert_id = 'e2'").get()).toEqual({ status: 'submitted' })
    const e2Fp = publicKeyFingerprint(loadSigners(e2.db, e2.deviceKey()).get('e2')!.cert.key)
    const grants = grantsOf(sec)
    const storedKids = new Set(stored.map((e) => e.kid))
    expect(grants.length).toBeGreaterThan(0)
    expect(grants.every((g) => g.fp === e2Fp && storedKids.has(g.kid))).toBe(true)
    expect(grants.length).toBeLessThan(storedKids.size) // e1's note's scope is never released

    // e2 opens e1's work on p1 but not its note.
    expect(errors(sync(e2, folder))).toEqual([])
    expect(e2.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
    expect(rowsOfE1(e2)).toEqual({ score_sheets: 2, scores: 2, opinions: 1, budget_reviews: 1, declarations: 1, document_notes: 0 })
    expect(logOf(e2, e1.origin).some((c) => c.status === 'withheld')).toBe(true)

    // e3 has not submitted: nothing of e1's or e2's work opens there; e1 has not submitted: nothing of e2's opens.
    sync(e3, folder)
    expect(e1Sheets(e3)).toBe(0)
    expect(rowsOfE1(e3)).toEqual({ score_sheets: 0, scores: 0, opinions: 0, budget_reviews: 0, declarations: 0, document_notes: 0 })
    sync(e1, folder)
    expect(e1.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e2'").get()).toEqual({ n: 0 })
    expect(grantsOf(e3)).toEqual([])

    // e3 submits in turn: released both e1's (stored before the restart) and e2's (stored after) work on p1.
    const third = openDraft(e3, f, 'p1', 'e3') as string
    setScore(e3, third, 'e3', 'i1', 6)
    submit(e3, third, { id: 'e3', name: '专家3' }, testMasterKey('e3'))
    sync(e3, folder)
    expect(errors(sync(sec, folder))).toEqual([])
    expect(errors(sync(e3, folder))).toEqual([])
    expect(e1Sheets(e3)).toBe(1)
    expect(e3.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e2'").get()).toEqual({ n: 1 })
    expect(e3.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
    expect(rowsOfE1(e3).document_notes).toBe(0)
  })
})
