/**
 * Independence through the shared folder (issue 15, item 6). Attacks: another expert's laptop syncing through the
 * folder tries to read a colleague's draft, sheet, budget review, note and declaration, and to switch to the
 * secretariat's view; a forger writes envelopes with a bad signature, a fake range, a swapped ciphertext, or enclosed
 * for the wrong recipient. What an expert writes is in the folder only encrypted; the other expert's database holds
 * only withheld stubs of it; the secretariat's laptop opens it once its key is unlocked with its PIN.
 */
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { envelopeBody, makeContentKey, makeEnvelope, parseEnvelope, type UnitEnvelope } from '../../shared/sync/unitEnvelope'
import { writeFolderFile, type FileEnvelope } from '../../electron/main/sync/folderFile'
import { lockKeys } from '../../electron/main/sync/keyring'
import { applyChanges } from '../../electron/main/sync/apply'
import { readPage } from '../../electron/main/sync/log'
import { loadSigners } from '../../electron/main/sync/signers'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { NO_SECRETARIAT_VIEW, SECRETARIAT_VIEW_LOCKED, viewerOrNull } from '../../electron/main/services/secretariatView'
import { tempDir } from '../helpers/tmp'
import { TEST_SEC_KEY, openDraft, setScore, submit, testMasterKey } from '../kits/sync/replica'
import { PIN, SECRET, closeWorlds, e1Works, fileOf, logOf, meeting, rowsOfE1, sync } from '../kits/sync/folderWorld'

afterEach(closeWorlds)

