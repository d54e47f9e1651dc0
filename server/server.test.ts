/** The sync server over HTTP on loopback with its SQLite store: enrolment, auth, ownership, visibility, limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/tmp'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { sheetRowId } from '../shared/sync/rowIds'
import { naturalId } from '../shared/domain/ids'
import { readPage, readVv } from '../electron/main/sync/log'
import { dumpTables } from '../tests/kits/sync/invariants'
import { SEC, newKey, newReplica, openDraft, sealedBy, seedMeeting, setScore, submit, type MeetingFixture, type Replica } from '../tests/kits/sync/replica'
import { startServer, type RunningServer } from './main'
import { enrolled, memoryLogger, syncWith } from '../tests/kits/server/harness'
import type { SyncServerClient } from '../electron/main/sync/serverClient'

let server: RunningServer
const logs = memoryLogger()
let sec: Replica, e1: Replica, e2: Replica
let secClient: SyncServerClient, e1Client: SyncServerClient, e2Client: SyncServerClient
let f: MeetingFixture
const keys = { e1: newKey(), e2: newKey() }

beforeAll(async () => {
  const dir = tempDir('server')
  server = await startServer({ dataDir: dir, port: 0, log: logs.log, enrolPerMinute: 50 })
  sec = await newReplica(dir, 'sec')
  e1 = await newReplica(dir, 'e1')
  e2 = await newReplica(dir, 'e2')
  f = seedMeeting(sec, 2, 2, 3)
  sec.write(SEC, (w) => {
    w.write('experts', 'e1', { key_fingerprint: publicKeyFingerprint(keys.e1.publicKey) })
    w.write('experts', 'e2', { key_fingerprint: publicKeyFingerprint(keys.e2.publicKey) })
  })
  secClient = await enrolled(server.url, logs.joinCode(), 'secretariat laptop', sec)
  e1Client = await enrolled(server.url, (await secClient.createJoinCode('e1', 'm1')).code)
  e2Client = await enrolled(server.url, (await secClient.createJoinCode('e2', 'm1')).code)
})

afterAll(async () => {
  await server.close()
  for (const r of [sec, e1, e2]) r.close()
})

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: { error?: string } }> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  return { status: res.status, body: (await res.json()) as { error?: string } }
}

describe('sync server', () => {
  it('refuses requests without a valid device token', async () => {
    expect((await post('/v1/hello', '{}')).status).toBe(401)
    expect((await post('/v1/pull', '{}', { authorization: 'Bearer ' + 'x'.repeat(43) })).status).toBe(401)
  })

  it('takes a join code once, and rate-limits enrolment attempts', async () => {
    const code = (await secClient.createJoinCode('e1', 'm1')).code
    expect((await post('/v1/enrol', JSON.stringify({ joinCode: code }))).status).toBe(200)
    const again = await post('/v1/enrol', JSON.stringify({ joinCode: code }))
    expect(again.status).toBe(403)
    expect(again.body.error).toMatch(/加入码/)
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) statuses.push((await post('/v1/enrol', JSON.stringify({ joinCode: '00000-00000' }))).status)
    expect(statuses).toContain(429)
  })

  it('lets only the secretariat make join codes', async () => {
    await expect(e1Client.createJoinCode('e2')).rejects.toThrow(/秘书处/)
  })

  it('refuses oversize, malformed and invalid requests, and unknown paths', async () => {
    const auth = { authorization: `Bearer ${(secClient as unknown as { token: string }).token}` }
    const big = Buffer.alloc(9 * 1024 * 1024, 0x20)
    expect((await post('/v1/push', big, auth)).status).toBe(413)
    expect((await post('/v1/push', '{"changes": [', auth)).status).toBe(400)
    const invalid = await post('/v1/push', JSON.stringify({ changes: [{ origin: 'o', seq: -1 }] }), auth)
    expect(invalid.status).toBe(400)
    expect(invalid.body.error).toMatch(/请求格式不正确/)
    expect((await post('/v1/nothing', '{}', auth)).status).toBe(404)
    expect(logs.lines.some((l) => l.msg === 'request failed' && l.fields.status === 413)).toBe(true)
  })

  it('syncs a meeting and withholds other experts’ sheets of a project until the expert submitted their own', async () => {
    await syncWith(sec, secClient)
    await syncWith(e1, e1Client)
    await syncWith(e2, e2Client)
    expect(e2.db.sqlite.prepare('SELECT COUNT(*) AS n FROM projects').get()).toEqual({ n: 2 })
    // e1 scores and submits p1; e2 has not submitted yet.
    const s1 = openDraft(e1, f, 'p1', 'e1') as string
    setScore(e1, s1, 'e1', 'i1', 7)
    submit(e1, s1, { id: 'e1', name: '专家1' }, keys.e1)
    await syncWith(e1, e1Client)
    await syncWith(e2, e2Client)
    const seen = () => e2.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE expert_id = 'e1'").get()
    expect(seen()).toEqual({ n: 0 })
    expect((e2.db.sqlite.prepare("SELECT COUNT(*) AS n FROM change_log WHERE status = 'withheld'").get() as { n: number }).n).toBeGreaterThan(0)
    // The secretariat sees everything.
    await syncWith(sec, secClient)
    expect(sec.db.sqlite.prepare("SELECT status FROM score_sheets WHERE expert_id = 'e1'").get()).toEqual({ status: 'submitted' })
    // e2 submits p1: e1's sheet for p1 is then shown to e2.
    const s2 = openDraft(e2, f, 'p1', 'e2') as string
    setScore(e2, s2, 'e2', 'i1', 4)
    submit(e2, s2, { id: 'e2', name: '专家2' }, keys.e2)
    await syncWith(e2, e2Client)
    await syncWith(e2, e2Client)
    expect(seen()).toEqual({ n: 1 })
    expect(e2.db.sqlite.prepare("SELECT origin, seq, tx, tbl, row_id, col FROM change_log WHERE status = 'withheld'").all()).toEqual([])
    await syncWith(sec, secClient)
    await syncWith(e1, e1Client)
    await syncWith(e2, e2Client)
    expect(dumpTables(e1.db)).toBe(dumpTables(sec.db))
    expect(dumpTables(e2.db)).toBe(dumpTables(sec.db))
    expect(readVv(e2.db)).toEqual(readVv(sec.db))
  })

  it('refuses changes written as someone else, ignores units under others’ origins not signed by their keys, and records non-owner writes as rejected', async () => {
    // e2's device sends a change authored by e1: refused, nothing taken.
    const base = readPage(e2.db, {}, 1e9).changes.filter((c) => c.origin === e2.origin)
    const last = base[base.length - 1]
    if (!last) throw new Error('e2 has no changes')
    const forgedAuthor = { ...last, seq: last.seq + 1, tx: last.seq + 1, txEnd: last.seq + 1, author: 'e1', hlc: last.hlc.replace(/-([0-9a-f]{4})-/, '-fff0-') }
    const r1 = await e2Client.push([forgedAuthor])
    expect(r1.refused).toMatch(/只能以「e2」的身份写入/)
    expect(r1.vv[e2.origin]).toBe(last.seq)
    // e2 relays the secretariat's changes the server already holds: duplicates, nothing taken twice; the same
    // changes re-sealed by e2 under the secretariat's origin: not the secretariat's key, ignored (server/origins.ts).
    const secChanges = readPage(sec.db, {}, 1e9).changes.filter((c) => c.origin === sec.origin).slice(0, 5)
    const dup = await e2Client.push(secChanges)
    expect(dup).toMatchObject({ accepted: 0, rejected: 0, ignored: 0, refused: null })
    const next = (dup.vv[sec.origin] ?? 0) + 1
    const resealed = sealedBy('e2', [{ ...forgedAuthor, origin: sec.origin, seq: next, tx: next, txEnd: next, author: 'e2' }])
    expect((await e2Client.push(resealed)).ignored).toBe(1)
    // e2 writes into e1's sheet as itself: taken into the log as rejected (every replica rejects it too).
    const notOwner = { ...forgedAuthor, author: 'e2', tbl: 'scores', rowId: naturalId(sheetRowId('p2', 'e1', 1), 'i1'), col: 'value', value: '0' }
    const r2 = await e2Client.push([notOwner])
    expect(r2.rejected).toBe(1)
    expect(r2.vv[e2.origin]).toBe(notOwner.seq)
  })
})
