/**
 * Attack: an expert enrolled for one meeting pulls everything the server has (every page, every refetch range it
 * can name, every blob) with a modified client. It must receive nothing of another meeting — no expert list, no
 * phone numbers, no packages or their files — and the stubs it gets carry only origin, seq, tx and txEnd.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawDevice, STORES, packageWithBlob, receivedText, seedMeetingRaw, sheetTxs, startWorld, type SeededMeeting, type World } from './serverKit'

describe.each(STORES)('meeting scope on the sync server (%s store)', (kind) => {
  let w: World
  let sec: RawDevice, x1: RawDevice, x2: RawDevice, y1: RawDevice
  let a: SeededMeeting, b: SeededMeeting
  let blobA: string, blobA2: string, blobB: string

  beforeAll(async () => {
    w = await startWorld(kind)
    sec = await RawDevice.enrol(w.server.url, w.joinCode)
    a = await seedMeetingRaw(sec, 'mA', ['pA1', 'pA2'], ['ea1', 'ea2'])
    b = await seedMeetingRaw(sec, 'mB', ['pB1'], ['eb1'])
    blobA = await packageWithBlob(sec, 'pA1', '会议A的项目材料')
    blobB = await packageWithBlob(sec, 'pB1', '会议B的项目材料：机密')
    blobA2 = await packageWithBlob(sec, 'pA2', '会议A的第二个项目（文件行写在包之前）', true)
    const code = async (author: string, meetingId: string) => (await sec.client().createJoinCode(author, meetingId)).code
    x1 = await RawDevice.enrol(w.server.url, await code('ea1', 'mA'))
    x2 = await RawDevice.enrol(w.server.url, await code('ea2', 'mA'))
    y1 = await RawDevice.enrol(w.server.url, await code('eb1', 'mB'))
    // An expert of meeting B works on its project (a draft): meeting A's experts must not even learn of that device.
    for (const tx of sheetTxs(y1, 'mB', 'pB1', b.experts[0] as SeededMeeting['experts'][number], { i1: 9 })) expect((await y1.push(tx)).status).toBe(200)
    // An expert of meeting A keeps a draft too (seen as stubs by the other expert of A).
    for (const tx of sheetTxs(x2, 'mA', 'pA1', a.experts[1] as SeededMeeting['experts'][number], { i1: 4 })) expect((await x2.push(tx)).status).toBe(200)
  }, 120_000)

  afterAll(async () => {
    await w?.stop()
  })

  it('gives an expert its own meeting only: no other meeting’s rows, phone numbers, packages or origins', async () => {
    const got = await x1.pullAll()
    const text = receivedText(got)
    // Its own meeting arrives.
    expect(text).toContain('"pA1"')
    expect(text).toContain((a.experts[0] as SeededMeeting['experts'][number]).phone)
    // Nothing of meeting B: its id, its project, its expert's phone, its package.
    expect(text).not.toContain('mB')
    expect(text).not.toContain('pB1')
    expect(text).not.toContain((b.experts[0] as SeededMeeting['experts'][number]).phone)
    expect(text).not.toContain(blobB)
    // The other meeting's expert device is not even an origin this device learns of.
    const origins = new Set(got.map((c) => c.origin))
    expect(origins.has(y1.origin)).toBe(false)
    const hello = await x1.hello()
    expect(Object.keys(hello.body.vv as object)).not.toContain(y1.origin)
    expect(Object.keys(hello.body.vv as object)).toContain(sec.origin)
  })

  it('does not hand out another meeting’s changes when a modified client asks for them by range', async () => {
    const got = await x1.pullAll([{ origin: sec.origin, from: 1, to: 1_000_000 }, { origin: y1.origin, from: 1, to: 1_000_000 }])
    const text = receivedText(got)
    expect(text).not.toContain('pB1')
    expect(text).not.toContain((b.experts[0] as SeededMeeting['experts'][number]).phone)
    expect(got.some((c) => c.origin === y1.origin)).toBe(false)
  })

  it('lists and serves only the blobs of the device’s own meeting’s packages', async () => {
    const list = await x1.get('/v1/blobs')
    const digests = (JSON.parse(list.bytes.toString('utf8')) as { digests: string[] }).digests
    expect(digests).toEqual([blobA, blobA2].sort())
    expect((await x1.get(`/v1/blobs/${blobA}`)).status).toBe(200)
    const other = await x1.get(`/v1/blobs/${blobB}`)
    expect(other.status).toBe(404)
    expect(other.bytes.toString('utf8')).not.toContain('机密')
    // The meeting B expert gets meeting B's file, and the secretariat both.
    expect((await y1.get(`/v1/blobs/${blobB}`)).status).toBe(200)
    expect((await y1.get(`/v1/blobs/${blobA}`)).status).toBe(404)
    expect((JSON.parse((await sec.get('/v1/blobs')).bytes.toString('utf8')) as { digests: string[] }).digests.sort()).toEqual([blobA, blobA2, blobB].sort())
  })

  it('sends withheld placeholders with nothing but origin, seq, tx, txEnd', async () => {
    const stubs = (await x1.pullAll()).filter((c) => c.withheld)
    expect(stubs.length).toBeGreaterThan(0) // the other expert's draft of pA1, before this expert submitted
    expect(stubs.some((c) => c.origin === x2.origin)).toBe(true)
    for (const s of stubs) expect(Object.keys(s).sort()).toEqual(['origin', 'seq', 'tx', 'txEnd', 'withheld'])
  })

  it('refuses an expert join code that names no meeting', async () => {
    const r = await sec.post('/v1/join-codes', { author: 'ea1' })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatch(/指定会议/)
  })
})
