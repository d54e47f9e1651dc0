/**
 * Attacks on the shared folder's tidiness (issue 15, item 8), through the real folder sync (electron/main/sync/folder.ts)
 * on replicas with real files: a damaged package file that no device ever repaired, stray files reported on every
 * run, and temp files of interrupted writes left forever.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BlobStore, sha256Of } from '../../electron/main/blobs/store'
import { syncFolder } from '../../electron/main/sync/folder'
import { newReplica, seedMeeting, type Replica } from '../kits/sync/replica'
import { emptyReport, type SyncReport } from '../../shared/sync/report'
import { tempDir } from '../helpers/tmp'

const dataOf = (r: Replica) => `${r.file}-data`

function run(r: Replica, folder: string, meetingId = 'm1'): SyncReport {
  const report = emptyReport('folder', folder, new Date().toISOString())
  syncFolder(r.db, { folder, meetingId, dataDir: dataOf(r), schemaVersion: 4, now: r.now }, report)
  return report
}

const codes = (r: SyncReport) => r.issues.map((i) => i.code).sort()

function age(file: string, ms: number): void {
  const t = new Date(Date.now() - ms)
  fs.utimesSync(file, t, t)
}

/** A shared folder (with its blobs folder) and a device `a` holding a small meeting. */
async function setup(label: string): Promise<{ dir: string; folder: string; a: Replica }> {
  const dir = tempDir(label)
  const folder = path.join(dir, 'shared')
  fs.mkdirSync(path.join(folder, 'blobs'), { recursive: true })
  const a = await newReplica(dir, 'a')
  seedMeeting(a, 1, 1, 1)
  return { dir, folder, a }
}

describe('folder hygiene', () => {
  it('a damaged blob in the folder is rewritten by the device that holds the good copy, and then reaches the others', async () => {
    const { dir, folder, a } = await setup('sec-blob')
    const b = await newReplica(dir, 'b')
    const bytes = Buffer.from('申报材料'.repeat(10_000))
    const sha = new BlobStore(dataOf(a)).put(bytes)
    expect(run(a, folder).blobsOut).toBe(1)
    const there = path.join(folder, 'blobs', sha)

    // The copy in the folder is damaged (same size, one byte changed).
    const bad = Buffer.from(bytes)
    bad[100] = bad[100]! ^ 0xff
    fs.writeFileSync(there, bad)
    const r1 = run(b, folder)
    expect(r1.blobsIn).toBe(0)
    expect(codes(r1)).toContain('damaged-blob')
    expect(new BlobStore(dataOf(b)).has(sha)).toBe(false)

    const r2 = run(a, folder)
    expect(r2.blobsOut).toBe(1)
    expect(r2.issues.find((i) => i.code === 'blob-repaired')?.message).toBe(`同步文件夹中的附件 ${sha.slice(0, 12)}… 已损坏，本机已用完好的副本重新写出`)
    expect(sha256Of(fs.readFileSync(there))).toBe(sha)
    expect(run(a, folder).blobsOut).toBe(0) // sound now: not written again

    const r3 = run(b, folder)
    expect(r3.blobsIn).toBe(1)
    expect(codes(r3)).not.toContain('damaged-blob')
    expect(sha256Of(fs.readFileSync(new BlobStore(dataOf(b)).path(sha)))).toBe(sha)
    a.close()
    b.close()
  })

  it('stray files (conflicted copy, another meeting, a torn file, a damaged blob) are reported once, and again only when they change', async () => {
    const { dir, folder, a } = await setup('sec-stray')
    const other = await newReplica(dir, 'other')
    const b = await newReplica(dir, 'b')
    run(a, folder)
    run(other, folder, 'm2')
    const aFile = path.join(folder, `${a.origin}.sqlite`)
    const conflicted = path.join(folder, `${a.origin} (冲突副本 2026-12-01).sqlite`)
    fs.copyFileSync(aFile, conflicted)
    const torn = path.join(folder, '01900000-0000-7000-8000-000000000001.sqlite')
    fs.writeFileSync(torn, fs.readFileSync(aFile).subarray(0, 3000))
    fs.writeFileSync(path.join(folder, 'blobs', 'ab'.repeat(32)), 'not what the name says')

    expect(codes(run(b, folder))).toEqual(['conflicted-copy', 'damaged-blob', 'damaged-file', 'other-meeting'])
    const second = run(b, folder)
    expect(second.issues).toEqual([])
    expect(second.ok).toBe(true)

    // The torn file is written again (still torn): reported again. The conflicted copy removed: forgotten, and
    // reported again when one turns up later.
    fs.writeFileSync(torn, fs.readFileSync(aFile).subarray(0, 2000))
    expect(codes(run(b, folder))).toEqual(['damaged-file'])
    fs.rmSync(conflicted)
    expect(run(b, folder).issues).toEqual([])
    fs.copyFileSync(aFile, conflicted)
    expect(codes(run(b, folder))).toEqual(['conflicted-copy'])
    expect(run(b, folder).issues).toEqual([])
    // The memory is per folder: the same files seen through another path of the folder are reported there.
    const alias = path.join(dir, 'alias')
    fs.symlinkSync(folder, alias)
    expect(codes(run(b, alias))).toEqual(['conflicted-copy', 'damaged-blob', 'damaged-file', 'other-meeting'])
    for (const r of [a, other, b]) r.close()
  })

  it('temp files of interrupted writes older than an hour are removed, in the folder and in this device’s sync-tmp', async () => {
    const { folder, a } = await setup('sec-temp')
    const oldLog = path.join(folder, '.01900000-0000-7000-8000-000000000002.sqlite.1a2b3c4d.tmp')
    const freshLog = path.join(folder, '.01900000-0000-7000-8000-000000000003.sqlite.5e6f7a8b.tmp')
    const oldBlob = path.join(folder, 'blobs', `.${'cd'.repeat(32)}.9abc0def.tmp`)
    const notOurs = path.join(folder, 'notes.tmp')
    const tmpDir = path.join(dataOf(a), 'sync-tmp')
    fs.mkdirSync(tmpDir, { recursive: true })
    const leftover = path.join(tmpDir, 'import-0a1b2c3d4e5f.sqlite')
    for (const f of [oldLog, freshLog, oldBlob, notOurs, leftover]) fs.writeFileSync(f, 'partial')
    for (const f of [oldLog, oldBlob, notOurs, leftover]) age(f, 2 * 3600_000)
    age(freshLog, 10 * 60_000)

    const r = run(a, folder)
    expect([oldLog, freshLog, oldBlob, notOurs, leftover].map((f) => fs.existsSync(f))).toEqual([false, true, false, true, false])
    expect(r.issues.find((i) => i.code === 'temp-removed')?.message).toBe('已清理同步文件夹中 2 个中断写入留下的临时文件（超过 1 小时）')
    expect(fs.readdirSync(tmpDir)).toEqual([])
    expect(r.ok).toBe(true)
    a.close()
  })
})
