/**
 * Remembered signature verdicts (verdictStore.ts, table signature_verdicts): a valid sheet is verified once and
 * its verdict reused after a restart; anything changed in the stored text, or a different registered fingerprint,
 * is verified afresh — a tampered payload is still caught after the store has seen the valid one.
 */
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import type { SignedPayload } from '../../../shared/signing/types'
import { signPayload } from '../../../shared/signing/envelope'
import { closeDb, openDb, type Db } from '../db/connection'
import { migrate } from '../db/migrator'
import type { ScoreSheetsTable } from '../db/schema'
import { seedSignedMeeting, type SeededMeeting } from '../../../tests/kits/documents/testDb'
import { makeExperts } from '../../../tests/kits/documents/testData'
import { clearVerifyCache } from '../documents/verifyCache'
import { clearParsedSheets, collectMeeting } from './board'
import { checkSheetSignature } from './signatureCheck'
import { sharedStoredText, sharingStoredPayloads, VERIFIER_VERSION, verifyStoredPayloads } from './verdictStore'

/** A freshly started app: nothing remembered in memory (the table stays). */
function restart(): void {
  clearVerifyCache()
  clearParsedSheets()
}

const verdictRows = (db: Db): { sheet_id: string; status: string; registered_fingerprint: string; verifier: number }[] =>
  db.sqlite.prepare('SELECT sheet_id, status, registered_fingerprint, verifier FROM signature_verdicts ORDER BY sheet_id').all() as never

const storedPayload = (db: Db, sheetId: string): string => db.sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').pluck().get(sheetId) as string
const setPayload = (db: Db, sheetId: string, text: string): void => {
  db.sqlite.prepare('UPDATE score_sheets SET signed_payload = ? WHERE id = ?').run(text, sheetId)
}
const cellOf = (db: Db, s: SeededMeeting, p: number, e: number) => {
  const c = collectMeeting(db, s.meetingId)
  return c.projects[p]!.cells.find((x) => x.expertId === s.experts[e]!.id)!
}

