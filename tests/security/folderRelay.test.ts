/**
 * Folder attacks, on to the sync server (issue 15: "the folder ones also run over PostgreSQL"). Laptops keep their
 * data in SQLite; what runs over PostgreSQL is the server a laptop that also syncs through a folder talks to. A
 * forger writes into the shared folder a device file of its own (its own key registered for e1 "as the secretariat"
 * and a sheet submitted as e1), an envelope signed by that key, and a forged release grant; e1's modified client
 * puts a validly signed but malformed sheet in the folder. The honest laptops take all of it in (held, rejected or
 * refused locally, each with a reason) and then sync with the server, on SQLite and on PostgreSQL:
 *  - an honest laptop passes none of it on (it pushes only its own origins; grants never go to the server);
 *  - a modified client that relays it anyway is refused (another author) or has it held / rejected by the server's
 *    own checks, with the reason stored on the server and the refusal returned in Chinese;
 *  - nothing of it is applied on the server: the roster keeps e1's registered fingerprint, no sheet is submitted,
 *    and a device pulling from the server gets none of it as accepted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Change } from '../../shared/sync/change'
import { makeGrant, makeReleaseKey } from '../../shared/sync/grant'
import { makeCert } from '../../shared/sync/seal'
import { encodeHlc } from '../../shared/sync/hlc'
import { sheetRowId } from '../../shared/sync/rowIds'
import { naturalId } from '../../shared/domain/ids'
import { envelopeBody, makeContentKey, makeEnvelope } from '../../shared/sync/unitEnvelope'
import { signPayload } from '../../shared/signing/envelope'
import { generateKeyPair, publicKeyFingerprint } from '../../shared/signing/sm'
import { writeFolderFile } from '../../electron/main/sync/folderFile'
import { readPage } from '../../electron/main/sync/log'
import { loadSigners } from '../../electron/main/sync/signers'
import { SyncServerClient } from '../../electron/main/sync/serverClient'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { syncWith } from '../kits/server/harness'
import { forgedChanges } from '../kits/sync/forgery'
import { PIN, closeWorlds, meeting, sync, type World as FolderWorld } from '../kits/sync/folderWorld'
import { SEC, TEST_SEC_KEY, openDraft, sealedBy, setScore, sheetContent, testMasterKey, testSigner, type Replica } from '../kits/sync/replica'
import { tempDir } from '../helpers/tmp'
import { STORES, startWorld, type World as ServerWorld } from './serverKit'

const FORGER = '00000000-0000-7000-8000-0000000000f1'
const FORGER_ENV = '00000000-0000-7000-8000-0000000000f2'

afterEach(closeWorlds)

const messages = (r: { issues: { message: string }[] }) => r.issues.map((i) => i.message).join('\n')

/** The forger's files: a device file of its own, an envelope signed by its key, and a grant for e2. */
function forge(w: FolderWorld): void {
  const attacker = generateKeyPair()
  const a = forgedChanges(FORGER, attacker)
  writeFolderFile(w.folder, tempDir('forger'), { origin: FORGER, meetingId: 'm1', maxSeq: 16, vv: { [FORGER]: 16 }, schemaVersion: 9 }, [...sealedBy(SEC, a.register, attacker), ...sealedBy('e1', a.submit, attacker)])
  const b = forgedChanges(FORGER_ENV, attacker)
  const register = sealedBy(SEC, b.register, attacker)
  const env = makeEnvelope(sealedBy('e1', b.submit, attacker), testSigner('e1', attacker), makeContentKey([TEST_SEC_KEY.publicKey]))
  const e2Key = loadSigners(w.e2.db, w.e2.deviceKey()).get('e2')?.cert.key ?? (w.e2.ensureSigner('e2'), loadSigners(w.e2.db, w.e2.deviceKey()).get('e2')!.cert.key)
  const fakeSync = generateKeyPair()
  const grant = makeGrant(env.kid, new Uint8Array(16), makeReleaseKey(e2Key), { cert: makeCert('secretariat', attacker, fakeSync.publicKey, new Date().toISOString()), privateKey: fakeSync.privateKey })
  writeFolderFile(w.folder, tempDir('forger'), { origin: FORGER_ENV, meetingId: 'm1', maxSeq: env.to, vv: { [FORGER_ENV]: env.to }, schemaVersion: 9 }, register, {
    envelopes: [{ origin: FORGER_ENV, from: env.from, to: env.to, ...envelopeBody(env) }],
    grants: [{ kid: grant.kid, fp: grant.fp, body: JSON.stringify(grant) }]
  })
}

