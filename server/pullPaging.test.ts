/**
 * Pull never stops short (issue 16): with small pages, every page that says "nothing more" leaves the device at
 * the server's version vector, and one sync run brings both new changes and every re-sent (unlocked) sheet, however
 * many pages that takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/tmp'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { vvCovers } from '../shared/sync/vv'
import { readVv } from '../electron/main/sync/log'
import { SEC, newKey, newReplica, openDraft, setScore, seedMeeting, submit, type MeetingFixture, type Replica } from '../tests/kits/sync/replica'
import type { SyncServerClient } from '../electron/main/sync/serverClient'
import { startServer, type RunningServer } from './main'
import { enrolled, memoryLogger, syncWith } from '../tests/kits/server/harness'

const PAGE = 4096

describe('pull paging', () => {
  let server: RunningServer
  let sec: Replica, e1: Replica, e2: Replica, e3: Replica
  let c: Record<string, SyncServerClient>
  let f: MeetingFixture
  const keys = { e1: newKey(), e2: newKey(), e3: newKey() }

  beforeAll(async () => {
    const dir = tempDir('paging')
    const logs = memoryLogger()
    server = await startServer({ dataDir: dir, port: 0, log: logs.log, enrolPerMinute: 50 })
    sec = await newReplica(dir, 'sec')
    ;[e1, e2, e3] = [await newReplica(dir, 'e1'), await newReplica(dir, 'e2'), await newReplica(dir, 'e3')]
    f = seedMeeting(sec, 2, 3, 40)
    sec.write(SEC, (w) => {
      for (const [id, k] of Object.entries(keys)) w.write('experts', id, { key_fingerprint: publicKeyFingerprint(k.publicKey) })
    })
    const secClient = await enrolled(server.url, logs.joinCode(), 'secretariat', sec)
    c = { sec: secClient }
    for (const e of ['e1', 'e2', 'e3']) c[e] = await enrolled(server.url, (await secClient.createJoinCode(e, 'm1')).code)
    await syncWith(sec, secClient)
  })

  afterAll(async () => {
    await server.close()
    for (const r of [sec, e1, e2, e3]) r?.close()
  })

  function review(r: Replica, expert: string, project: string): void {
    const s = openDraft(r, f, project, expert) as string
    for (const item of f.items) setScore(r, s, expert, item, 5)
    submit(r, s, { id: expert, name: expert }, keys[expert as keyof typeof keys])
  }

  it('brings a device up to date in one run of small pages, re-sent sheets and new changes alike', async () => {
    for (const [r, e] of [[e1, 'e1'], [e3, 'e3']] as const) {
      await syncWith(r, c[e] as SyncServerClient)
      for (const p of f.projects) review(r, e, p)
      await syncWith(r, c[e] as SyncServerClient)
    }
    await syncWith(e2, c.e2 as SyncServerClient, PAGE)
    const withheld = () => e2.db.sqlite.prepare("SELECT COUNT(*) FROM change_log WHERE status = 'withheld'").pluck().get() as number
    expect(withheld()).toBeGreaterThan(0)
    // e2 submits p1 while e1 writes more: one run must bring both the unlocked sheets and the new changes.
    review(e2, 'e2', 'p1')
    e1.write('e1', (w) => w.write('expert_signatures', 'signature|e1', { expert_id: 'e1', image: 'x'.repeat(3000), updated_at: 'now', deleted: false }))
    await syncWith(e1, c.e1 as SyncServerClient)
    const report = await syncWith(e2, c.e2 as SyncServerClient, PAGE)
    expect(report.ok).toBe(true)
    const serverVv = (await (c.e2 as SyncServerClient).hello(4, {})).vv
    expect(vvCovers(readVv(e2.db), serverVv)).toBe(true)
    expect(e2.db.sqlite.prepare("SELECT COUNT(*) FROM score_sheets WHERE project_id = 'p1' AND status = 'submitted'").pluck().get()).toBe(3)
    expect(e2.db.sqlite.prepare("SELECT COUNT(*) FROM scores s JOIN score_sheets h ON h.id = s.sheet_id WHERE h.project_id = 'p1'").pluck().get()).toBe(3 * f.items.length)
    expect(e2.db.sqlite.prepare("SELECT COUNT(*) FROM score_sheets WHERE project_id = 'p2' AND expert_id <> 'e2'").pluck().get()).toBe(0)
    expect(e2.db.sqlite.prepare("SELECT COUNT(*) FROM expert_signatures WHERE expert_id = 'e1'").pluck().get()).toBe(1)
  })

  it('never says "nothing more" while the device lacks changes, whatever its version vector', async () => {
    const client = c.e2 as SyncServerClient
    const serverVv = (await client.hello(4, {})).vv
    const origins = Object.keys(serverVv)
    // Start from a vv that is current on some origins and behind on others.
    for (let skip = 0; skip < origins.length; skip++) {
      let vv: Record<string, number> = Object.fromEntries(origins.map((o, i) => [o, i === skip ? 0 : (serverVv[o] as number)]))
      for (let i = 0; i < 10_000; i++) {
        const page = await client.pull(vv, 1024)
        vv = page.vvAfter
        if (!page.hasMore) break
      }
      expect(vvCovers(vv, serverVv)).toBe(true)
    }
  })
})
