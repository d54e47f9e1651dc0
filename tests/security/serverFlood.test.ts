/**
 * Attack: one device pushes 20,000 one-change transactions in one request. The push completes, and another
 * device's requests are answered while it runs (the server takes a large push in chunks and yields between them).
 * Issue 15 item 5, "a large push never blocks other devices' requests for more than 200 ms": 20,000 changes in sealed
 * units of 4,000 (the largest unit a laptop seals) while another device keeps asking. The server runs in this
 * process; the test asserts the longest stretch of CPU work between two ticks of a 5 ms timer (what held the event
 * loop, independent of the machine's load) and logs the wall-clock figures (event loop delay, the slowest hello),
 * which on a shared 2-core machine follow its load.
 * On PostgreSQL also: the database terminating the server's connections (a restart, failover or idle reaper) does
 * not end the server process; the next requests are answered.
 */
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { naturalId } from '../../shared/domain/ids'
import { sheetRowId } from '../../shared/sync/rowIds'
import { newReplica, openDraft, setScore, submit } from '../kits/sync/replica'
import { syncWith } from '../kits/server/harness'
import { tempDir } from '../helpers/tmp'
import { RawDevice, STORES, rowCells, seedMeetingRaw, sheetTxs, startWorld, type SeededMeeting, type World } from './serverKit'
import { cpuSliceMonitor } from '../kits/server/cpuSlices'

const N = 20_000
const LIMIT_MS = 200