/** e1's modified client submits a sheet validly signed with e1's registered key, whose content has no `rubric`. */
function malformedSubmission(w: FolderWorld): void {
  const sheet = openDraft(w.e1, w.f, 'p1', 'e1') as string
  setScore(w.e1, sheet, 'e1', 'i1', 7)
  const { rubric: _dropped, ...content } = sheetContent(sheet, 1, 'p1', { id: 'e1', name: '专家1' }, { i1: 7 })
  const key = testMasterKey('e1')
  const at = new Date()
  const signed = signPayload('expert-sheet', content as unknown as Parameters<typeof signPayload>[1], key.privateKey, key.publicKey, { id: 'e1', name: '专家1' }, at)
  w.e1.write('e1', (x) => x.write('score_sheets', sheet, { status: 'submitted', signed_payload: signed, submitted_at: at.toISOString(), updated_at: at.toISOString() }))
}

async function enrolled(s: ServerWorld, r: Replica, author: string, secClient?: SyncServerClient): Promise<SyncServerClient> {
  const url = s.server.url
  if (!secClient) {
    const cert = loadSigners(r.db, r.deviceKey()).get(SEC)!.cert
    return new SyncServerClient(url, (await new SyncServerClient(url, '').enrol(s.joinCode, 'secretariat laptop', cert)).token)
  }
  return new SyncServerClient(url, (await new SyncServerClient(url, '').enrol((await secClient.createJoinCode(author, 'm1')).code, `${author} laptop`)).token)
}

async function serverRows(s: ServerWorld, origins: string[]) {
  return s.server.store.db.selectFrom('changes').select(['origin', 'author', 'status', 'reason']).where('origin', 'in', origins).orderBy('origin').orderBy('seq').execute()
}

/** What the server has applied of e1's fingerprint and of submissions. */
async function appliedOnServer(s: ServerWorld) {
  const fps = await s.server.store.db.selectFrom('changes').select('value').where('tbl', '=', 'experts').where('row_id', '=', 'e1').where('col', '=', 'key_fingerprint').where('status', '=', 'applied').execute()
  const submitted = await s.server.store.db.selectFrom('changes').select('row_id').where('tbl', '=', 'score_sheets').where('col', '=', 'status').where('value', '=', JSON.stringify('submitted')).where('status', '=', 'applied').execute()
  return { fingerprints: fps.map((r) => JSON.parse(r.value) as string), submitted: submitted.length }
}

