/**
 * Attack (issue 15): taking another laptop's origin on the sync server. Origins are public (a folder file is named
 * after its laptop's), so an enrolled expert's modified client stores a change of its own under another laptop's
 * origin before that laptop's first push, hoping the server binds the origin to it and ignores the real laptop.
 * The laptop claimed its origin at enrolment (signed by its sync key, server/origins.ts), so the server refuses the
 * squatter's change (stored nowhere), tells the squatter's own claim that the origin is taken (and bounds how many
 * origins one device may claim), and takes the real
 * laptop's later push. A laptop that relays the owner's signed units from the shared folder still gets them onto
 * the server; a relayed unit altered, or signed by another key, is not taken. Over real HTTP, SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_ORIGIN_CLAIMS, makeOriginClaim } from '../../shared/sync/originClaim'
import { MAX_OWNED_ORIGINS } from '../../server/origins'
import { naturalId } from '../../shared/domain/ids'
import { sheetRowId } from '../../shared/sync/rowIds'
import { readPage } from '../../electron/main/sync/log'
import { loadSigners } from '../../electron/main/sync/signers'
import { SyncServerClient } from '../../electron/main/sync/serverClient'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { syncWith } from '../kits/server/harness'
import { PIN, closeWorlds, e1Works, meeting, sync } from '../kits/sync/folderWorld'
import { SEC, openDraft, sealedBy, type Replica } from '../kits/sync/replica'
import { STORES, startWorld, type World } from './serverKit'
import { codeFor, enrolToken, hello, squat } from './originKit'

afterEach(closeWorlds)

async function enrolAsApp(s: World, r: Replica, code: string, name: string): Promise<SyncServerClient> {
  return new SyncServerClient(s.server.url, await enrolToken(s, r, code, name))
}

async function serverLog(s: World, origin: string) {
  return s.server.store.db.selectFrom('changes').select(['seq', 'author', 'status']).where('origin', '=', origin).orderBy('seq').execute()
}

describe.each(STORES)('origins bound to their laptops on the sync server (%s store)', (kind) => {
  it('refuses a change stored under another laptop origin before its first push, and takes that laptop push after', async () => {
    const s = await startWorld(kind)
    try {
      const w = await meeting() // every laptop has written its file to the folder: its origin is public
      const { sec, e2, e3 } = w
      await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
      const secClient = await enrolAsApp(s, sec, s.joinCode, 'secretariat laptop')
      expect((await syncWith(sec, secClient)).ok).toBe(true)

      // e3's laptop makes its key and enrols (claiming its origin); it has pushed nothing yet.
      openDraft(e3, w.f, 'p1', 'e3')
      e3.seal()
      const e3Client = await enrolAsApp(s, e3, await codeFor(secClient, 'e3'), 'e3 laptop')
      e2.ensureSigner('e2')
      const e2Token = await enrolToken(s, e2, await codeFor(secClient, 'e2'), 'e2 laptop')
      const e2Client = new SyncServerClient(s.server.url, e2Token)

      // e2's modified client stores a change of its own under e3's origin: not taken, nothing stored.
      const r = await e2Client.push(squat(e3.origin, 1, 'e2'))
      expect(r).toMatchObject({ accepted: 0, rejected: 0, ignored: 1, refused: null })
      expect(r.vv[e3.origin] ?? 0).toBe(0)
      expect(await serverLog(s, e3.origin)).toEqual([])
      // Nor by claiming the origin with its own signed key: the server says it is taken.
      const claim = makeOriginClaim(e3.origin, loadSigners(e2.db, e2.deviceKey()).get('e2')!)
      expect((await hello(s.server.url, e2Token, { origins: [claim] })).body.originsTaken).toEqual([e3.origin])
      expect((await e2Client.push(squat(e3.origin, 1, 'e2'))).ignored).toBe(1)
      // A claim whose signature does not verify binds nothing either.
      const forged = { ...makeOriginClaim('unclaimed-origin', loadSigners(e2.db, e2.deviceKey()).get('e2')!), origin: 'another-origin' }
      expect((await hello(s.server.url, e2Token, { origins: [forged] })).status).toBe(200)
      expect(await s.server.store.db.selectFrom('origins').select('origin').where('origin', '=', 'another-origin').execute()).toEqual([])

      // Nor can it fill the store with claims of made-up origins: a device owns a bounded number.
      const signer = loadSigners(e2.db, e2.deviceKey()).get('e2')!
      for (let round = 0; round < 3; round++) {
        const claims = Array.from({ length: MAX_ORIGIN_CLAIMS }, (_, i) => makeOriginClaim(`made-up-${round}-${i}`, signer))
        expect((await hello(s.server.url, e2Token, { origins: claims })).status).toBe(200)
      }
      const owned = await s.server.store.db.selectFrom('origins').select('origin').where('origin', 'like', 'made-up-%').execute()
      expect(owned.length).toBeLessThan(MAX_OWNED_ORIGINS)
      expect(owned.length).toBeGreaterThan(0)

      // e3's laptop syncs: its push is taken whole, and no one's origin was taken.
      const out = await syncWith(e3, e3Client)
      expect(out.issues.filter((i) => i.level === 'error')).toEqual([])
      expect(out.ok).toBe(true)
      const max = e3.db.sqlite.prepare('SELECT MAX(seq) AS n FROM change_log WHERE origin = ?').pluck().get(e3.origin) as number
      const stored = await serverLog(s, e3.origin)
      expect(stored).toHaveLength(max)
      expect(new Set(stored.map((x) => x.author))).toEqual(new Set(['e3']))
      // After it, the squatter's change continuing e3's log is not taken either.
      expect((await e2Client.push(squat(e3.origin, max + 1, 'e2'))).ignored).toBe(1)
      expect(await serverLog(s, e3.origin)).toHaveLength(max)
      // The secretariat receives e3's work from the server.
      await syncWith(sec, secClient)
      expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e3'").pluck().get()).toBe(1)

      // The same laptop enrolled again (a new join code, e.g. after the server was restored) proves its key and keeps its origin.
      const again = await enrolAsApp(s, e3, await codeFor(secClient, 'e3'), 'e3 laptop again')
      openDraft(e3, w.f, 'p1', 'e3')
      e3.write('e3', (x) => x.write('opinions', naturalId(sheetRowId('p1', 'e3', 1), 'd1'), { sheet_id: sheetRowId('p1', 'e3', 1), dimension_id: 'd1', text: '再次登记后的意见' }))
      const later = await syncWith(e3, again)
      expect(later.issues.filter((i) => i.level === 'error')).toEqual([])
      expect((await serverLog(s, e3.origin)).length).toBeGreaterThan(max)
    } finally {
      await s.stop()
    }
  }, 240_000)

  it('takes the owner signed units relayed through the folder by another laptop, and nothing altered or signed by another key', async () => {
    const s = await startWorld(kind)
    try {
      const w = await meeting()
      const { folder, sec, e1 } = w
      await unlockSecretariat(sec.db, sec.deviceKey(), PIN)
      const secClient = await enrolAsApp(s, sec, s.joinCode, 'secretariat laptop')
      expect((await syncWith(sec, secClient)).ok).toBe(true)

      // e1 enrols (claiming its origin), then works through the folder only; the secretariat's laptop takes it in.
      e1.ensureSigner('e1')
      await enrolAsApp(s, e1, await codeFor(secClient, 'e1'), 'e1 laptop')
      e1Works(e1, w.f)
      sync(e1, folder)
      sync(sec, folder)
      const relayed = readPage(sec.db, {}, Number.MAX_SAFE_INTEGER, (o) => o === e1.origin).changes
      expect(relayed.length).toBeGreaterThan(0)
      expect(relayed.every((c) => c.author === 'e1')).toBe(true)

      // Altered on the way (a value changed): its seal fails, nothing taken.
      const altered = relayed.map((c, i) => (i === 0 ? { ...c, value: JSON.stringify('改动') } : c))
      expect(await secClient.push(altered)).toMatchObject({ accepted: 0, ignored: relayed.length })
      // Re-sealed by the relaying laptop's own key: not e1's key, nothing taken.
      expect((await secClient.push(sealedBy(SEC, relayed.map(({ seal: _s, ...c }) => ({ ...c, author: SEC }))))).accepted).toBe(0)
      expect(await serverLog(s, e1.origin)).toEqual([])

      // Verbatim: e1's own signed units, taken under e1's origin, as if e1 had pushed them.
      const r = await secClient.push(relayed)
      expect(r).toMatchObject({ ignored: 0, refused: null })
      expect(r.accepted).toBe(relayed.length)
      expect(r.vv[e1.origin]).toBe(relayed[relayed.length - 1]?.seq)
      const stored = await serverLog(s, e1.origin)
      expect(stored.map((x) => `${x.author}|${x.status}`)).toEqual(relayed.map(() => 'e1|applied'))
    } finally {
      await s.stop()
    }
  }, 240_000)
})