describe.each(STORES)('a 20,000-transaction push (%s store)', (kind) => {
  let w: World
  let sec: RawDevice, d1: RawDevice, d2: RawDevice
  let m: SeededMeeting

  beforeAll(async () => {
    w = await startWorld(kind)
    sec = await RawDevice.enrol(w.server.url, w.joinCode)
    m = await seedMeetingRaw(sec, 'm1', ['p1', 'p2'], ['e1', 'e2'])
    const code = async (author: string) => (await sec.client().createJoinCode(author, 'm1')).code
    d1 = await RawDevice.enrol(w.server.url, await code('e1'))
    d2 = await RawDevice.enrol(w.server.url, await code('e2'))
  }, 120_000)

  afterAll(async () => {
    await w?.stop()
  })

  it('completes, and other devices are answered while it runs', async () => {
    const sheet = sheetRowId('p2', 'e1', 1)
    const changes = Array.from({ length: N }, (_, i) => d1.tx(rowCells('scores', naturalId(sheet, `i${i}`), { value: i % 10 }))).flat()
    let pushDone = false
    const push = d1.push(changes).then((r) => {
      pushDone = true
      return r
    })
    // Another device asks again and again while the push runs: answered in between, seeing it part-way.
    const seenDuring: number[] = []
    for (let i = 0; i < 100_000 && !pushDone; i++) {
      const h = await d2.hello()
      expect(h.status).toBe(200)
      if (!pushDone) seenDuring.push((h.body.vv as Record<string, number>)[d1.origin] ?? 0)
    }
    const r = await push
    expect(r.status).toBe(200)
    expect(r.body.accepted).toBe(N)
    expect((r.body.vv as Record<string, number>)[d1.origin]).toBe(N)
    expect(seenDuring.some((s) => s > 0 && s < N)).toBe(true)
  }, 120_000)

  it('brings an unlocked sheet that sits behind more withheld rows than one pull reads, in one sync run', async () => {
    // e1's 20,000 changes of its p2 sheet come first in its log, then its submitted p1 sheet.
    const [e1, e2] = m.experts as [SeededMeeting['experts'][number], SeededMeeting['experts'][number]]
    for (const tx of sheetTxs(d1, 'm1', 'p1', e1, { i1: 8 }, e1.key)) expect((await d1.push(tx)).body.accepted).toBe(tx.length)
    const replica = await newReplica(tempDir('flood-e2'), 'e2')
    try {
      const client = d2.client()
      expect((await syncWith(replica, client)).ok).toBe(true)
      const f = { meetingId: 'm1', rubricId: 'rubric-shared', projects: ['p1', 'p2'], experts: [e2], items: ['i1'] }
      const own = openDraft(replica, f, 'p1', 'e2') as string
      setScore(replica, own, 'e2', 'i1', 6)
      submit(replica, own, e2, e2.key)
      const report = await syncWith(replica, client)
      expect(report.ok).toBe(true)
      expect(replica.db.sqlite.prepare("SELECT status FROM score_sheets WHERE id = ?").pluck().get(sheetRowId('p1', 'e1', 1))).toBe('submitted')
      expect(replica.db.sqlite.prepare("SELECT COUNT(*) FROM scores WHERE sheet_id = ?").pluck().get(sheetRowId('p2', 'e1', 1))).toBe(0)
    } finally {
      replica.close()
    }
  }, 120_000)

  it(`answers another device within ${LIMIT_MS} ms while 20,000 changes in units of 4,000 are taken`, async () => {
    const sheet = sheetRowId('p2', 'e1', 1)
    const changes = d1.sealed(Array.from({ length: N }, (_, i) => d1.tx(rowCells('scores', naturalId(sheet, `i${i}`), { value: i % 10 }))).flat())
    // The body is made before measuring: the client shares this process with the server.
    const body = JSON.stringify({ changes })
    let pushDone = false
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    // The CPU this process used between two ticks of a 5 ms timer: the longest stretch of work that kept the event loop
    // from other requests. Unlike wall time it does not grow when the machine is loaded and this process waits its turn.
    const slices = cpuSliceMonitor()
    const push = fetch(`${w.server.url}/v1/push`, { method: 'POST', headers: { authorization: `Bearer ${d1.token}`, 'content-type': 'application/json' }, body }).then(async (res) => {
      pushDone = true
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    })
    const waits: number[] = []
    for (let i = 0; i < 100_000 && !pushDone; i++) {
      const t0 = performance.now()
      const h = await d2.hello()
      waits.push(performance.now() - t0)
      expect(h.status).toBe(200)
    }
    const r = await push
    slices.stop()
    const worstCpu = slices.longest()
    loop.disable()
    expect(r.status).toBe(200)
    expect(r.body.accepted).toBe(N)
    const worstLoop = loop.max / 1e6
    const worstHello = Math.max(...waits)
    console.log(`[${kind}] push of ${N}: ${waits.length} hellos meanwhile, slowest ${worstHello.toFixed(0)} ms; event loop delay max ${worstLoop.toFixed(0)} ms; longest work between ticks ${worstCpu.toFixed(0)} ms CPU (load ${os.loadavg()[0]?.toFixed(1)})`)
    expect(waits.length).toBeGreaterThan(10)
    expect(worstCpu).toBeLessThan(LIMIT_MS)
  }, 180_000)

  it.skipIf(kind !== 'pg')('survives the database terminating its connections', async () => {
    expect((await d2.hello()).status).toBe(200)
    const admin = new pg.Client({ connectionString: w.pg?.url })
    await admin.connect()
    try {
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()')
      expect(killed.rowCount).toBeGreaterThan(0)
    } finally {
      await admin.end()
    }
    // The pool reports each lost idle connection; the process goes on and answers with new connections.
    const lost = () => w.logs.some((l) => l.msg === 'database connection lost')
    for (const until = Date.now() + 10_000; !lost() && Date.now() < until; ) await new Promise((resolve) => setImmediate(resolve))
    expect(w.logs.some((l) => l.msg === 'database connection lost')).toBe(true)
    // A request on a connection that died answers 503 with a Chinese message; the next ones are served.
    const answers: { status: number; body: Record<string, unknown> }[] = []
    for (let i = 0; i < 3 && answers[answers.length - 1]?.status !== 200; i++) answers.push(await d2.hello())
    expect(answers[answers.length - 1]?.status).toBe(200)
    for (const a of answers.slice(0, -1)) {
      expect(a.status).toBe(503)
      expect(a.body.error).toMatch(/暂时无法访问其数据库/)
    }
  })
})