describe.each(STORES)('folder forgeries on their way to the sync server (%s store)', (kind) => {
  it('honest laptops take them in with reasons and pass none on; relayed anyway, the server applies none and says why', async () => {
    const s = await startWorld(kind)
    try {
      const w = await meeting()
      const { folder, sec, e1, e2 } = w
      await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
      const secClient = await enrolled(s, sec, SEC)
      expect((await syncWith(sec, secClient)).ok).toBe(true)
      const realFp = publicKeyFingerprint(testMasterKey('e1').publicKey)
      expect(await appliedOnServer(s)).toEqual({ fingerprints: [realFp], submitted: 0 })

      // Into the folder: the forger's files and e1's malformed sheet (an envelope only the secretariat opens).
      forge(w)
      malformedSubmission(w)
      sync(e1, folder)
      const secIn = messages(sync(sec, folder))
      expect(secIn).toMatch(/不是本机确认的秘书处公钥/) // the forger's "secretariat" registration: held
      expect(secIn).toMatch(/尚未由秘书处登记/) // the sheet in the forger's envelope: held
      expect(secIn).toMatch(/签名内容无效：字段 rubric 缺少该字段/) // e1's malformed sheet: rejected
      expect(messages(sync(e2, folder))).toMatch(/发放授权未采用：签发发放授权的公钥.*不是本机确认的秘书处公钥/)
      expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE status = 'submitted'").get()).toEqual({ n: 0 })

      // Honest laptops sync with the server: they push their own origins only, so none of it gets there.
      const secOut = await syncWith(sec, secClient)
      expect(secOut.issues.filter((i) => i.level === 'error')).toEqual([])
      const e2Client = await enrolled(s, e2, 'e2', secClient)
      await syncWith(e2, e2Client)
      expect(await serverRows(s, [FORGER, FORGER_ENV, e1.origin])).toEqual([])
      expect(await appliedOnServer(s)).toEqual({ fingerprints: [realFp], submitted: 0 })

      // A modified secretariat client relays what its laptop took from the folder, verbatim.
      const relayed = (origin: string): Change[] => readPage(sec.db, {}, Number.MAX_SAFE_INTEGER, (o) => o === origin).changes
      expect(relayed(FORGER).length).toBe(16)
      const r1 = await secClient.push(relayed(FORGER))
      expect(r1.accepted).toBe(0)
      expect(r1.refused).toMatch(/该设备只能以「secretariat」的身份写入，已拒绝以「e1」身份写入的修改/)
      const r2 = await secClient.push(relayed(e1.origin))
      expect(r2).toMatchObject({ accepted: 0, rejected: 0 })
      expect(r2.refused).toMatch(/已拒绝以「e1」身份写入的修改/)
      const held = await serverRows(s, [FORGER])
      expect(held.map((r) => `${r.author}|${r.status}`)).toEqual(['secretariat|held'])
      expect(held[0]?.reason).toMatch(/以“秘书处”名义签名的公钥.*不是本机确认的秘书处公钥/)
      expect(await serverRows(s, [e1.origin])).toEqual([])

      // e1's modified client pushes its malformed sheet itself: the server rejects it, with the reason kept.
      const e1Client = await enrolled(s, e1, 'e1', secClient)
      const e1Out = await syncWith(e1, e1Client)
      expect(e1Out.issues.filter((i) => i.level === 'error')).toEqual([]) // the relay above did not take e1's origin on the server
      const e1Rows = await serverRows(s, [e1.origin])
      expect(e1Rows.filter((r) => r.status === 'rejected').map((r) => r.reason)).toContain('签名内容无效：字段 rubric 缺少该字段')

      // Nothing of it applied on the server, and nothing of it reaches another device as accepted.
      expect(await appliedOnServer(s)).toEqual({ fingerprints: [realFp], submitted: 0 })
      await syncWith(e2, e2Client)
      expect(e2.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE status = 'submitted'").get()).toEqual({ n: 0 })
      expect(e2.db.sqlite.prepare("SELECT key_fingerprint FROM experts WHERE id = 'e1'").get()).toEqual({ key_fingerprint: realFp })
      expect(e2.db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_grants').get()).toEqual({ n: 0 })

      // Origins are public (folder file names). An enrolled expert's modified client stores a change of its own
      // under another laptop's origin before that laptop ever claimed it (it enrols only afterwards). The origin is
      // derived from that laptop's key (shared/sync/originId.ts): refused, and the laptop then syncs normally
      // (derivedOrigin.test.ts; a legacy origin would have been taken, and its laptop told).
      const { e3 } = w
      openDraft(e3, w.f, 'p1', 'e3')
      e3.seal()
      const squat = sealedBy('e2', [{ origin: e3.origin, seq: 1, tx: 1, txEnd: 1, hlc: encodeHlc({ ms: Date.now(), counter: 1, origin: e3.origin }), author: 'e2', tbl: 'opinions', rowId: naturalId(sheetRowId('p1', 'e2', 1), 'd9'), col: 'text', value: JSON.stringify('占用') }])
      expect((await e2Client.push(squat)).accepted).toBe(0)
      const e3Out = await syncWith(e3, await enrolled(s, e3, 'e3', secClient))
      expect(e3Out.ok).toBe(true)
      expect(messages(e3Out)).not.toMatch(/已属于另一台设备/)
    } finally {
      await s.stop()
    }
  }, 240_000)
})
