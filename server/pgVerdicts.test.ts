/**
 * PostgreSQL, two server processes' worth of stores (each its own pool) on one database: an expert's submission
 * arrives at one while the secretariat registers that expert's key at the other, again and again. Whatever the
 * interleaving — the push judging the submission before the key's row is visible to it, the registration looking
 * for held submissions before the submission's rows are visible to it — no submission stays held: every one ends
 * applied. (Before the recheck after commit, 39 of 40 such submissions stayed held for good.)
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { tempDir } from '../tests/helpers/tmp'
import { RawDevice, rowCells, seedMeetingRaw, sheetTxs, type SeededMeeting } from '../tests/security/serverKit'
import { startServer, type RunningServer } from './main'
import { memoryLogger } from '../tests/kits/server/harness'
import { findPgBin, startTestPostgres, type TestPostgres } from '../tests/kits/server/postgres'

const ROUNDS = Number(process.env.PANELDESK_RACE_ROUNDS ?? 40)

describe.skipIf(!findPgBin())('held submissions on PostgreSQL with two stores racing', () => {
  let pg: TestPostgres
  let a: RunningServer, b: RunningServer
  let sec: RawDevice
  let m: SeededMeeting
  const experts = Array.from({ length: ROUNDS }, (_, i) => `r${i}`)

  beforeAll(async () => {
    const dir = tempDir('pg-race')
    pg = await startTestPostgres(dir)
    const logs = memoryLogger()
    a = await startServer({ dataDir: path.join(dir, 'a'), port: 0, log: logs.log, postgres: pg.url, enrolPerMinute: 1000 })
    b = await startServer({ dataDir: path.join(dir, 'b'), port: 0, log: () => {}, postgres: pg.url, enrolPerMinute: 1000 })
    sec = await RawDevice.enrol(b.url, logs.joinCode())
    // Every expert assigned to p1, none of their keys registered yet.
    m = await seedMeetingRaw(sec, 'm1', ['p1'], experts, () => true, () => false)
  }, 60_000)

  afterAll(async () => {
    try {
      await a?.close()
      await b?.close()
    } finally {
      pg?.stop()
    }
  })

  it(`leaves none of ${ROUNDS} colliding submissions held`, async () => {
    const origins: string[] = []
    for (const e of m.experts) {
      const dev = await RawDevice.enrol(a.url, (await sec.client().createJoinCode(e.id, 'm1')).code)
      origins.push(dev.origin)
      const submission = sheetTxs(dev, 'm1', 'p1', e, { i1: 7 }, e.key).flat()
      const registration = sec.tx(rowCells('experts', e.id, { key_fingerprint: publicKeyFingerprint(e.key.publicKey) }))
      // Both bodies are ready before either is sent; then they go at once, to different processes.
      const [pushed, registered] = await Promise.all([dev.push(submission), sec.push(registration)])
      expect(pushed.status).toBe(200)
      expect(registered.status).toBe(200)
      expect(registered.body.accepted).toBe(registration.length)
    }
    const rows = await a.store.db.selectFrom('changes').select(['origin', 'status']).where('origin', 'in', origins).execute()
    const held = rows.filter((r) => r.status !== 'applied')
    expect(held).toEqual([])
    expect(new Set(rows.map((r) => r.origin)).size).toBe(ROUNDS)
    // And the secretariat sees every submitted sheet.
    const submitted = (await sec.pullAll()).filter((c) => c.tbl === 'score_sheets' && c.col === 'status' && c.value === '"submitted"')
    expect(submitted).toHaveLength(ROUNDS)
  }, 120_000)
})