describe('another expert reading a sealed draft from the folder', () => {
  it('learns nothing: the folder holds it encrypted, its database only withheld stubs, and it has no secretariat view', async () => {
    const { folder, f, sec, e1, e2 } = await meeting()
    e1Works(e1, f)
    const out = sync(e1, folder)
    expect(out.issues.filter((i) => i.level === 'error')).toEqual([])

    // The folder: e1's file has no change by e1 in plaintext, only envelopes; the secret is nowhere in its bytes.
    const file = fileOf(folder, e1)
    expect(file.changes.filter((c) => c.author === 'e1')).toEqual([])
    expect(file.envelopes.length).toBeGreaterThanOrEqual(2)
    const raw = fs.readFileSync(path.join(folder, `${e1.origin}.sqlite`))
    expect(raw.includes(Buffer.from(SECRET))).toBe(false)
    expect(raw.includes(Buffer.from('资金测算'))).toBe(false)

    // Another expert's laptop syncs: nothing of e1's work in its tables, only stubs in its log, no error.
    const report = sync(e2, folder)
    expect(report.ok).toBe(true)
    expect(report.issues.filter((i) => i.level === 'error')).toEqual([])
    expect(rowsOfE1(e2)).toEqual({ score_sheets: 0, scores: 0, opinions: 0, budget_reviews: 0, declarations: 0, document_notes: 0 })
    const log = logOf(e2, e1.origin)
    expect(log.length).toBeGreaterThan(10)
    expect(new Set(log.map((c) => `${c.status}|${c.author}`))).toEqual(new Set(['withheld|']))
    const dump = e2.db.sqlite.prepare("SELECT group_concat(value, '') AS v FROM change_log").get() as { v: string }
    expect(dump.v.includes('资金测算')).toBe(false)
    // It relays the envelopes verbatim (and still nothing in plaintext).
    sync(e2, folder)
    const relayed = fileOf(folder, e2)
    expect(relayed.changes.some((c) => c.origin === e1.origin)).toBe(false)
    expect(relayed.envelopes.filter((e) => e.origin === e1.origin)).toEqual(file.envelopes.filter((e) => e.origin === e1.origin))

    // Its secretariat view is refused in Chinese: it pinned the secretariat's key and does not hold it.
    expect(() => viewerOrNull(e2.db)).toThrow(NO_SECRETARIAT_VIEW)

    // The secretariat's laptop, key still locked: stubs too, and its view is refused until the PIN is entered.
    sync(sec, folder)
    expect(rowsOfE1(sec).score_sheets).toBe(0)
    expect(() => viewerOrNull(sec.db)).toThrow(SECRETARIAT_VIEW_LOCKED)
    await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
    expect(viewerOrNull(sec.db)).toBeNull()
    expect(rowsOfE1(sec)).toEqual({ score_sheets: 1, scores: 1, opinions: 1, budget_reviews: 1, declarations: 1, document_notes: 1 })
    expect(sec.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
    expect(logOf(sec, e1.origin).every((c) => c.status === 'applied')).toBe(true)

    // Unlocked, later work is opened as it comes in; e2 still learns nothing of it.
    const sheet = openDraft(e1, f, 'p1', 'e1') as string
    setScore(e1, sheet, 'e1', 'i2', 9)
    sync(e1, folder)
    sync(sec, folder)
    expect(sec.db.sqlite.prepare("SELECT value FROM scores WHERE item_id = 'i2'").get()).toEqual({ value: 9 })
    sync(e2, folder)
    expect(rowsOfE1(e2).scores).toBe(0)
    lockKeys(sec.db)
    expect(() => viewerOrNull(sec.db)).toThrow(SECRETARIAT_VIEW_LOCKED)
  })

  it('a device that holds an expert unit only in plaintext (from the sync server) does not write it to the folder', async () => {
    const { folder, f, e1, e2, e3 } = await meeting()
    e1Works(e1, f)
    e1.seal()
    const page = readPage(e1.db, {}, Number.MAX_SAFE_INTEGER)
    applyChanges(e3.db, page.changes) // as a modified server (or the secretariat's unbound device) would hand it over
    expect(rowsOfE1(e3).opinions).toBe(1)
    sync(e3, folder)
    const file = fileOf(folder, e3)
    expect(file.changes.some((c) => c.author === 'e1')).toBe(false)
    expect(file.envelopes.some((e) => e.origin === e1.origin)).toBe(false)
    sync(e2, folder)
    expect(rowsOfE1(e2).opinions).toBe(0)
  })
})

describe('release after one\'s own submission', () => {
  it('the secretariat grants an expert the others\' work on a project once that expert\'s own sheet is in; notes never', async () => {
    const { folder, f, sec, e1, e2, e3 } = await meeting()
    await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
    e1Works(e1, f)
    sync(e1, folder)
    sync(sec, folder)
    expect(rowsOfE1(sec).opinions).toBe(1)
    // e2 has not submitted: the secretariat's file carries no grant for it; e2 learns nothing.
    sync(e2, folder)
    expect(rowsOfE1(e2).opinions).toBe(0)
    // e2 submits its own sheet for p1 and syncs; the secretariat sees it and writes grants; e2 syncs again.
    const own = openDraft(e2, f, 'p1', 'e2') as string
    setScore(e2, own, 'e2', 'i1', 5)
    submit(e2, own, { id: 'e2', name: '专家2' }, testMasterKey('e2'))
    sync(e2, folder)
    sync(sec, folder)
    expect(sec.db.sqlite.prepare("SELECT status FROM score_sheets WHERE expert_id = 'e2'").get()).toEqual({ status: 'submitted' })
    const report = sync(e2, folder)
    expect(report.issues.filter((i) => i.level === 'error')).toEqual([])
    const e1Sheet = "SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e1'"
    expect(e2.db.sqlite.prepare(e1Sheet).get()).toEqual({ n: 1 })
    expect(e2.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
    expect(rowsOfE1(e2)).toEqual({ score_sheets: 2, scores: 2, opinions: 1, budget_reviews: 1, declarations: 1, document_notes: 0 }) // e2's own sheet and score, e1's work but its note
    // Later work of e1 on p1 reaches e2 directly (same content key); e3, who has not submitted, still sees nothing.
    setScore(e1, openDraft(e1, f, 'p1', 'e1') as string, 'e1', 'i2', 9)
    sync(e1, folder)
    sync(e2, folder)
    expect(e2.db.sqlite.prepare("SELECT value FROM scores WHERE item_id = 'i2' AND sheet_id LIKE '%e1%'").get()).toEqual({ value: 9 })
    sync(e3, folder)
    expect(e3.db.sqlite.prepare(e1Sheet).get()).toEqual({ n: 0 })
    expect(rowsOfE1(e3).opinions).toBe(0)
  })
})

describe('forged envelopes in the folder', () => {
  it('are refused with a Chinese reason and poison nothing: bad signature, fake range, swapped ciphertext, wrong recipient', async () => {
    const { dir, folder, f, e1, e3 } = await meeting()
    e1Works(e1, f)
    sync(e1, folder)
    const real = fileOf(folder, e1).envelopes.filter((e) => e.origin === e1.origin)
    const [a, b] = [real[0] as FileEnvelope, real[1] as FileEnvelope]
    const ea = parseEnvelope(a.body, a.ct)!
    const eb = parseEnvelope(b.body, b.ct)!
    const signer = loadSigners(e1.db, e1.deviceKey()).get('e1')!
    // An envelope made with e1's own sync key, enclosed only for e1 (not for the secretariat).
    e1.seal()
    const unit = readPage(e1.db, {}, Number.MAX_SAFE_INTEGER).changes.filter((c) => c.origin === e1.origin && c.seq >= ea.from && c.seq <= ea.to)
    const selfOnly = makeEnvelope(unit, signer, makeContentKey([testMasterKey('e1').publicKey]))
    const forgeries: [string, FileEnvelope, RegExp][] = [
      ['bad signature', { ...a, ...envelopeBody({ ...ea, sig: eb.sig }) }, /加密信封的签名无效/],
      ['fake range', { ...a, to: ea.to + 5, ...envelopeBody({ ...ea, to: ea.to + 5, count: ea.count + 5 }) }, /加密信封的签名无效/],
      ['swapped ciphertext', { ...a, ...envelopeBody({ ...ea, ct: eb.ct, iv: eb.iv, tag: eb.tag } as UnitEnvelope) }, /加密信封的签名无效/],
      ['wrong recipient', { ...a, ...envelopeBody(selfOnly) }, /没有加密给本机确认的秘书处密钥/],
      ['header and file disagree', { ...a, to: a.to + 1 }, /信封头与文件中记录的范围不符/]
    ]
    for (const [name, forged, reason] of forgeries) {
      const attack = path.join(dir, `attack-${name.replace(/ /g, '-')}`)
      fs.mkdirSync(attack)
      writeFolderFile(attack, tempDir('forger'), { origin: e1.origin, meetingId: 'm1', maxSeq: forged.to, vv: { [e1.origin]: forged.to }, schemaVersion: 9 }, [], { envelopes: [forged], grants: [] })
      const report = sync(e3, attack)
      const issue = report.issues.find((i) => i.code === 'bad-envelope')
      expect(issue?.message, name).toMatch(reason)
      expect(logOf(e3, e1.origin), name).toEqual([])
      expect(e3.db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_envelopes').get(), name).toEqual({ n: 0 })
    }
    // Nothing was poisoned: the real envelopes are then taken as stubs.
    sync(e3, folder)
    expect(logOf(e3, e1.origin).length).toBe(real[real.length - 1]!.to)
    expect(rowsOfE1(e3).opinions).toBe(0)
  })

  it('a ciphertext changed in the file while its hash row stays (format 6) makes the file damaged: nothing of it is used', async () => {
    const { folder, f, e1, e3 } = await meeting()
    e1Works(e1, f)
    sync(e1, folder)
    const file = path.join(folder, `${e1.origin}.sqlite`)
    const db = new BetterSqlite3(file)
    const rows = db.prepare('SELECT from_seq AS "from", ct FROM envelopes WHERE origin = ? ORDER BY from_seq LIMIT 1').all(e1.origin) as { from: number; ct: Buffer }[]
    const flipped = Buffer.from(rows[0]!.ct)
    flipped[0] = (flipped[0] as number) ^ 1
    db.prepare('UPDATE envelopes SET ct = ? WHERE origin = ? AND from_seq = ?').run(flipped, e1.origin, rows[0]!.from)
    db.close()
    const report = sync(e3, folder)
    expect(report.issues.find((i) => i.code === 'damaged-file')?.message).toMatch(/不完整或已损坏/)
    expect(logOf(e3, e1.origin)).toEqual([])
    expect(e3.db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_envelopes').get()).toEqual({ n: 0 })
  })

  it('refuses a forged plaintext inside an envelope that the secretariat opens', async () => {
    const { dir, folder, f, sec, e1 } = await meeting()
    await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
    e1Works(e1, f)
    sync(e1, folder)
    const [a] = fileOf(folder, e1).envelopes.filter((e) => e.origin === e1.origin)
    const ea = parseEnvelope(a!.body, a!.ct)!
    const signer = loadSigners(e1.db, e1.deviceKey()).get('e1')!
    // e1's own key signs an envelope whose content claims other seqs than its header (a modified client).
    e1.seal()
    const unit = readPage(e1.db, {}, Number.MAX_SAFE_INTEGER).changes.filter((c) => c.origin === e1.origin && c.seq >= ea.from && c.seq <= ea.to)
    const shifted = unit.map((c) => ({ ...c, value: c.col === 'text' ? JSON.stringify('改写') : c.value }))
    const tampered = makeEnvelope(shifted, signer, makeContentKey([TEST_SEC_KEY.publicKey]))
    const attack = path.join(dir, 'attack-content')
    fs.mkdirSync(attack)
    writeFolderFile(attack, tempDir('forger'), { origin: e1.origin, meetingId: 'm1', maxSeq: ea.to, vv: { [e1.origin]: ea.to }, schemaVersion: 9 }, [], { envelopes: [{ ...a!, ...envelopeBody(tampered) }], grants: [] })
    const report = sync(sec, attack)
    // The envelope opens, but the unit inside fails its seal: rejected whole, reported, nothing applied.
    expect(rowsOfE1(sec).score_sheets).toBe(0)
    expect(report.issues.some((i) => /作者签名未通过核验/.test(i.message))).toBe(true)
  })
})
