/**
 * Release grants through the shared folder are signed by the secretariat (issue 15). Attacks by someone with write
 * access to the folder, or an expert with a modified client:
 *  - forged grants for a real (kid, expert) arrive first — unsigned (as an older build wrote them), signed by a key
 *    of the forger's own claiming to be the secretariat, or carrying the real secretariat certificate with a forged
 *    signature: each is refused with a Chinese reason and never stored, on the expert's laptop and on the
 *    secretariat's; the real grant that comes later still opens the envelopes;
 *  - an expert who was released a project's keys re-grants them to a colleague who has not submitted, signed with
 *    the expert's own sync key: refused, nothing opened;
 *  - the real grant of one expert replayed for another (as is, relabelled, or with its recipient changed): opens
 *    nothing, the changed ones are refused;
 *  - a real bundle (one signature over several content keys, version 3) with a key added or changed, or its row
 *    relabelled to a content key it does not carry (an unreleased note's): refused, nothing more opened; grants of
 *    version 2 signed by the secretariat (as the build before bundles wrote them) are still kept and open.
 */
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { makeCert, parseSeal } from '../../shared/sync/seal'
import { bundleMessage, grantKey, makeGrant, makeReleaseKey, parseGrant, type GrantBundle } from '../../shared/sync/grant'
import { parseEnvelope, unwrapKey } from '../../shared/sync/unitEnvelope'
import { generateKeyPair, publicKeyFingerprint, sm2Encrypt, sm2Sign } from '../../shared/signing/sm'
import { writeFolderFile, type FileGrant } from '../../electron/main/sync/folderFile'
import { loadSigners } from '../../electron/main/sync/signers'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { tempDir } from '../helpers/tmp'
import { openDraft, setScore, submit, testMasterKey, type Replica } from '../kits/sync/replica'
import { PIN, SECRET, closeWorlds, e1Works, fileOf, logOf, meeting, rowsOfE1, sync, type World } from '../kits/sync/folderWorld'

afterEach(closeWorlds)

