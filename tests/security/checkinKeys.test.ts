/**
 * Attacks on the check-in typo guard (issue 11). Someone who can write the shared folder plants units under an
 * expert's id: a certificate naming a master key it was not signed by is ignored (so it cannot make a fingerprint
 * “known”), and a planted key with a valid self-made certificate never makes the guard accept a fingerprint that
 * matches no seen key — it can only make the secretariat confirm in person, never register silently. Nothing
 * unbounded is read: at most MAX rows of either source.
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../helpers/backend'
import { rejection } from '../helpers/review'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { formatFingerprint, generateKeyPair, publicKeyFingerprint } from '../../shared/signing/sm'
import { makeCert } from '../../shared/sync/seal'
import type { Db } from '../../electron/main/db/connection'
import { knownFingerprints } from '../../electron/main/services/expertKeys'

function plantSeal(db: Db, author: string, seal: object, seq: number): void {
  db.sqlite
    .prepare("INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason, seal) VALUES ('evil-device', ?, ?, '0', ?, 'scores', 'x', 'value', '1', 'held', '', ?)")
    .run(seq, seq, author, JSON.stringify(seal))
}

describe('check-in keys against a forger', () => {
  it('ignores a certificate not signed by the master key it names', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 2, budgetLines: 2, registerFingerprints: false })
    const e = seeded.experts[1]!
    const attacker = generateKeyPair()
    const victim = generateKeyPair()
    const cert = makeCert(e.id, attacker, generateKeyPair().publicKey, new Date().toISOString())
    // The certificate claims another master key than the one that signed it.
    plantSeal(b.db(), e.id, { v: 1, origin: 'evil-device', author: e.id, from: 1, to: 1, count: 1, digest: '0'.repeat(64), cert: { ...cert, master: victim.publicKey }, sig: '30' + '00'.repeat(70) }, 1)
    expect(knownFingerprints(b.db(), e.id)).toEqual([e.fingerprint])
    // The victim key's fingerprint is therefore not “known”: refused like any typo.
    const r = await rejection(() => b.handlers['console.registerFingerprint']({ expertId: e.id, text: formatFingerprint(publicKeyFingerprint(victim.publicKey)) }))
    expect(r.code).toBe('invalid_input')
  })

  it('a planted key with a valid certificate adds a candidate but never lets an unseen fingerprint through', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 2, budgetLines: 2, registerFingerprints: false })
    const e = seeded.experts[1]!
    const attacker = generateKeyPair()
    const cert = makeCert(e.id, attacker, generateKeyPair().publicKey, new Date().toISOString())
    for (let i = 1; i <= 300; i++) plantSeal(b.db(), e.id, { v: 1, origin: 'evil-device', author: e.id, from: i, to: i, count: 1, digest: String(i).padStart(64, '0'), cert, sig: '30' + '00'.repeat(70) }, i)
    const known = knownFingerprints(b.db(), e.id)
    expect(known).toContain(e.fingerprint)
    expect(known.length).toBeLessThanOrEqual(2)
    // The true fingerprint is still taken; a third, unseen one is not.
    await b.handlers['console.registerFingerprint']({ expertId: e.id, text: formatFingerprint(e.fingerprint) })
    const other = publicKeyFingerprint(generateKeyPair().publicKey)
    expect((await rejection(() => b.handlers['console.registerFingerprint']({ expertId: e.id, text: other }))).code).toBe('invalid_input')
  })
})
