/** The shared-folder transport through the backend's API: two devices, one folder, and the files that must be harmless. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { tempDir } from '../../../tests/helpers/tmp'
import { readDevice } from '../db/device'
import type { Backend } from '../backend'

async function runSync(b: Backend) {
  // The API returns at once; the run goes on in the background.
  const s = await b.handlers['sync.now']({})
  expect(s.running).toBe(true)
  for (let i = 0; i < 200 && (await b.handlers['sync.status']({})).running; i++) await new Promise((r) => setTimeout(r, 20))
  return (await b.handlers['sync.status']({})).last
}

describe('folder sync through the backend', () => {
  it('brings one device’s meeting to another, and reports damaged, foreign and conflicted files in Chinese', async () => {
    const folder = tempDir('shared-folder')
    const a = await testBackend()
    const b = await testBackend({ seedDemo: false })
    // The secretariat's laptop makes its key; the other laptop pins it (read aloud at check-in).
    const trust = await a.handlers['trust.createSecretariatKey']({ pin: '135790', pinConfirm: '135790' })
    await b.handlers['trust.pinSecretariat']({ fingerprint: trust.secretariatKey?.grouped ?? '' })
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId: 'meeting-1' })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId: 'meeting-1' })
    await a.handlers['meetings.create']({ name: '第五批评审会', date: '2026-12-08', place: '三明', organiser: '市数据管理局' })
    const r1 = await runSync(a)
    expect(r1?.sent).toBeGreaterThan(0)
    const r2 = await runSync(b)
    expect(r2?.received).toBeGreaterThan(0)
    // Everything but a's own sample meeting (which never leaves a) reached b.
    const real = (list: { isDemo: boolean }[]) => list.filter((m) => !m.isDemo)
    expect(real(await b.handlers['meetings.list']({}))).toEqual(real(await a.handlers['meetings.list']({})))

    // A cloud client's conflicted copy, a torn file, and a file of another meeting: reported, nothing applied.
    const aFile = path.join(folder, `${readDevice(a.db()).origin}.sqlite`)
    fs.copyFileSync(aFile, path.join(folder, `${readDevice(a.db()).origin} (冲突副本 2026-12-01).sqlite`))
    const torn = path.join(folder, '01900000-0000-7000-8000-000000000001.sqlite')
    fs.writeFileSync(torn, fs.readFileSync(aFile).subarray(0, 3000))
    const c = await testBackend()
    await c.handlers['trust.createSecretariatKey']({ pin: '135790', pinConfirm: '135790' })
    await c.handlers['sync.configure']({ kind: 'folder', folder, meetingId: 'another-meeting' })
    const r3 = await runSync(b)
    const messages = (r3?.issues ?? []).map((i) => i.message).join('\n')
    expect(messages).toMatch(/冲突副本.*已忽略/)
    expect(messages).toMatch(/不完整或已损坏/)
    await runSync(c) // writes its file, labelled with another meeting
    const r4 = await runSync(b)
    expect((r4?.issues ?? []).map((i) => i.message).join('\n')).toMatch(/来自另一个会议/)
    expect((await b.handlers['sync.status']({})).history.map((h) => h.status)).toEqual(['ok', 'ok', 'ok'])
  })

  it('counts the changes this device has not yet sent, and how long ago the last good run ended', async () => {
    const folder = tempDir('shared-folder-unsent')
    const a = await testBackend()
    // The demo meeting is this laptop's own (never sent); a real meeting is.
    expect((await a.handlers['sync.status']({})).unsent).toBe(0)
    await a.handlers['meetings.create']({ name: '第五批评审会', date: '2026-12-08', place: '', organiser: '' })
    const before = await a.handlers['sync.status']({})
    expect(before.lastOkAt).toBeNull()
    // Never synced: every edit this device made is unsent.
    const local = (a.db().sqlite.prepare('SELECT count(DISTINCT tx) AS n FROM change_log WHERE origin = ?').get(readDevice(a.db()).origin) as { n: number }).n
    expect(local).toBeGreaterThan(0)
    expect(before.unsent).toBe(local)
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId: 'meeting-1' })
    // Without the secretariat's key nothing can be signed: nothing goes out, the count stays, the report says why.
    const unsigned = await runSync(a)
    expect(unsigned?.sent).toBe(0)
    expect(unsigned?.issues.map((i) => i.message).join('\n')).toMatch(/没有秘书处的同步签名密钥/)
    expect((await a.handlers['sync.status']({})).unsent).toBe(local)
    await a.handlers['trust.createSecretariatKey']({ pin: '135790', pinConfirm: '135790' })
    await runSync(a)
    const after = await a.handlers['sync.status']({})
    expect(after.unsent).toBe(0)
    expect(after.lastOkAt).toBe(after.last?.finishedAt)
    // A new meeting made here: its changes wait for the next run, which sends them.
    await a.handlers['meetings.create']({ name: '新会议', date: '2026-12-01', place: '', organiser: '' })
    // One edit (a transaction of several field changes) counts once.
    expect((await a.handlers['sync.status']({})).unsent).toBe(1)
    expect((await runSync(a))?.sent).toBeGreaterThan(1)
    expect((await a.handlers['sync.status']({})).unsent).toBe(0)
    // A failed run (the folder is gone) leaves the count as it was.
    await a.handlers['meetings.create']({ name: '又一个会议', date: '2026-12-02', place: '', organiser: '' })
    const waiting = (await a.handlers['sync.status']({})).unsent
    fs.rmSync(folder, { recursive: true, force: true })
    fs.writeFileSync(folder, 'not a folder')
    const failed = await runSync(a)
    expect(failed?.ok).toBe(false)
    expect((await a.handlers['sync.status']({})).unsent).toBe(waiting)
  })
})