/** Forger files are named so that they sort (and are read) before every real device's file. */
const forgerOrigin = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`

function writeGrants(folder: string, n: number, grants: FileGrant[], format?: string): void {
  const file = writeFolderFile(folder, tempDir('forger'), { origin: forgerOrigin(n), meetingId: 'm1', maxSeq: 0, vv: {}, schemaVersion: 9 }, [], { envelopes: [], grants })
  if (!format) return
  const db = new BetterSqlite3(file)
  db.prepare("UPDATE header SET value = ? WHERE key = 'format'").run(JSON.stringify(format))
  db.close()
}

const grantsOf = (r: Replica) => r.db.sqlite.prepare('SELECT kid, fp, body FROM sync_grants ORDER BY kid, fp').all() as FileGrant[]
const badGrants = (report: { issues: { code: string; message: string }[] }) => report.issues.filter((i) => i.code === 'bad-grant').map((i) => i.message)

/** What anyone reading the folder learns: e1's content key ids, and a laptop's sync key (in its envelope headers). */
function kidsOf(w: World): string[] {
  return [...new Set(fileOf(w.folder, w.e1).envelopes.filter((e) => e.origin === w.e1.origin).map((e) => parseEnvelope(e.body, e.ct)!.kid))]
}
const syncKeyOf = (r: Replica, author: string) => loadSigners(r.db, r.deviceKey()).get(author)!

/** e1 works on p1 (sealed to the secretariat), the secretariat opens it; e2 submits its own sheet for p1. */
async function released(): Promise<World> {
  const w = await meeting()
  await unlockSecretariat(w.sec.db, w.sec.deviceKey(), PIN)
  e1Works(w.e1, w.f)
  sync(w.e1, w.folder)
  sync(w.sec, w.folder)
  const own = openDraft(w.e2, w.f, 'p1', 'e2') as string
  setScore(w.e2, own, 'e2', 'i1', 5)
  submit(w.e2, own, { id: 'e2', name: '专家2' }, testMasterKey('e2'))
  sync(w.e2, w.folder)
  return w
}

describe('forged release grants in the folder', () => {
  it('arriving before the real grant are refused and never stored; the real grant then opens the envelopes', async () => {
    const w = await released()
    const { folder, sec, e1, e2 } = w
    const kids = kidsOf(w)
    const e2Key = syncKeyOf(e2, 'e2').cert.key
    const e2Fp = publicKeyFingerprint(e2Key)
    const junk = () => new Uint8Array(16).fill(7)
    // 1. Unsigned, in a file of format 4, as a build before signed grants wrote them.
    writeGrants(folder, 1, kids.map((kid) => ({ kid, fp: e2Fp, body: JSON.stringify({ v: 1, kid, fp: e2Fp, wrapped: sm2Encrypt(junk(), e2Key) }) })), 'paneldesk.sync/4')
    // 2. Signed by the forger's own key, certified as "secretariat" by the forger's own master key.
    const fakeMaster = generateKeyPair()
    const fakeSync = generateKeyPair()
    const fakeSigner = { cert: makeCert('secretariat', fakeMaster, fakeSync.publicKey, new Date().toISOString()), privateKey: fakeSync.privateKey }
    writeGrants(folder, 2, kids.map((kid) => ({ kid, fp: e2Fp, body: JSON.stringify(makeGrant(kid, junk(), makeReleaseKey(e2Key), fakeSigner)) })))
    // 3. The real secretariat certificate (public: on every secretariat unit) with the forger's signature.
    const secCert = parseSeal(fileOf(folder, sec).changes.find((c) => c.seal)!.seal!)!.cert
    writeGrants(folder, 3, kids.map((kid) => ({ kid, fp: e2Fp, body: JSON.stringify({ ...makeGrant(kid, junk(), makeReleaseKey(e2Key), fakeSigner), cert: secCert }) })))
    // 4. Not a grant at all.
    writeGrants(folder, 4, kids.map((kid) => ({ kid, fp: e2Fp, body: '{"v":2,"kid":"x"' })))

    const first = sync(e2, folder)
    const reasons = badGrants(first).join('\n')
    expect(reasons).toMatch(/发放授权未采用：发放授权没有秘书处签名/)
    expect(reasons).toMatch(/发放授权未采用：签发发放授权的公钥（指纹 .+）不是本机确认的秘书处公钥/)
    expect(reasons).toMatch(/发放授权未采用：发放授权的签名无效/)
    expect(reasons).toMatch(/发放授权未采用：发放授权格式无效/)
    expect(grantsOf(e2)).toEqual([])
    expect(rowsOfE1(e2).opinions).toBe(0)

    // The secretariat's laptop reads the same forgeries first: not addressed to it, they are neither checked nor kept,
    // and it still writes the real grants.
    const secRun = sync(sec, folder)
    expect(badGrants(secRun)).toEqual([])
    const real = grantsOf(sec)
    expect(real.length).toBeGreaterThan(0) // e1's p1 scope (its note's scope is never released)
    expect(real.every((g) => kids.includes(g.kid) && g.fp === e2Fp)).toBe(true)
    for (const g of real) expect(JSON.parse(g.body)).toMatchObject({ v: 3, cert: { author: 'secretariat', master: secCert.master } })
    expect(new Set(real.map((g) => g.body)).size).toBe(1) // e2's keys of p1: one bundle, one signature

    // e2 opens e1's work on p1 with the real grant; the forgeries, already reported, are not reported again.
    const second = sync(e2, folder)
    expect(badGrants(second)).toEqual([])
    expect(e2.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
    expect(rowsOfE1(e2)).toMatchObject({ opinions: 1, budget_reviews: 1, declarations: 1, document_notes: 0 })
    expect(grantsOf(e2).every((g) => real.some((r) => r.kid === g.kid && r.fp === g.fp && r.body === g.body))).toBe(true)
    expect(logOf(e2, e1.origin).filter((c) => c.status === 'withheld').length).toBeGreaterThan(0) // e1's note stays withheld
  })

  it('a grant signed by an expert key is refused: a released expert cannot pass the keys on to one who has not submitted', async () => {
    const w = await released()
    const { folder, sec, e2, e3 } = w
    sync(sec, folder)
    sync(e2, folder)
    expect(rowsOfE1(e2).opinions).toBe(1)
    // e2's modified client: the content keys it was released, wrapped to e3's sync key, signed by e2's own sync key.
    const e2Signer = syncKeyOf(e2, 'e2')
    e3.ensureSigner('e3')
    const e3Key = syncKeyOf(e3, 'e3').cert.key
    const keys = grantsOf(e2).map((g) => {
      const grant = parseGrant(g.body)!
      return { kid: g.kid, key: grantKey(grant, unwrapKey(grant.rk, e2Signer.privateKey)!, g.kid)! }
    })
    expect(keys.length).toBeGreaterThan(0)
    writeGrants(folder, 5, keys.map(({ kid, key }) => ({ kid, fp: publicKeyFingerprint(e3Key), body: JSON.stringify(makeGrant(kid, key, makeReleaseKey(e3Key), e2Signer)) })))
    const report = sync(e3, folder)
    expect(badGrants(report).join('\n')).toMatch(/发放授权不是秘书处签发的（签发者为「e2」）/)
    expect(grantsOf(e3)).toEqual([])
    expect(rowsOfE1(e3).opinions).toBe(0)
    expect(e3.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e1'").get()).toEqual({ n: 0 })
  })

  it('the real grant of one expert replayed for another opens nothing; relabelled or re-addressed it is refused', async () => {
    const w = await released()
    const { dir, folder, sec, e3 } = w
    sync(sec, folder)
    const real = grantsOf(sec)
    expect(real.length).toBeGreaterThan(0)
    e3.ensureSigner('e3')
    const e3Fp = publicKeyFingerprint(syncKeyOf(e3, 'e3').cert.key)
    // As is: a valid grant for e2's key. Not addressed to e3: neither kept nor used there.
    const asIs = path.join(dir, 'replay-as-is')
    fs.mkdirSync(asIs)
    fs.copyFileSync(path.join(folder, `${sec.origin}.sqlite`), path.join(asIs, `${sec.origin}.sqlite`))
    fs.copyFileSync(path.join(folder, `${w.e1.origin}.sqlite`), path.join(asIs, `${w.e1.origin}.sqlite`))
    const plain = sync(e3, asIs)
    expect(badGrants(plain)).toEqual([])
    expect(grantsOf(e3)).toEqual([])
    expect(rowsOfE1(e3).opinions).toBe(0)
    expect(logOf(e3, w.e1.origin).every((c) => c.status === 'withheld')).toBe(true)
    // Relabelled: the file row names e3, the signed body still names e2.
    writeGrants(folder, 6, real.map((g) => ({ ...g, fp: e3Fp })))
    // Re-addressed: the body's recipient changed to e3 (the signature no longer holds).
    writeGrants(folder, 7, real.map((g) => ({ ...g, fp: e3Fp, body: JSON.stringify({ ...JSON.parse(g.body), fp: e3Fp }) })))
    // Re-addressed and re-signed by someone without the secretariat's sync key.
    const other = generateKeyPair()
    writeGrants(folder, 8, real.map((g) => {
      const b = JSON.parse(g.body) as GrantBundle
      return { ...g, fp: e3Fp, body: JSON.stringify({ ...b, fp: e3Fp, sig: sm2Sign(bundleMessage({ ...b, fp: e3Fp }, b.cert.sig), other.privateKey, other.publicKey) }) }
    }))
    const report = sync(e3, folder)
    const reasons = badGrants(report).join('\n')
    expect(reasons).toMatch(/发放授权与文件中记录的密钥编号或收件人不符/)
    expect(reasons).toMatch(/发放授权的签名无效/)
    expect(grantsOf(e3).some((g) => g.fp === e3Fp)).toBe(false)
    expect(rowsOfE1(e3).opinions).toBe(0)
  })
})

describe('release grant bundles (one signature, several content keys)', () => {
  it('a real bundle altered or relabelled to a key it does not carry is refused; the real one still opens', async () => {
    const w = await released()
    const { folder, sec, e2 } = w
    sync(sec, folder)
    const real = fileOf(folder, sec).grants.filter((g) => g.fp === publicKeyFingerprint(syncKeyOf(e2, 'e2').cert.key))
    expect(real.length).toBeGreaterThan(0)
    const bundle = JSON.parse(real[0]!.body) as GrantBundle
    const noteKid = kidsOf(w).find((kid) => !bundle.keys.some((k) => k.kid === kid))!
    expect(noteKid).toBeDefined() // e1's note on documents: its own scope, never released
    // A key added (e1's unreleased note, with junk under it), a wrapping changed, the row relabelled to the note's kid.
    const added = { ...bundle, keys: [...bundle.keys, { kid: noteKid, wrapped: '11'.repeat(16) }] }
    const changed = { ...bundle, keys: bundle.keys.map((k) => ({ ...k, wrapped: 'ee'.repeat(16) })) }
    writeGrants(folder, 9, [
      { kid: noteKid, fp: real[0]!.fp, body: JSON.stringify(added) },
      ...real.map((g) => ({ ...g, body: JSON.stringify(changed) }))
    ])
    writeGrants(folder, 10, [{ kid: noteKid, fp: real[0]!.fp, body: real[0]!.body }])
    const report = sync(e2, folder)
    const reasons = badGrants(report).join('\n')
    expect(reasons).toMatch(/发放授权未采用：发放授权的签名无效/)
    expect(reasons).toMatch(/发放授权未采用：发放授权与文件中记录的密钥编号或收件人不符/)
    expect(grantsOf(e2).map((g) => g.kid)).not.toContain(noteKid)
    expect(grantsOf(e2).every((g) => g.body === real[0]!.body)).toBe(true)
    expect(rowsOfE1(e2)).toMatchObject({ opinions: 1, document_notes: 0 })
    expect(e2.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
  })

  it('version 2 grants signed by the secretariat (written before bundles) are still kept and open the envelopes', async () => {
    const w = await released()
    const { folder, sec, e2 } = w
    sync(sec, folder)
    const e2Key = syncKeyOf(e2, 'e2').cert.key
    const e2Fp = publicKeyFingerprint(e2Key)
    const secSigner = syncKeyOf(sec, 'secretariat')
    const bundle = JSON.parse(fileOf(folder, sec).grants.find((g) => g.fp === e2Fp)!.body) as GrantBundle
    // The same content keys as the secretariat's laptop of the build before wrote them: one signed grant each.
    const release = makeReleaseKey(e2Key)
    const e2Release = unwrapKey(bundle.rk, syncKeyOf(e2, 'e2').privateKey)!
    const secGrantKeys = bundle.keys.map((k) => ({ kid: k.kid, key: grantKey(bundle, e2Release, k.kid)! }))
    fs.rmSync(path.join(folder, `${sec.origin}.sqlite`))
    writeGrants(folder, 11, secGrantKeys.map(({ kid, key }) => ({ kid, fp: e2Fp, body: JSON.stringify(makeGrant(kid, key, release, secSigner)) })))
    const report = sync(e2, folder)
    expect(badGrants(report)).toEqual([])
    expect(grantsOf(e2).map((g) => JSON.parse(g.body).v)).toEqual(secGrantKeys.map(() => 2))
    expect(e2.db.sqlite.prepare('SELECT text FROM opinions').get()).toEqual({ text: SECRET })
  })
})