describe('remembered signature verdicts', () => {
  let db: Db
  let seeded: SeededMeeting
  beforeEach(async () => {
    db = openDb(path.join(tempDir('verdicts'), 'db.sqlite'))
    await migrate(db)
    seeded = seedSignedMeeting(db, { projects: 2, experts: 3, budgetLines: 20 })
    restart()
    return () => closeDb(db)
  })

  it('verifies each stored sheet once, remembers the verdict, and reuses it after a restart', () => {
    const c = collectMeeting(db, seeded.meetingId)
    expect(c.projects.flatMap((p) => p.cells).every((x) => x.counted)).toBe(true)
    const rows = verdictRows(db)
    expect(rows).toHaveLength(6)
    expect(rows.every((r) => r.status === 'valid' && r.verifier === VERIFIER_VERSION && /^[0-9a-f]{64}$/.test(r.registered_fingerprint))).toBe(true)
    restart()
    const sheetId = c.projects[0]!.cells[0]!.sheetId!
    const again = verifyStoredPayloads(db, [{ sheetId, text: storedPayload(db, sheetId), registeredFingerprint: seeded.experts[0]!.fingerprint }])[0]!
    expect(again).toMatchObject({ parseError: false, fromStore: true, result: { status: 'valid' } })
    expect(collectMeeting(db, seeded.meetingId).projects.flatMap((p) => p.cells).every((x) => x.counted)).toBe(true)
    expect(verdictRows(db)).toHaveLength(6)
  })

  for (const [label, change] of [
    ['a changed score in the signed content', (p: SignedPayload) => ({ ...p, canonical: p.canonical.replace(/"total":[0-9.]+/, '"total":99') })],
    ['a changed signer name', (p: SignedPayload) => ({ ...p, signer: { ...p.signer, name: '张冒名' } })],
    ['a one-character change in an opinion', (p: SignedPayload) => ({ ...p, canonical: p.canonical.replace(/"text":"(.)/, '"text":"改') })],
    ['a digest recomputed over changed content', (p: SignedPayload) => ({ ...p, digest: 'a'.repeat(64) })]
  ] as const) {
    it(`catches ${label} after the store has seen the valid payload (same sheet, same registered key)`, () => {
      expect(cellOf(db, seeded, 0, 1).counted).toBe(true)
      const sheetId = cellOf(db, seeded, 0, 1).sheetId!
      const valid = storedPayload(db, sheetId)
      setPayload(db, sheetId, JSON.stringify(change(JSON.parse(valid) as SignedPayload)))
      // Both with the in-memory memo still warm and after a restart.
      const warm = cellOf(db, seeded, 0, 1)
      expect(warm.counted).toBe(false)
      expect(warm.state).toBe('tampered')
      restart()
      const cold = cellOf(db, seeded, 0, 1)
      expect(cold).toMatchObject({ state: 'tampered', counted: false })
      const check = checkSheetSignature(db, db.sqlite.prepare('SELECT * FROM score_sheets WHERE id = ?').get(sheetId) as ScoreSheetsTable)
      expect(check?.status).toBe('tampered')
      // The tampered text got its own verdict; the valid one's verdict was never applied to it.
      expect(verdictRows(db).filter((r) => r.sheet_id === sheetId).map((r) => r.status)).toEqual(['tampered'])
      // Putting the valid text back counts the sheet again.
      setPayload(db, sheetId, valid)
      expect(cellOf(db, seeded, 0, 1)).toMatchObject({ state: 'submitted', counted: true })
    })
  }

  it('re-verifies when the registered fingerprint changes, and a re-signed payload with another key is caught', () => {
    expect(cellOf(db, seeded, 1, 2).counted).toBe(true)
    const e = seeded.experts[2]!
    const other = makeExperts(5)[4]!
    db.sqlite.prepare('UPDATE experts SET key_fingerprint = ? WHERE id = ?').run(other.fingerprint, e.id)
    restart()
    // A sound signature under another key than the registered one reads as a possible registration mistake (issue 11).
    expect(cellOf(db, seeded, 1, 2)).toMatchObject({ state: 'unverifiable', counted: false, label: '登记指纹与签名密钥不符（可能登记有误）' })
    db.sqlite.prepare('UPDATE experts SET key_fingerprint = ? WHERE id = ?').run(e.fingerprint, e.id)
    expect(cellOf(db, seeded, 1, 2).counted).toBe(true)
    // The same content re-signed by a key that is not the registered one.
    const sheetId = cellOf(db, seeded, 1, 2).sheetId!
    const p = JSON.parse(storedPayload(db, sheetId)) as SignedPayload
    const resigned = signPayload('expert-sheet', JSON.parse(p.canonical), other.privateKey, other.publicKey, p.signer, p.signedAt)
    setPayload(db, sheetId, JSON.stringify(resigned))
    restart()
    expect(cellOf(db, seeded, 1, 2)).toMatchObject({ state: 'unverifiable', counted: false, label: '登记指纹与签名密钥不符（可能登记有误）' })
  })

  it('works without the table (missing, as before migration 0006): every sheet is simply verified', async () => {
    // Today's schema without the verdict table: the services the seeding uses need columns added after 0006.
    const old = openDb(path.join(tempDir('verdicts-old'), 'db.sqlite'))
    await migrate(old)
    old.sqlite.exec('DROP TABLE signature_verdicts')
    const s = seedSignedMeeting(old, { projects: 1, experts: 3, budgetLines: 5, tampered: [[0, 1]] })
    const cells = collectMeeting(old, s.meetingId).projects[0]!.cells
    expect(cells.map((c) => c.state)).toEqual(['submitted', 'tampered', 'submitted'])
    closeDb(old)
  })

  it('a text read during a sharing call is handed on only to a reader of the same connection, and only during the call', async () => {
    const sheetId = cellOf(db, seeded, 0, 1).sheetId!
    const text = storedPayload(db, sheetId)
    const item = { sheetId, text, registeredFingerprint: seeded.experts[1]!.fingerprint }
    const other = openDb(path.join(tempDir('verdicts-other'), 'db.sqlite'))
    try {
      await migrate(other)
      const seen = sharingStoredPayloads(db, () => {
        const before = sharedStoredText(db, sheetId)
        verifyStoredPayloads(db, [item])
        return { before, same: sharedStoredText(db, sheetId), otherDb: sharedStoredText(other, sheetId) }
      })
      expect(seen).toEqual({ before: undefined, same: text, otherDb: undefined })
      expect(sharedStoredText(db, sheetId)).toBeUndefined()
      // A text verified through another connection inside the call is not handed to readers of this one.
      const through = sharingStoredPayloads(db, () => {
        verifyStoredPayloads(other, [item])
        return sharedStoredText(db, sheetId) ?? sharedStoredText(other, sheetId)
      })
      expect(through).toBeUndefined()
      // The board's collection inside a gathering still reads the same verdicts.
      restart()
      const counted = sharingStoredPayloads(db, () => collectMeeting(db, seeded.meetingId).projects.flatMap((p) => p.cells).every((x) => x.counted))
      expect(counted).toBe(true)
    } finally {
      closeDb(other)
    }
  })
})
