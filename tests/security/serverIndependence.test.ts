/**
 * Attack: experts with modified clients try to read another expert's scores before their own submission is in
 * (asking for every range of the other expert's log), after a throw-away submission for a project they are not
 * assigned to, or for one they recused from; and to read another expert's document notes at any time. The server
 * must show none of it — only bare stubs — and show the other sheet once the expert's own submission for an
 * assigned, not recused project is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { naturalId } from '../../shared/domain/ids'
import { sheetRowId } from '../../shared/sync/rowIds'
import { RawDevice, STORES, receivedText, rowCells, seedMeetingRaw, sheetTxs, startWorld, type SeededMeeting, type World } from './serverKit'

type Expert = SeededMeeting['experts'][number]

describe.each(STORES)('independence enforced by the sync server (%s store)', (kind) => {
  let w: World
  let sec: RawDevice, d1: RawDevice, d2: RawDevice, d3: RawDevice
  let m: SeededMeeting
  let e1: Expert, e2: Expert, e3: Expert
  const e1Sheet = (p: string) => sheetRowId(p, 'e1', 1)

  async function pushAll(dev: RawDevice, txs: ReturnType<typeof sheetTxs>): Promise<void> {
    for (const tx of txs) {
      const r = await dev.push(tx)
      expect(r.status).toBe(200)
      expect(r.body.accepted).toBe(tx.length)
    }
  }

  /** Everything a modified client can get: all pages, and every range of every origin asked for again. */
  async function everything(dev: RawDevice): Promise<{ text: string; stubs: Record<string, unknown>[] }> {
    const origins = Object.keys((await dev.hello()).body.vv as object)
    const got = await dev.pullAll(origins.map((origin) => ({ origin, from: 1, to: 1_000_000 })))
    return { text: receivedText(got), stubs: got.filter((c) => c.withheld) }
  }

  beforeAll(async () => {
    w = await startWorld(kind)
    sec = await RawDevice.enrol(w.server.url, w.joinCode)
    // e1 and e2 review p1 and p2; e3 reviews p2 only.
    m = await seedMeetingRaw(sec, 'm1', ['p1', 'p2'], ['e1', 'e2', 'e3'], (p, e) => e !== 'e3' || p === 'p2')
    ;[e1, e2, e3] = m.experts as [Expert, Expert, Expert]
    const code = async (author: string) => (await sec.client().createJoinCode(author, 'm1')).code
    d1 = await RawDevice.enrol(w.server.url, await code('e1'))
    d2 = await RawDevice.enrol(w.server.url, await code('e2'))
    d3 = await RawDevice.enrol(w.server.url, await code('e3'))
    // e1 scores and submits both projects, and keeps a note on a document of p1.
    await pushAll(d1, sheetTxs(d1, 'm1', 'p1', e1, { i1: 7, i2: 8 }, e1.key))
    await pushAll(d1, sheetTxs(d1, 'm1', 'p2', e1, { i1: 3, i2: 2 }, e1.key))
    const note = naturalId('note', 'e1', 'n-1')
    await pushAll(d1, [
      d1.tx(rowCells('document_notes', note, { expert_id: 'e1', project_id: 'p1', document_id: 'doc-1', page: 2, text: '第三页投资测算明显偏高', created_at: 'x', updated_at: 'x', deleted: false }))
    ])
  }, 120_000)

  afterAll(async () => {
    await w?.stop()
  })

  it('shows nothing of another expert’s sheet before the expert’s own submission, however it asks', async () => {
    const { text, stubs } = await everything(d2)
    expect(text).not.toContain(e1Sheet('p1'))
    expect(text).not.toContain(e1Sheet('p2'))
    expect(text).not.toContain('"scores"')
    expect(stubs.filter((s) => s.origin === d1.origin).length).toBeGreaterThan(0)
    expect(((await d2.hello()).body.unlocked as string[])).toEqual([])
  })

  it('shows the other sheet of a project once the expert’s own submission for it is accepted — and only that project', async () => {
    await pushAll(d2, sheetTxs(d2, 'm1', 'p1', e2, { i1: 5, i2: 5 }, e2.key))
    expect((await d2.hello()).body.unlocked).toEqual(['p1'])
    const { text } = await everything(d2)
    expect(text).toContain(e1Sheet('p1'))
    expect(text).not.toContain(e1Sheet('p2'))
  })

  it('shows nothing of a project the expert recused from, even after submitting for it', async () => {
    await pushAll(d2, [
      d2.tx(rowCells('declarations', naturalId('declaration', 'p2', 'e2'), { meeting_id: 'm1', project_id: 'p2', expert_id: 'e2', kind: 'recuse', reason: '曾在项目单位任职', declared_at: 'x' }))
    ])
    await pushAll(d2, sheetTxs(d2, 'm1', 'p2', e2, { i1: 1, i2: 1 }, e2.key))
    expect((await d2.hello()).body.unlocked).toEqual(['p1'])
    expect((await everything(d2)).text).not.toContain(e1Sheet('p2'))
  })

  it('shows nothing of a project the expert is not assigned to, even after a throw-away submission for it', async () => {
    await pushAll(d3, sheetTxs(d3, 'm1', 'p1', e3, { i1: 0, i2: 0 }, e3.key))
    expect((await d3.hello()).body.unlocked).toEqual([])
    expect((await everything(d3)).text).not.toContain(e1Sheet('p1'))
    // Its own assigned project unlocks as usual.
    await pushAll(d3, sheetTxs(d3, 'm1', 'p2', e3, { i1: 6, i2: 6 }, e3.key))
    expect((await d3.hello()).body.unlocked).toEqual(['p2'])
    expect((await everything(d3)).text).toContain(e1Sheet('p2'))
  })

  it('never shows another expert’s document notes, whatever was submitted', async () => {
    for (const d of [d2, d3]) {
      const { text } = await everything(d)
      expect(text).not.toContain('document_notes')
      expect(text).not.toContain('投资测算明显偏高')
    }
    // The secretariat and the note's own author have it.
    expect((await everything(sec)).text).toContain('投资测算明显偏高')
    expect((await everything(d1)).text).toContain('投资测算明显偏高')
  })
})
