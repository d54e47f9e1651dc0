/**
 * Attack: a device floods the server — one enormous push, more data than its share, a stream of junk the verdict
 * rejects. The server refuses past each per-device quota with a Chinese message (413/429), keeps what it took
 * before, and relays rejected junk to no expert (only to the secretariat, bounded by the quota). The app's own
 * sync shows the message in its report and still pulls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { naturalId } from '../../shared/domain/ids'
import { sheetRowId } from '../../shared/sync/rowIds'
import { newReplica, seedMeeting, type Replica } from '../kits/sync/replica'
import { syncWith } from '../kits/server/harness'
import { tempDir } from '../helpers/tmp'
import { RawDevice, STORES, receivedText, startWorld, type World } from './serverKit'

const QUOTAS = { changesPerPush: 100, bytesPerDevice: 40_000, rejectedPerDevice: 5 }

describe.each(STORES)('per-device quotas on the sync server (%s store)', (kind) => {
  let w: World
  let sec: RawDevice, d1: RawDevice, d2: RawDevice
  let secReplica: Replica

  beforeAll(async () => {
    w = await startWorld(kind, QUOTAS)
    sec = await RawDevice.enrol(w.server.url, w.joinCode)
    secReplica = await newReplica(tempDir('quota'), 'sec')
    seedMeeting(secReplica, 1, 3, 2)
    expect((await syncWith(secReplica, sec.client())).ok).toBe(true)
    const code = async (author: string) => (await sec.client().createJoinCode(author, 'm1')).code
    d1 = await RawDevice.enrol(w.server.url, await code('e1'))
    d2 = await RawDevice.enrol(w.server.url, await code('e2'))
  }, 120_000)

  afterAll(async () => {
    await w?.stop()
    secReplica?.close()
  })

  it('refuses a push of more changes than allowed at once, taking none of it', async () => {
    const many = d1.tx(Array.from({ length: 101 }, (_, i) => ({ tbl: 'expert_signatures', rowId: naturalId('signature', 'e1'), col: 'updated_at', value: `t${i}` })))
    const r = await d1.push(many)
    expect(r.status).toBe(413)
    expect(r.body.error).toMatch(/一次推送的修改过多（101 条，上限 100 条）/)
    expect(((await d1.hello()).body.vv as Record<string, number>)[d1.origin]).toBeUndefined()
  })

  it('keeps a bounded number of rejected changes per device, relays them to no expert, and then refuses with 429', async () => {
    // e1's device (a new origin of it) writes into e2's sheet: every replica rejects that.
    const fresh = new RawDevice(d1.url, d1.token, d1.author)
    const statuses: number[] = []
    let last: Record<string, unknown> = {}
    const txs = Array.from({ length: 6 }, (_, i) => fresh.tx([{ tbl: 'scores', rowId: naturalId(sheetRowId('p1', 'e2', 1), `i${i}`), col: 'value', value: 100 + i }]))
    for (const tx of [...txs, txs[5] as (typeof txs)[number]]) {
      const r = await fresh.push(tx)
      statuses.push(r.status)
      last = r.body
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
    expect(last.error).toMatch(/被拒绝的修改已达上限（5 条）/)
    expect(((await fresh.hello()).body.vv as Record<string, number>)[fresh.origin]).toBe(5)
    // Another expert gets only stubs of the junk; the secretariat gets the five, to see who and why.
    const other = await d2.pullAll()
    expect(receivedText(other)).not.toContain('"scores"')
    expect(other.filter((c) => c.origin === fresh.origin).every((c) => c.withheld)).toBe(true)
    expect(other.filter((c) => c.origin === fresh.origin)).toHaveLength(5)
    expect((await sec.pullAll()).filter((c) => c.origin === fresh.origin && !c.withheld)).toHaveLength(5)
  })

  it('stops at the bytes a device may store, keeping what came before, and the app reports it in Chinese', async () => {
    const e2 = await newReplica(tempDir('quota-e2'), 'e2')
    try {
      const client = d2.client()
      expect((await syncWith(e2, client)).ok).toBe(true)
      const sign = (i: number) =>
        e2.write('e2', (wr) => wr.write('expert_signatures', naturalId('signature', 'e2'), { expert_id: 'e2', image: `data:image/png;base64,${'A'.repeat(4000)}${i}`, updated_at: `t${i}`, deleted: false }))
      // A first batch fits (consecutive edits of one kind travel as one signed unit, taken whole or not at all).
      for (let i = 0; i < 4; i++) sign(i)
      expect((await syncWith(e2, client)).ok).toBe(true)
      for (let i = 4; i < 12; i++) sign(i)
      const report = await syncWith(e2, client)
      expect(report.ok).toBe(false)
      const issue = report.issues.find((x) => x.code === 'quota')
      expect(issue?.message).toMatch(/同步服务器未接收本机的全部修改：本设备在同步服务器上保存的修改已达上限（39 KB）/)
      const taken = ((await d2.hello()).body.vv as Record<string, number>)[e2.origin] ?? 0
      expect(taken).toBeGreaterThan(0)
      expect(taken).toBeLessThan(e2.db.sqlite.prepare('SELECT MAX(seq) AS n FROM change_log WHERE origin = ?').pluck().get(e2.origin) as number)
      // It still received what the others wrote.
      expect(e2.db.sqlite.prepare("SELECT name FROM projects WHERE id = 'p1'").pluck().get()).toBe('项目1')
    } finally {
      e2.close()
    }
  })
})
