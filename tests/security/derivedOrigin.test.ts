/**
 * Attack (issue 15): taking a laptop's origin that it has not claimed yet. Every laptop has written its file to the
 * shared folder, so its origin is public; the victim has never enrolled with the sync server. An enrolled expert's
 * modified client pushes a change of its own under the victim's origin, and claims the origin with its own key,
 * before the victim enrols. Under "first claim wins" it would have taken the origin. Origins are now derived from
 * the laptop's origin key (shared/sync/originId.ts): the push is refused and stores nothing, the claim is refused,
 * and the victim enrols and syncs normally. The same forged unit reaching a laptop (through the folder) is not
 * logged there either. Legacy (random) origins keep the first-claim rule. Over real HTTP, SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { makeOriginClaim } from '../../shared/sync/originClaim'
import { isDerivedOrigin, originDerivesFrom } from '../../shared/sync/originId'
import { applyChanges } from '../../electron/main/sync/apply'
import { loadSigners } from '../../electron/main/sync/signers'
import { SyncServerClient } from '../../electron/main/sync/serverClient'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { syncWith } from '../kits/server/harness'
import { PIN, closeWorlds, meeting } from '../kits/sync/folderWorld'
import { openDraft } from '../kits/sync/replica'
import { STORES, startWorld, type World } from './serverKit'
import { codeFor, enrolToken, hello, squat } from './originKit'

afterEach(closeWorlds)

async function binding(s: World, origin: string) {
  return s.server.store.db.selectFrom('origins').select(['token_hash', 'sync_key', 'max_seq']).where('origin', '=', origin).executeTakeFirst()
}

describe.each(STORES)('derived origins cannot be taken before their laptop enrols (%s store)', (kind) => {
  it('refuses a push and a claim under an unenrolled laptop origin, and the laptop then enrols and syncs', async () => {
    const s = await startWorld(kind)
    try {
      const w = await meeting() // every laptop wrote its file to the folder: e3's origin is public
      const { sec, e2, e3 } = w
      expect(isDerivedOrigin(e3.origin)).toBe(true)
      await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
      const secClient = new SyncServerClient(s.server.url, await enrolToken(s, sec, s.joinCode, 'secretariat laptop'))
      expect((await syncWith(sec, secClient)).ok).toBe(true)

      // The attacker: e2's laptop, enrolled, with its own registered key. e3 has never contacted the server.
      e2.ensureSigner('e2')
      const e2Token = await enrolToken(s, e2, await codeFor(secClient, 'e2'), 'e2 laptop')
      const e2Client = new SyncServerClient(s.server.url, e2Token)
      expect(await binding(s, e3.origin)).toBeUndefined()

      // Its change under e3's origin, first to arrive: refused with a reason, stored nowhere, the origin not bound.
      const r = await e2Client.push(squat(e3.origin, 1, 'e2'))
      expect(r.accepted).toBe(0)
      expect(r.refused).toContain('由另一台设备的密钥生成')
      expect(r.vv[e3.origin] ?? 0).toBe(0)
      expect(await s.server.store.db.selectFrom('changes').select('seq').where('origin', '=', e3.origin).execute()).toEqual([])
      expect(await binding(s, e3.origin)).toBeUndefined()

      // Its claim of e3's origin, signed by its own valid key, first to arrive: refused (taken), nothing bound.
      const e2Signer = loadSigners(e2.db, e2.deviceKey()).get('e2')!
      expect(originDerivesFrom(e3.origin, e2Signer.cert.key)).toBe(false)
      expect((await hello(s.server.url, e2Token, { origins: [makeOriginClaim(e3.origin, e2Signer)] })).body.originsTaken).toEqual([e3.origin])
      expect(await binding(s, e3.origin)).toBeUndefined()
      expect((await e2Client.push(squat(e3.origin, 1, 'e2'))).accepted).toBe(0)
      expect(await binding(s, e3.origin)).toBeUndefined()

      // The same forged unit reaching a laptop (as through the folder) is not logged there: e3's seqs stay free.
      const held = sec.db.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) FROM change_log WHERE origin = ?').pluck().get(e3.origin) as number
      const applied = applyChanges(sec.db, squat(e3.origin, held + 1, 'e2'))
      expect(applied.issues.map((i) => i.code)).toContain('origin-forged')
      expect(sec.db.sqlite.prepare("SELECT COUNT(*) FROM change_log WHERE origin = ? AND author = 'e2'").pluck().get(e3.origin)).toBe(0)

      // e3 makes its key, enrols and syncs: no origin-taken, its whole log taken under its origin.
      openDraft(e3, w.f, 'p1', 'e3')
      e3.seal()
      const e3Client = new SyncServerClient(s.server.url, await enrolToken(s, e3, await codeFor(secClient, 'e3'), 'e3 laptop'))
      const out = await syncWith(e3, e3Client)
      expect(out.issues.filter((i) => i.level === 'error')).toEqual([])
      expect(out.ok).toBe(true)
      const max = e3.db.sqlite.prepare('SELECT MAX(seq) FROM change_log WHERE origin = ?').pluck().get(e3.origin) as number
      const stored = await s.server.store.db.selectFrom('changes').select(['author', 'status']).where('origin', '=', e3.origin).execute()
      expect(stored).toHaveLength(max)
      expect(new Set(stored.map((x) => `${x.author}|${x.status}`))).toEqual(new Set(['e3|applied']))
      expect((await binding(s, e3.origin))?.sync_key).toBe(loadSigners(e3.db, e3.deviceKey()).get('e3')?.cert.key)
      // After it the squatter still gets nothing in, and the secretariat receives e3's work.
      expect((await e2Client.push(squat(e3.origin, max + 1, 'e2'))).accepted).toBe(0)
      await syncWith(sec, secClient)
      expect(sec.db.sqlite.prepare("SELECT COUNT(*) FROM score_sheets WHERE expert_id = 'e3'").pluck().get()).toBe(1)

      // A legacy (random) origin keeps the first-claim rule: the first valid claim binds it.
      const legacy = '01890000-0000-7000-8000-000000000001'
      expect(isDerivedOrigin(legacy)).toBe(false)
      expect((await hello(s.server.url, e2Token, { origins: [makeOriginClaim(legacy, e2Signer)] })).body.originsTaken ?? []).toEqual([])
      expect((await binding(s, legacy))?.sync_key).toBe(e2Signer.cert.key)
    } finally {
      await s.stop()
    }
  }, 240_000)
})
