/**
 * Envelopes and folder files of the builds before 2026-12-07 (envelope version 1, folder format 5) are still read:
 * an expert laptop not upgraded yet wrote its file; the upgraded secretariat laptop checks and opens its envelopes,
 * keeps them as they came and relays them in its own format 6 file, where another expert's laptop takes them as
 * withheld stubs and reads nothing. A version 1 envelope is checked as strictly as before: a forged signature or a
 * version 1 text carrying version 2 wrappings is refused.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Change } from '../../shared/sync/change'
import { checkEnvelope, envelopeBody, makeContentKey, makeEnvelope, openEnvelope, parseEnvelope } from '../../shared/sync/unitEnvelope'
import { makeReleaseKey } from '../../shared/sync/grant'
import { writeFolderFile } from '../../electron/main/sync/folderFile'
import { readPage } from '../../electron/main/sync/log'
import { loadSigners } from '../../electron/main/sync/signers'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { tempDir } from '../helpers/tmp'
import { TEST_SEC_KEY, testMasterKey } from '../kits/sync/replica'
import { PIN, closeWorlds, e1Works, fileOf, logOf, meeting, rowsOfE1, sync } from '../kits/sync/folderWorld'
import { asFormat5, makeEnvelopeV1 } from '../kits/sync/oldFormats'

afterEach(closeWorlds)

describe('envelopes and folder files of the build before', () => {
  it('a format 5 file of version 1 envelopes is opened by the secretariat, relayed as it came, and stays sealed for other experts', async () => {
    const { folder, f, sec, e1, e3 } = await meeting()
    e1Works(e1, f)
    sync(e1, folder)
    // e1's file rewritten as the build before wrote it: the same units, each in a version 1 envelope.
    const now = fileOf(folder, e1)
    e1.seal()
    const log = readPage(e1.db, {}, Number.MAX_SAFE_INTEGER).changes.filter((c) => c.origin === e1.origin)
    const signer = loadSigners(e1.db, e1.deviceKey()).get('e1')!
    const old = now.envelopes
      .filter((e) => e.origin === e1.origin)
      .map((e) => makeEnvelopeV1(log.filter((c: Change) => c.seq >= e.from && c.seq <= e.to), signer, makeContentKey([TEST_SEC_KEY.publicKey, testMasterKey('e1').publicKey])))
    expect(old.length).toBeGreaterThan(1)
    const file = writeFolderFile(folder, tempDir('old-build'), { origin: e1.origin, meetingId: 'm1', maxSeq: now.header.maxSeq, vv: now.header.vv, schemaVersion: 9 }, now.changes, {
      envelopes: old.map((e) => ({ origin: e.origin, from: e.from, to: e.to, body: JSON.stringify(e), ct: null })),
      grants: []
    })
    asFormat5(file)
    expect(fileOf(folder, e1).header.format).toBe('paneldesk.sync/5')

    await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
    const report = sync(sec, folder)
    expect(report.issues.filter((i) => i.level !== 'info').map((i) => i.message)).toEqual([])
    expect(rowsOfE1(sec)).toMatchObject({ score_sheets: 1, opinions: 1, budget_reviews: 1, declarations: 1, document_notes: 1 })
    expect(sec.db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_envelopes WHERE origin = ? AND ct IS NULL').get(e1.origin)).toEqual({ n: old.length })
    // Relayed in the secretariat's format 6 file byte for byte, still version 1.
    const relayed = fileOf(folder, sec)
    expect(relayed.header.format).toBe('paneldesk.sync/6')
    expect(relayed.envelopes.filter((e) => e.origin === e1.origin).map((e) => [e.body, e.ct])).toEqual(old.map((e) => [JSON.stringify(e), null]))

    // Another expert's laptop reading only the secretariat's file: stubs, nothing of e1's work.
    const only = path.join(tempDir('only-sec'), 'folder')
    fs.mkdirSync(only, { recursive: true })
    fs.copyFileSync(path.join(folder, `${sec.origin}.sqlite`), path.join(only, `${sec.origin}.sqlite`))
    sync(e3, only)
    const e1Log = logOf(e3, e1.origin)
    expect(e1Log.length).toBe(old[old.length - 1]!.to)
    expect(new Set(e1Log.map((c) => c.status))).toEqual(new Set(['withheld']))
    expect(rowsOfE1(e3)).toMatchObject({ score_sheets: 0, opinions: 0, budget_reviews: 0, declarations: 0, document_notes: 0 })
  })

  it('a version 1 envelope is checked as before: opened by its recipients, refused when forged or carrying version 2 wrappings', async () => {
    const { f, e1 } = await meeting()
    e1Works(e1, f)
    e1.seal()
    const log = readPage(e1.db, {}, Number.MAX_SAFE_INTEGER).changes.filter((c) => c.origin === e1.origin)
    const unit = log.slice(0, log.findIndex((c) => c.seal) + 1)
    const signer = loadSigners(e1.db, e1.deviceKey()).get('e1')!
    const v1 = makeEnvelopeV1(unit, signer, makeContentKey([TEST_SEC_KEY.publicKey]))
    expect(envelopeBody(v1)).toEqual({ body: JSON.stringify(v1), ct: null })
    expect(checkEnvelope(JSON.stringify(v1)).ok).toBe(true)
    expect(openEnvelope(v1, TEST_SEC_KEY)).toMatchObject({ ok: true, changes: unit.map(({ origin, seq, value }) => expect.objectContaining({ origin, seq, value })) })
    const v2 = makeEnvelope(unit, signer, makeContentKey([TEST_SEC_KEY.publicKey], (pub) => makeReleaseKey(pub)))
    expect(checkEnvelope(JSON.stringify({ ...v1, sig: v2.sig }))).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    expect(checkEnvelope(JSON.stringify({ ...v1, keys: v2.keys }))).toEqual({ ok: false, reason: '加密信封格式无效' })
    // Nor is a version 2 header accepted without its ciphertext bytes, or with the hex of them inside.
    const { body, ct } = envelopeBody(v2)
    expect(parseEnvelope(body)).toBeNull()
    expect(checkEnvelope(JSON.stringify({ ...JSON.parse(body), ct: Buffer.from(ct!).toString('hex') }))).toEqual({ ok: false, reason: '加密信封格式无效' })
  })
})
