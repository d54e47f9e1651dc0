/**
 * The same protocol against PostgreSQL, with two server processes sharing one database: devices talk to either,
 * concurrent pushes of the same changes to both are idempotent, and everyone converges. Skipped, saying why,
 * when the PostgreSQL binaries are not installed (.ci/run installs Debian's `postgresql`).
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/tmp'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { readVv } from '../electron/main/sync/log'
import { dumpTables } from '../tests/kits/sync/invariants'
import { SEC, newKey, newReplica, openDraft, readAll, seedMeeting, setScore, submit, type Replica } from '../tests/kits/sync/replica'
import { enrolled, syncWith } from '../tests/kits/server/harness'
import { findPgBin, startTestPostgres, type TestPostgres } from '../tests/kits/server/postgres'
import { startChild, type Child } from '../tests/kits/server/child'

const pgBin = findPgBin()
if (!pgBin) console.warn('[pg.test] PostgreSQL binaries not found under /usr/lib/postgresql: the PostgreSQL store tests are skipped (apt-get install postgresql)')

describe.skipIf(!pgBin)('sync server on PostgreSQL, two processes, one database', () => {
  let pg: TestPostgres
  let a: Child, b: Child
  let sec: Replica, e1: Replica, e2: Replica

  beforeAll(async () => {
    const dir = tempDir('pg')
    pg = await startTestPostgres(dir)
    a = await startChild(path.join(dir, 'a'), { postgres: pg.url })
    b = await startChild(path.join(dir, 'b'), { postgres: pg.url })
    sec = await newReplica(dir, 'sec')
    e1 = await newReplica(dir, 'e1')
    e2 = await newReplica(dir, 'e2')
  }, 60_000)

  afterAll(() => {
    for (const c of [a, b]) c?.kill()
    pg?.stop()
    for (const r of [sec, e1, e2]) r?.close()
  })

  it('relays between devices through either process and converges', async () => {
    const code = a.joinCode ?? b.joinCode
    expect(code).toBeTruthy()
    const secA = await enrolled(a.url, code as string, 'secretariat', sec)
    const e1Code = (await secA.createJoinCode('e1', 'm1')).code
    const e2Code = (await secA.createJoinCode('e2', 'm1')).code
    const e1B = await enrolled(b.url, e1Code) // enrolled on B with a code made on A: one database
    const e2A = await enrolled(a.url, e2Code)
    const keys = { e1: newKey(), e2: newKey() }
    const f = seedMeeting(sec, 3, 2, 4)
    sec.write(SEC, (w) => {
      w.write('experts', 'e1', { key_fingerprint: publicKeyFingerprint(keys.e1.publicKey) })
      w.write('experts', 'e2', { key_fingerprint: publicKeyFingerprint(keys.e2.publicKey) })
    })
    // The same page pushed to both processes at once: taken once.
    const page = readAll(sec)
    const [r1, r2] = await Promise.all([secA.push(page), secA.at(b.url).push(page)])
    expect(r1.refused).toBeNull()
    expect(r2.refused).toBeNull()
    expect(r1.accepted + r2.accepted).toBe(page.length)
    await syncWith(e1, e1B, 4096)
    await syncWith(e2, e2A, 4096)
    for (const [r, c, k, who] of [[e1, e1B, keys.e1, { id: 'e1', name: '专家1' }], [e2, e2A, keys.e2, { id: 'e2', name: '专家2' }]] as const) {
      for (const p of f.projects) {
        const s = openDraft(r, f, p, who.id) as string
        setScore(r, s, who.id, 'i1', 5)
        submit(r, s, who, k)
      }
      await syncWith(r, c)
    }
    await syncWith(sec, secA)
    await syncWith(e1, e1B)
    await syncWith(e2, e2A)
    expect(dumpTables(e1.db)).toBe(dumpTables(sec.db))
    expect(dumpTables(e2.db)).toBe(dumpTables(sec.db))
    expect(readVv(e1.db)).toEqual(readVv(sec.db))
    expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM score_sheets WHERE status = 'submitted'").get()).toEqual({ n: 6 })
  }, 60_000)
})
